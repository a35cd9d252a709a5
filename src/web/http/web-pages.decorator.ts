import { applyDecorators, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { BrowserPages } from '../../accounts/auth.decorators';
import { CsrfGuard, PageAccessGuard } from './page-guards';
import { PageInterceptor } from './page.interceptor';
import { PageRefusalsFilter } from './page-refusals.filter';

/**
 * A controller of web pages: @SignedIn / @RequireRole answered as pages (PageAccessGuard), a CSRF check
 * on every state-changing route unless it opts out (CsrfGuard, after access), refusals as pages, and
 * the pages or redirects its handlers return rendered and sent (PageInterceptor).
 */
export const WebPages = () => applyDecorators(BrowserPages(), UseGuards(PageAccessGuard, CsrfGuard), UseFilters(PageRefusalsFilter), UseInterceptors(PageInterceptor));
