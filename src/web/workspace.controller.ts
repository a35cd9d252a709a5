import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllowAnonymous } from '../accounts/auth.decorators';
import { browserSessionCookieName, browserSessionCookieOptions, requestContextOf, servedOverHttps } from '../accounts/auth.middleware';
import { hasRole, Role } from '../accounts/actor';
import { AccountPagesService } from './account-pages.service';
import { ReviewPagesService } from './review-pages.service';
import { AssetsService } from './assets.service';
import { CsrfService } from './csrf.service';
import { isLang } from './i18n/i18n';
import { PageContext } from './views/layout';
import { pageContext } from './web-context';
import { sendPage } from './web.controller';
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
 * (the same as the `login` mutation's), the CSRF token the CsrfService's.
 */
@Controller()
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

  @Get(':lang/login')
  login(@Req() req: Request, @Res() res: Response, @Query('next') next?: string, @Query('signedOut') signedOut?: string): void {
    const ctx = this.formContext(req, res);
    if (!ctx) return sendPage(res, this.pages.notFound(pageContext(req, this.assets, '')));
    if (requestContextOf(req).actor) return res.redirect(303, `/${ctx.lang}/workspace`);
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
    res.cookie(browserSessionCookieName(req), outcome.token, browserSessionCookieOptions(req));
    res.redirect(303, outcome.redirect);
  }

  @Post(':lang/logout')
  @AllowAnonymous()
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.formContext(req, res);
    if (!ctx) return sendPage(res, this.pages.notFound(pageContext(req, this.assets, '')));
    const session = requestContextOf(req).details.webSessionId;
    if (session && !this.csrf.verify(req)) return sendPage(res, this.workspace.csrfRefused(ctx));
    if (session) await this.workspace.signOut(ctx, session);
    res.clearCookie(browserSessionCookieName(req), { path: '/', secure: servedOverHttps(req) });
    res.redirect(303, `/${ctx.lang}/login?signedOut=1`);
  }

  @Get(':lang/workspace')
  async myWork(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.signedIn(req, res, (ctx) => this.workspace.myWork(ctx));
  }

  // Fixed paths first: Express matches routes in the order they are declared, and `:section/…` would take them.

  @Get(':lang/workspace/review')
  async reviewQueue(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.signedIn(req, res, async (ctx) => (hasRole(requestContextOf(req).actor, Role.EDITOR) ? this.review.reviewQueue(ctx) : this.pages.notFound(ctx)));
  }

  @Get(':lang/workspace/users')
  async users(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    await this.signedIn(req, res, async (ctx) =>
      hasRole(requestContextOf(req).actor, Role.ADMIN)
        ? this.accountPages.users(ctx, { notice: query.created ? ctx.t.t('users.created') : query.saved ? ctx.t.t('ws.saved') : null })
        : this.pages.notFound(ctx),
    );
  }

  @Post(':lang/workspace/users')
  @AllowAnonymous()
  async createUser(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    await this.posted(req, res, 'body', async (ctx) => (hasRole(requestContextOf(req).actor, Role.ADMIN) ? this.accountPages.createUser(ctx, form ?? {}) : null));
  }

  @Post(':lang/workspace/users/:id/password')
  @AllowAnonymous()
  async setPassword(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() form: Record<string, unknown>): Promise<void> {
    await this.posted(req, res, 'body', async (ctx) => (hasRole(requestContextOf(req).actor, Role.ADMIN) ? this.accountPages.updateUser(ctx, id, form ?? {}, 'password') : null));
  }

  @Post(':lang/workspace/users/:id')
  @AllowAnonymous()
  async updateUser(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() form: Record<string, unknown>): Promise<void> {
    await this.posted(req, res, 'body', async (ctx) => (hasRole(requestContextOf(req).actor, Role.ADMIN) ? this.accountPages.updateUser(ctx, id, form ?? {}, 'access') : null));
  }

  @Get(':lang/workspace/tokens')
  async tokens(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    await this.signedIn(req, res, (ctx) => this.accountPages.tokens(ctx, { notice: query.revoked ? ctx.t.t('tokens.revoked') : null }));
  }

  @Post(':lang/workspace/tokens')
  @AllowAnonymous()
  async createToken(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    await this.posted(req, res, 'body', (ctx) => this.accountPages.createToken(ctx, form ?? {}));
  }

  @Post(':lang/workspace/tokens/revoke')
  @AllowAnonymous()
  async revokeToken(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    await this.posted(req, res, 'body', (ctx) => this.accountPages.revokeToken(ctx, form ?? {}));
  }

  @Get(':lang/workspace/import')
  async importForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.signedIn(req, res, async (ctx) => this.importPages.form(ctx) ?? this.pages.notFound(ctx));
  }

  @Post(':lang/workspace/import')
  @AllowAnonymous()
  async importFile(@Req() req: Request, @Res() res: Response): Promise<void> {
    // Multipart, like uploads: the CSRF token comes in the query string.
    await this.posted(req, res, 'query', (ctx) => this.importPages.run(ctx, req));
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
  async newRecord(@Req() req: Request, @Res() res: Response, @Param('section') section: string): Promise<void> {
    await this.signedIn(req, res, async (ctx) => (typeOf(section) ? this.records.newForm(ctx, typeOf(section)!) : this.pages.notFound(ctx)));
  }

  @Post(':lang/workspace/:section/new')
  @AllowAnonymous()
  async createRecord(@Req() req: Request, @Res() res: Response, @Param('section') section: string, @Body() form: Record<string, unknown>): Promise<void> {
    await this.posted(req, res, 'body', (ctx) => (typeOf(section) ? this.records.create(ctx, typeOf(section)!, form ?? {}) : Promise.resolve(null)));
  }

  @Get(':lang/workspace/:section/:id')
  async recordPage(@Req() req: Request, @Res() res: Response, @Param('section') section: string, @Param('id') id: string, @Query() query: Record<string, unknown>): Promise<void> {
    await this.signedIn(
      req,
      res,
      async (ctx) => (typeOf(section) && (await this.records.recordPage(ctx, typeOf(section)!, id, this.records.noticeFor(ctx, query)))) || this.pages.notFound(ctx),
    );
  }

  @Get(':lang/workspace/:section/:id/edit')
  async editRecord(@Req() req: Request, @Res() res: Response, @Param('section') section: string, @Param('id') id: string): Promise<void> {
    await this.signedIn(req, res, async (ctx) => (typeOf(section) && (await this.records.editForm(ctx, typeOf(section)!, id))) || this.pages.notFound(ctx));
  }

  @Post(':lang/workspace/:section/:id/edit')
  @AllowAnonymous()
  async updateRecord(@Req() req: Request, @Res() res: Response, @Param('section') section: string, @Param('id') id: string, @Body() form: Record<string, unknown>): Promise<void> {
    await this.posted(req, res, 'body', (ctx) => (typeOf(section) ? this.records.update(ctx, typeOf(section)!, id, form ?? {}) : Promise.resolve(null)));
  }

  @Post(':lang/workspace/:section/:id/documents')
  @AllowAnonymous()
  async uploadDocument(@Req() req: Request, @Res() res: Response, @Param('section') section: string, @Param('id') id: string): Promise<void> {
    // Multipart: the CSRF token comes in the query string; the body is streamed by the upload itself.
    await this.posted(req, res, 'query', (ctx) => (typeOf(section) ? this.records.upload(ctx, typeOf(section)!, id, req) : Promise.resolve(null)));
  }

  @Get(':lang/workspace/:section/:id/history')
  async history(@Req() req: Request, @Res() res: Response, @Param('section') section: string, @Param('id') id: string, @Query('restored') restored?: string): Promise<void> {
    await this.signedIn(
      req,
      res,
      async (ctx) =>
        (typeOf(section) &&
          hasRole(requestContextOf(req).actor, Role.EDITOR) &&
          (await this.review.history(ctx, typeOf(section)!, id, { notice: restored ? ctx.t.t('history.restored') : null }))) ||
        this.pages.notFound(ctx),
    );
  }

  @Post(':lang/workspace/:section/:id/revisions/:revisionId/restore')
  @AllowAnonymous()
  async restoreRevision(
    @Req() req: Request,
    @Res() res: Response,
    @Param('section') section: string,
    @Param('id') id: string,
    @Param('revisionId') revisionId: string,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    await this.posted(req, res, 'body', async (ctx) =>
      typeOf(section) && hasRole(requestContextOf(req).actor, Role.EDITOR) ? this.review.restore(ctx, typeOf(section)!, id, revisionId, form ?? {}) : null,
    );
  }

  @Post(':lang/workspace/:section/:id/documents/:documentId/:action')
  @AllowAnonymous()
  async documentAction(
    @Req() req: Request,
    @Res() res: Response,
    @Param('section') section: string,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Param('action') action: string,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    const act = (['retry', 'language', 'archive'] as const).find((a) => a === action);
    await this.posted(req, res, 'body', (ctx) =>
      typeOf(section) && act ? this.records.documentAction(ctx, typeOf(section)!, id, documentId, act, form ?? {}) : Promise.resolve(null),
    );
  }

  @Post(':lang/workspace/:section/:id/:action')
  @AllowAnonymous()
  async transition(
    @Req() req: Request,
    @Res() res: Response,
    @Param('section') section: string,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    const known = ['submit', 'publish', 'return', 'archive', 'restore'] as const;
    const act = known.find((a) => a === action);
    await this.posted(req, res, 'body', (ctx) => (typeOf(section) && act ? this.records.transition(ctx, typeOf(section)!, id, act, form ?? {}) : Promise.resolve(null)));
  }

  /**
   * A workspace form post: signed in, with a valid CSRF token (403 otherwise, nothing changed); then a
   * redirect (303) or the page again with its problems; null → 404 (a record this user may not see).
   */
  private async posted(req: Request, res: Response, csrfFrom: 'body' | 'query', handle: (ctx: PageContext) => Promise<Outcome | null>): Promise<void> {
    // A refused upload's body is drained, so the client reads the answer instead of a reset connection.
    const ctx = pageContext(req, this.assets, this.csrf.sessionToken(req));
    if (!isLang(req.path.split('/')[1])) return sendPage(res, this.pages.notFound(ctx));
    if (!requestContextOf(req).actor) {
      if (csrfFrom === 'query') req.resume();
      return res.redirect(303, `/${ctx.lang}/login`);
    }
    if (!this.csrf.verify(req, csrfFrom)) {
      if (csrfFrom === 'query') req.resume();
      return sendPage(res, this.workspace.csrfRefused(ctx));
    }
    const outcome = await handle(ctx);
    if (!outcome) {
      if (csrfFrom === 'query') req.resume();
      return sendPage(res, this.pages.notFound(ctx));
    }
    if ('redirect' in outcome) return res.redirect(303, outcome.redirect);
    sendPage(res, outcome);
  }

  /** The page context with this request's form token; null for an unknown language prefix. */
  private formContext(req: Request, res: Response): PageContext | null {
    return isLang(req.path.split('/')[1]) ? pageContext(req, this.assets, this.csrf.tokenFor(req, res)) : null;
  }

  /** Workspace pages: an anonymous visitor goes (303) to the sign-in page, and comes back afterwards. */
  private async signedIn(req: Request, res: Response, render: (ctx: PageContext) => Promise<RenderedPage>): Promise<void> {
    const ctx = pageContext(req, this.assets, this.csrf.sessionToken(req));
    if (!isLang(req.path.split('/')[1])) return sendPage(res, this.pages.notFound(ctx));
    if (!requestContextOf(req).actor) return res.redirect(303, `/${ctx.lang}/login?next=${encodeURIComponent(req.originalUrl)}`);
    sendPage(res, await render(ctx));
  }
}
