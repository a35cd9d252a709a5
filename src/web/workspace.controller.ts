import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireRole, SignedIn } from '../accounts/auth.decorators';
import { browserSessionCookieName, browserSessionCookieOptions, requestContextOf, servedOverHttps } from '../accounts/auth.middleware';
import { Role } from '../accounts/actor';
import { AccountPagesService } from './account-pages.service';
import { ReviewPagesService } from './review-pages.service';
import { AssetsService } from './assets.service';
import { CsrfService } from './csrf.service';
import { Lang } from './i18n/i18n';
import { LangPipe } from './http/lang.pipe';
import { CsrfTokenInQuery, SkipCsrf } from './http/page-guards';
import { PageOutcome } from './http/page.interceptor';
import { WebPages } from './http/web-pages.decorator';
import { PageContext } from './views/layout';
import { pageContext } from './web-context';
import { RenderedPage, WebPagesService } from './web-pages.service';
import { WorkspacePagesService } from './workspace-pages.service';
import { ImportPagesService } from './import-pages.service';
import { Outcome, RecordWorkspaceService } from './record-workspace.service';
import { definitionOfPagePath } from '../catalogue/record-definitions';
import { RecordType } from '../catalogue/enums';

/** The record type of a workspace path segment (plans, practices, tools, places). */
function typeOf(section: string): RecordType | undefined {
  return definitionOfPagePath(section)?.type;
}

/**
 * Signing in and out in the browser, and the workspace. Thin: the checks are the account service's
 * (the same as the `login` mutation's); who may see a page is its @SignedIn / @RequireRole, and every
 * form post's CSRF token is checked by the CsrfGuard (@WebPages) before the handler runs.
 */
@Controller()
@WebPages()
export class WorkspaceController {
  constructor(
    private readonly workspace: WorkspacePagesService,
    private readonly records: RecordWorkspaceService,
    private readonly pages: WebPagesService,
    private readonly assets: AssetsService,
    private readonly csrf: CsrfService,
    private readonly review: ReviewPagesService,
    private readonly accountPages: AccountPagesService,
    private readonly importPages: ImportPagesService,
  ) {}

  // These three set or clear cookies on the response; the page or redirect they return is still rendered by the interceptor.

  @Get(':lang/login')
  login(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('lang', LangPipe) lang: Lang,
    @Query('next') next?: string,
    @Query('signedOut') signedOut?: string,
  ): PageOutcome {
    const ctx = this.formContext(req, res, lang);
    if (requestContextOf(req).actor) return { redirect: `/${ctx.lang}/workspace` };
    return this.workspace.loginForm(ctx, next, signedOut ? this.workspace.signedOutNotice(ctx) : null);
  }

  @Post(':lang/login')
  async signIn(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('lang', LangPipe) lang: Lang, @Body() form: Record<string, unknown>): Promise<PageOutcome> {
    const ctx = this.formContext(req, res, lang);
    const outcome = await this.workspace.signIn(ctx, form ?? {});
    if ('body' in outcome) return outcome;
    res.cookie(browserSessionCookieName(req), outcome.token, browserSessionCookieOptions(req));
    return { redirect: outcome.redirect };
  }

