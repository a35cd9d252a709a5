import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { Html } from '../html';
import type { RenderedPage } from '../web-pages.service';
import { setPageHeaders } from './send-page';

/** What a page handler returns: a page to show, or where to go next (303 unless said otherwise, e.g. after a form post). */
export type PageOutcome = RenderedPage | { redirect: string; status?: 301 | 302 | 303 };

function isPageOutcome(value: unknown): value is PageOutcome {
  return typeof value === 'object' && value !== null && ((value as RenderedPage).body instanceof Html || typeof (value as { redirect?: unknown }).redirect === 'string');
}

/**
 * Renders what page handlers return (no @Res() in them): a page with its status and cache headers, Nest
 * sending its HTML; a redirect (303 See Other by default). Other values (handlers that answer with the raw response:
 * files, JSON, cookies) pass through untouched.
 */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((outcome: unknown) => {
        if (!isPageOutcome(outcome)) return outcome;
        if ('redirect' in outcome) {
          // Express's own redirect (Location, its short body); Nest's reply of nothing after it ends nothing more.
          res.redirect(outcome.status ?? 303, outcome.redirect);
          return undefined;
        }
        setPageHeaders(res, outcome);
        return outcome.body.value;
      }),
    );
  }
}
