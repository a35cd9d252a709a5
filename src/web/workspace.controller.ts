import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllowAnonymous } from '../accounts/auth.decorators';
import { BROWSER_SESSION_COOKIE } from '../accounts/auth.middleware';
import { currentActor, currentScope } from '../accounts/actor';
import { AssetsService } from './assets.service';
import { CsrfService } from './csrf.service';
import { isLang } from './i18n/i18n';
import { PageContext } from './views/layout';
import { pageContext } from './web-context';
import { sendPage } from './web.controller';
import { RenderedPage, WebPagesService } from './web-pages.service';
import { WorkspacePagesService } from './workspace-pages.service';

/**
 * Signing in and out in the browser, and the workspace. Thin: the checks are the account service's
 * (the same as the `login` mutation's), the CSRF token the CsrfService's.
 */
@Controller()
export class WorkspaceController {
  constructor(
    private readonly workspace: WorkspacePagesService,
    private readonly pages: WebPagesService,
    private readonly assets: AssetsService,
    private readonly csrf: CsrfService,
  ) {}

  @Get(':lang/login')
  login(@Req() req: Request, @Res() res: Response, @Query('next') next?: string, @Query('signedOut') signedOut?: string): void {
    const ctx = this.formContext(req, res);
    if (!ctx) return sendPage(res, this.pages.notFound(pageContext(req, this.assets, '')));
    if (currentActor()) return res.redirect(303, `/${ctx.lang}/workspace`);
    sendPage(res, this.workspace.loginForm(ctx, next, signedOut ? this.workspace.signedOutNotice(ctx) : null));
  }

  @Post(':lang/login')
  @AllowAnonymous()
  async signIn(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    const ctx = this.formContext(req, res);
    if (!ctx) return sendPage(res, this.pages.notFound(pageContext(req, this.assets, '')));
    if (!this.csrf.verify(req)) return sendPage(res, this.workspace.csrfRefused(ctx));
    const outcome = await this.workspace.signIn(ctx, form ?? {});
    if ('body' in outcome) return sendPage(res, outcome);
    res.cookie(BROWSER_SESSION_COOKIE, outcome.token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    res.redirect(303, outcome.redirect);
  }

  @Post(':lang/logout')
  @AllowAnonymous()
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.formContext(req, res);
    if (!ctx) return sendPage(res, this.pages.notFound(pageContext(req, this.assets, '')));
    const session = currentScope()?.webSessionId;
    if (session && !this.csrf.verify(req)) return sendPage(res, this.workspace.csrfRefused(ctx));
    if (session) await this.workspace.signOut(session);
    res.clearCookie(BROWSER_SESSION_COOKIE, { path: '/' });
    res.redirect(303, `/${ctx.lang}/login?signedOut=1`);
  }

  @Get(':lang/workspace')
  async myWork(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.signedIn(req, res, (ctx) => this.workspace.myWork(ctx));
  }

  /** The page context with this request's form token; null for an unknown language prefix. */
  private formContext(req: Request, res: Response): PageContext | null {
    return isLang(req.path.split('/')[1]) ? pageContext(req, this.assets, this.csrf.tokenFor(req, res)) : null;
  }

  /** Workspace pages: an anonymous visitor goes (303) to the sign-in page, and comes back afterwards. */
  private async signedIn(req: Request, res: Response, render: (ctx: PageContext) => Promise<RenderedPage>): Promise<void> {
    const ctx = pageContext(req, this.assets, this.csrf.sessionToken());
    if (!isLang(req.path.split('/')[1])) return sendPage(res, this.pages.notFound(ctx));
    if (!currentActor()) return res.redirect(303, `/${ctx.lang}/login?next=${encodeURIComponent(req.originalUrl)}`);
    sendPage(res, await render(ctx));
  }
}
