import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AssetsService } from './assets.service';
import { CsrfService } from './csrf.service';
import { isPagePath, pageContext } from './web-context';
import { sendPage } from './http/send-page';
import { WebPagesService } from './web-pages.service';

/**
 * Error answers of page paths as HTML in the visitor's language (404 for unknown paths and missing or
 * unpublished records, 429 over the rate limit, 500 for the unexpected); API paths keep their JSON. Used by the HTTP error filter.
 */
@Injectable()
export class WebErrorPages {
  private readonly logger = new Logger('Web');

  constructor(
    private readonly pages: WebPagesService,
    private readonly assets: AssetsService,
    private readonly csrf: CsrfService,
  ) {}

  /** Answers with a page and returns true when `req` is for a page; false leaves it to the JSON answer. */
  render(req: Request, res: Response, status: number, retryAfterSeconds?: number): boolean {
    if (!isPagePath(req.path) || res.headersSent) return false;
    try {
      const ctx = pageContext(req, this.assets, this.csrf.sessionToken(req));
      const page = status === 404 ? this.pages.notFound(ctx) : status === 429 ? this.pages.tooManyRequests(ctx, retryAfterSeconds ?? 60) : { ...this.pages.error(ctx), status };
      sendPage(res, page);
      return true;
    } catch (error) {
      this.logger.error(`Could not render the error page: ${(error as Error).message}`);
      return false;
    }
  }
}
