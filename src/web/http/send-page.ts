import type { Response } from 'express';
import type { RenderedPage } from '../web-pages.service';

/** HTML pages are never cached by shared caches (a signed-in curator may see drafts in the same URL). */
export function sendPage(res: Response, page: RenderedPage): void {
  res
    .status(page.status)
    .type('html')
    .setHeader('Cache-Control', page.noStore ? 'no-store' : 'no-cache, private')
    .send(page.body.value);
}