  @Post(':lang/logout')
  @SkipCsrf('only a session can be ended: checked here when there is one; without one there is nothing to forge')
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    const ctx = this.formContext(req, res, lang);
    const session = requestContextOf(req).details.webSessionId;
    if (session && !this.csrf.verify(req)) return this.workspace.csrfRefused(ctx);
    if (session) await this.workspace.signOut(ctx, session);
    res.clearCookie(browserSessionCookieName(req), { path: '/', secure: servedOverHttps(req) });
    return { redirect: `/${ctx.lang}/login?signedOut=1` };
  }

  @Get(':lang/workspace')
  @SignedIn()
  async myWork(@Req() req: Request, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.workspace.myWork(ctx));
  }

  // Fixed paths first: Express matches routes in the order they are declared, and `:section/…` would take them.

  @Get(':lang/workspace/review')
  @RequireRole(Role.EDITOR)
  async reviewQueue(@Req() req: Request, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.review.reviewQueue(ctx));
  }

  @Get(':lang/workspace/users')
  @RequireRole(Role.ADMIN)
  async users(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Query() query: Record<string, unknown>): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.accountPages.users(ctx, { notice: query.created ? ctx.t.t('users.created') : query.saved ? ctx.t.t('ws.saved') : null }));
  }

  @Post(':lang/workspace/users')
  @RequireRole(Role.ADMIN)
  async createUser(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Body() form: Record<string, unknown>): Promise<PageOutcome> {
    return this.posted(req, lang, (ctx) => this.accountPages.createUser(ctx, form ?? {}));
  }

  @Post(':lang/workspace/users/:id/password')
  @RequireRole(Role.ADMIN)
  async setPassword(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('id') id: string, @Body() form: Record<string, unknown>): Promise<PageOutcome> {
    return this.posted(req, lang, (ctx) => this.accountPages.updateUser(ctx, id, form ?? {}, 'password'));
  }

  @Post(':lang/workspace/users/:id')
  @RequireRole(Role.ADMIN)
  async updateUser(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('id') id: string, @Body() form: Record<string, unknown>): Promise<PageOutcome> {
    return this.posted(req, lang, (ctx) => this.accountPages.updateUser(ctx, id, form ?? {}, 'access'));
  }

  @Get(':lang/workspace/tokens')
  @SignedIn()
  async tokens(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Query() query: Record<string, unknown>): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.accountPages.tokens(ctx, { notice: query.revoked ? ctx.t.t('tokens.revoked') : null }));
  }

  @Post(':lang/workspace/tokens')
  @SignedIn()
  async createToken(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Body() form: Record<string, unknown>): Promise<PageOutcome> {
    return this.posted(req, lang, (ctx) => this.accountPages.createToken(ctx, form ?? {}));
  }

  @Post(':lang/workspace/tokens/revoke')
  @SignedIn()
  async revokeToken(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Body() form: Record<string, unknown>): Promise<PageOutcome> {
    return this.posted(req, lang, (ctx) => this.accountPages.revokeToken(ctx, form ?? {}));
  }

  @Get(':lang/workspace/import')
  @SignedIn()
  async importForm(@Req() req: Request, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    return this.page(req, lang, async (ctx) => this.importPages.form(ctx) ?? this.pages.notFound(ctx));
  }

  @Post(':lang/workspace/import')
  @SignedIn()
  @CsrfTokenInQuery()
  async importFile(@Req() req: Request, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    return this.posted(req, lang, (ctx) => this.importPages.run(ctx, req));
  }

  /** The live status of documents (JSON), for the record page's script: `?id=…&id=…`. */
  @Get(':lang/workspace/document-status')
  async documentStatus(@Req() req: Request, @Res() res: Response, @Query('id') ids: string | string[] | undefined): Promise<void> {
    const ctx = pageContext(req, this.assets, '');
    res.setHeader('Cache-Control', 'no-store');
    if (!requestContextOf(req).actor) return void res.status(401).json({ code: 'UNAUTHENTICATED', message: 'Sign in to see the status of documents.' });
    res.json({ documents: await this.records.documentStatuses(ctx, [ids ?? []].flat()) });
  }

  @Get(':lang/workspace/:section/new')
  @SignedIn()
  async newRecord(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('section') section: string): Promise<PageOutcome> {
    return this.page(req, lang, async (ctx) => (typeOf(section) ? this.records.newForm(ctx, typeOf(section)!) : this.pages.notFound(ctx)));
  }

  @Post(':lang/workspace/:section/new')
  @SignedIn()
  async createRecord(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('section') section: string, @Body() form: Record<string, unknown>): Promise<PageOutcome> {
    return this.posted(req, lang, (ctx) => (typeOf(section) ? this.records.create(ctx, typeOf(section)!, form ?? {}) : Promise.resolve(null)));
  }

  @Get(':lang/workspace/:section/:id')
  @SignedIn()
  async recordPage(
    @Req() req: Request,
    @Param('lang', LangPipe) lang: Lang,
    @Param('section') section: string,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
  ): Promise<PageOutcome> {
    return this.page(
      req,
      lang,
      async (ctx) => (typeOf(section) && (await this.records.recordPage(ctx, typeOf(section)!, id, this.records.noticeFor(ctx, query)))) || this.pages.notFound(ctx),
    );
  }

  @Get(':lang/workspace/:section/:id/edit')
  @SignedIn()
  async editRecord(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('section') section: string, @Param('id') id: string): Promise<PageOutcome> {
    return this.page(req, lang, async (ctx) => (typeOf(section) && (await this.records.editForm(ctx, typeOf(section)!, id))) || this.pages.notFound(ctx));
  }

  @Post(':lang/workspace/:section/:id/edit')
  @SignedIn()
  async updateRecord(
    @Req() req: Request,
    @Param('lang', LangPipe) lang: Lang,
    @Param('section') section: string,
    @Param('id') id: string,
    @Body() form: Record<string, unknown>,
  ): Promise<PageOutcome> {
    return this.posted(req, lang, (ctx) => (typeOf(section) ? this.records.update(ctx, typeOf(section)!, id, form ?? {}) : Promise.resolve(null)));
  }

  /** The upload's record is the URL's (section and id), never a form field. */
  @Post(':lang/workspace/:section/:id/documents')
  @SignedIn()
  @CsrfTokenInQuery()
  async uploadDocument(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('section') section: string, @Param('id') id: string): Promise<PageOutcome> {
    return this.posted(req, lang, (ctx) => (typeOf(section) ? this.records.upload(ctx, typeOf(section)!, id, req) : Promise.resolve(null)));
  }

  @Get(':lang/workspace/:section/:id/history')
  @RequireRole(Role.EDITOR)
  async history(
    @Req() req: Request,
    @Param('lang', LangPipe) lang: Lang,
    @Param('section') section: string,
    @Param('id') id: string,
    @Query('restored') restored?: string,
  ): Promise<PageOutcome> {
    return this.page(
      req,
      lang,
      async (ctx) =>
        (typeOf(section) && (await this.review.history(ctx, typeOf(section)!, id, { notice: restored ? ctx.t.t('history.restored') : null }))) || this.pages.notFound(ctx),
    );
  }

  @Post(':lang/workspace/:section/:id/revisions/:revisionId/restore')
  @RequireRole(Role.EDITOR)
  async restoreRevision(
    @Req() req: Request,
    @Param('lang', LangPipe) lang: Lang,
    @Param('section') section: string,
    @Param('id') id: string,
    @Param('revisionId') revisionId: string,
    @Body() form: Record<string, unknown>,
  ): Promise<PageOutcome> {
    return this.posted(req, lang, async (ctx) => (typeOf(section) ? this.review.restore(ctx, typeOf(section)!, id, revisionId, form ?? {}) : null));
  }

  @Post(':lang/workspace/:section/:id/documents/:documentId/:action')
  @SignedIn()
  async documentAction(
    @Req() req: Request,
    @Param('lang', LangPipe) lang: Lang,
    @Param('section') section: string,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Param('action') action: string,
    @Body() form: Record<string, unknown>,
  ): Promise<PageOutcome> {
    const act = (['retry', 'language', 'archive'] as const).find((a) => a === action);
    return this.posted(req, lang, (ctx) => (typeOf(section) && act ? this.records.documentAction(ctx, typeOf(section)!, id, documentId, act, form ?? {}) : Promise.resolve(null)));
  }

  @Post(':lang/workspace/:section/:id/:action')
  @SignedIn()
  async transition(
    @Req() req: Request,
    @Param('lang', LangPipe) lang: Lang,
    @Param('section') section: string,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() form: Record<string, unknown>,
  ): Promise<PageOutcome> {
    const known = ['submit', 'publish', 'return', 'archive', 'restore'] as const;
    const act = known.find((a) => a === action);
    return this.posted(req, lang, (ctx) => (typeOf(section) && act ? this.records.transition(ctx, typeOf(section)!, id, act, form ?? {}) : Promise.resolve(null)));
  }

  /**
   * A workspace form post, once the guards have let it through (signed in, CSRF token valid): a redirect
   * (303) or the page again with its problems; null → 404 (a record this user may not see).
   */
  private async posted(req: Request, lang: Lang, handle: (ctx: PageContext) => Promise<Outcome | null>): Promise<PageOutcome> {
    const ctx = pageContext(req, this.assets, this.csrf.sessionToken(req), lang);
    const outcome = await handle(ctx);
    if (outcome) return outcome;
    // An unread upload's body is drained, so the client reads the answer instead of a reset connection.
    req.resume();
    return this.pages.notFound(ctx);
  }

  /** The page context with this request's form token (set as a pre-session cookie when there is no session). */
  private formContext(req: Request, res: Response, lang: Lang): PageContext {
    return pageContext(req, this.assets, this.csrf.tokenFor(req, res), lang);
  }

  private async page(req: Request, lang: Lang, render: (ctx: PageContext) => Promise<RenderedPage>): Promise<PageOutcome> {
    return render(pageContext(req, this.assets, this.csrf.sessionToken(req), lang));
  }
}
