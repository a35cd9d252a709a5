import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { BrowserPages } from '../../accounts/auth.decorators';
import { CsrfGuard, PageAccessGuard } from './page-guards';
import { PageRefusalsFilter } from './page-refusals.filter';

/**
 * A controller of web pages: @SignedIn / @RequireRole answered as pages (PageAccessGuard), a CSRF check
 * on every state-changing route unless it opts out (CsrfGuard, after access), refusals as pages.
 */
export const WebPages = () => applyDecorators(BrowserPages(), UseGuards(PageAccessGuard, CsrfGuard), UseFilters(PageRefusalsFilter));
