import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AssetsService } from '../assets.service';
import { CsrfService } from '../csrf.service';
import { pageContext } from '../web-context';
import { WorkspacePagesService } from '../workspace-pages.service';
import { CsrfRefused, SignInRequired } from './page-guards';
import { sendPage } from './send-page';

/** What the page guards refuse, answered as a person expects: a sign-in redirect, or the CSRF refusal page. */
@Catch(SignInRequired, CsrfRefused)
export class PageRefusalsFilter implements ExceptionFilter {
  constructor(
    private readonly workspace: WorkspacePagesService,
    private readonly assets: AssetsService,
    private readonly csrf: CsrfService,
  ) {}

  catch(refusal: SignInRequired | CsrfRefused, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    // A refused upload's body is drained, so the client reads the answer instead of a reset connection.
    req.resume();
    if (refusal instanceof SignInRequired) return res.redirect(303, `/${refusal.lang}/login${refusal.next ? `?next=${encodeURIComponent(refusal.next)}` : ''}`);
    sendPage(res, this.workspace.csrfRefused(pageContext(req, this.assets, this.csrf.tokenFor(req, res), refusal.lang)));
  }
}
