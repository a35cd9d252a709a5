import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../accounts/audit.service';
import { hasRole, Role } from '../accounts/actor';
import { EditorialStatus } from '../catalogue/enums';
import { RecordStores } from '../catalogue/record-stores';
import { AppError } from '../common/errors';
import { DocumentsService } from '../documents/documents.service';
import { langPrefixOf } from './i18n/i18n';
import { RECORD_TYPES_IN_ORDER } from './views/components';
import { PageContext } from './views/layout';
import { csrfRefusedPage, LoginModel, loginPage, WorkspaceModel, workspacePage } from './views/workspace-pages';
import { RenderedPage } from './web-pages.service';

/** Only a path of this site, under a language prefix, is a place to go back to after signing in. */
function safeNext(next: unknown, ctx: PageContext): string {
  return typeof next === 'string' && /^\/[^/]+\/[^/\\]/.test(next) && langPrefixOf(next) !== null && !next.includes('//') ? next : `/${ctx.lang}/workspace`;
}

/** The workspace pages' data and decisions: signing in and out, and the signed-in user's own work. */
@Injectable()
export class WorkspacePagesService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly stores: RecordStores,
    private readonly documents: DocumentsService,
  ) {}

  loginForm(ctx: PageContext, next: unknown, notice: string | null = null): RenderedPage {
    return { status: 200, body: loginPage(ctx, { email: '', next: safeNext(next, ctx), fieldErrors: {}, formError: null, notice }) };
  }

  /** Checks the form the way the `login` mutation does (same accounts, throttling and generic message). */
  async signIn(ctx: PageContext, form: Record<string, unknown>): Promise<{ token: string; redirect: string } | RenderedPage> {
    const { t } = ctx;
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const model: LoginModel = { email, next: safeNext(form.next, ctx), fieldErrors: {}, formError: null, notice: null };
    if (!email) model.fieldErrors.email = t.t('login.emailRequired');
    if (!password) model.fieldErrors.password = t.t('login.passwordRequired');
    if (model.fieldErrors.email || model.fieldErrors.password) return { status: 400, body: loginPage(ctx, model) };
    try {
      const { token } = await this.accounts.openBrowserSession(ctx.request, email, password);
      return { token, redirect: model.next };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'TOO_MANY_REQUESTS') {
        model.formError = t.t('login.tooMany', { seconds: Number(error.details.retryAfterSeconds ?? 60) });
        return { status: 429, body: loginPage(ctx, model) };
      }
      if (error.code !== 'UNAUTHENTICATED') throw error;
      model.formError = t.t('login.failed');
      return { status: 401, body: loginPage(ctx, model) };
    }
  }

  signOut(ctx: PageContext, sessionId: string): Promise<void> {
    return this.accounts.closeBrowserSession(ctx.request, sessionId);
  }

  /** My work: my drafts, my records in review, those returned to me with the editor's comment, my documents not yet searchable. */
  async myWork(ctx: PageContext): Promise<RenderedPage> {
    const actor = ctx.request.actor!;
    const drafts: WorkspaceModel['drafts'] = [];
    const inReview: WorkspaceModel['inReview'] = [];
    const returned: WorkspaceModel['returned'] = [];
    for (const type of RECORD_TYPES_IN_ORDER) {
      const mine = await this.stores.of(type).reads.createdBy(actor.userId, [EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW]);
      const returns = await this.audit.latestOf(
        'returnToDraft',
        mine.filter((r) => r.status === EditorialStatus.DRAFT).map((r) => r.id),
      );
      for (const record of mine) {
        const back = returns.get(record.id);
        if (record.status === EditorialStatus.IN_REVIEW) inReview.push({ type, record });
        else if (back) returned.push({ type, record, comment: back.comment, at: back.at });
        else drafts.push({ type, record });
      }
    }
    const documents = await this.documents.uploadsNeedingAttention(actor.userId);
    let waiting: number | null = null;
    if (hasRole(actor, Role.EDITOR)) {
      waiting = 0;
      for (const type of RECORD_TYPES_IN_ORDER) waiting += (await this.stores.of(type).reads.inReview(ctx.request)).length;
    }
    return { status: 200, body: workspacePage(ctx, { drafts, inReview, returned, documents, role: actor.role, waitingForReview: waiting }) };
  }

  csrfRefused(ctx: PageContext): RenderedPage {
    return { status: 403, body: csrfRefusedPage(ctx) };
  }

  signedOutNotice(ctx: PageContext): string {
    return ctx.t.t('login.signedOut');
  }
}
