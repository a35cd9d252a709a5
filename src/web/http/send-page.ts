import type { Response } from 'express';
import type { RenderedPage } from '../web-pages.service';

/** A page's status and headers: HTML pages are never cached by shared caches (a signed-in curator may see drafts in the same URL). */
export function setPageHeaders(res: Response, page: RenderedPage): void {
  res
    .status(page.status)
    .type('html')
    .setHeader('Cache-Control', page.noStore ? 'no-store' : 'no-cache, private');
}

/** Sends a page where no handler returns one (error pages, guard refusals). */
export function sendPage(res: Response, page: RenderedPage): void {
  setPageHeaders(res, page);
  res.send(page.body.value);
}
