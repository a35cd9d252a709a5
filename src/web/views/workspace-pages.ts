import { CatalogueRecord } from '../../catalogue/entities/record-base';
import { RecordType } from '../../catalogue/enums';
import { Document } from '../../documents/document.entity';
import { Html, html } from '../html';
import { MessageKey } from '../i18n/en';
import { contentLang, errorSummary, langAttr, RECORD_PATHS, RECORD_TYPES_IN_ORDER, recordTitle } from './components';
import { csrfField, href, layout, PageContext } from './layout';

export interface LoginModel {
  email: string;
  next: string;
  /** Per-field problems (empty fields), or one form-level message (wrong credentials, throttled). */
  fieldErrors: { email?: string; password?: string };
  formError: string | null;
  notice: string | null;
}

/** A field with its label, its error tied by aria-describedby, and aria-invalid when wrong. */
function field(ctx: PageContext, name: string, label: string, type: string, value: string, error: string | undefined, autocomplete: string): Html {
  const errorId = `${name}-error`;
  return html`<div class="form-field">
    <label for="${name}">${label}</label>
    ${error ? html`<p class="field-error" id="${errorId}">${error}</p>` : ''}
    <input id="${name}" name="${name}" type="${type}" value="${value}" autocomplete="${autocomplete}" spellcheck="false"${error ? html` aria-invalid="true" aria-describedby="${errorId}"` : ''}>
  </div>`;
}

export function loginPage(ctx: PageContext, m: LoginModel): Html {
  const { t } = ctx;
  const problems = [
    ...(m.fieldErrors.email ? [{ field: 'email', message: m.fieldErrors.email }] : []),
    ...(m.fieldErrors.password ? [{ field: 'password', message: m.fieldErrors.password }] : []),
    ...(m.formError ? [{ field: 'email', message: m.formError }] : []),
  ];
  return layout(ctx, {
    title: problems.length ? t.t('page.problemTitle', { page: t.t('login.title') }) : t.t('login.title'),
    body: html`<h1>${t.t('login.title')}</h1>
      ${m.notice ? html`<p class="success" role="status">${m.notice}</p>` : ''}
      ${errorSummary(ctx, problems)}
      <p>${t.t('login.intro')}</p>
      <form action="${href(ctx, '/login')}" method="post" novalidate>
        ${csrfField(ctx)}
        <input type="hidden" name="next" value="${m.next}">
        ${field(ctx, 'email', t.t('login.email'), 'email', m.email, m.fieldErrors.email, 'username')}
        ${field(ctx, 'password', t.t('login.password'), 'password', '', m.fieldErrors.password, 'current-password')}
        <button type="submit">${t.t('login.submit')}</button>
      </form>`,
  });
}

export interface WorkspaceModel {
  drafts: { type: RecordType; record: CatalogueRecord }[];
  inReview: { type: RecordType; record: CatalogueRecord }[];
  returned: { type: RecordType; record: CatalogueRecord; comment: string | null; at: Date }[];
  documents: Document[];
  role: string;
  /** Editors: how many records wait for review (null for curators, who have no review queue). */
  waitingForReview: number | null;
}

export function workspacePage(ctx: PageContext, m: WorkspaceModel): Html {
  const { t } = ctx;
  const item = (type: RecordType, record: CatalogueRecord, extra: Html | string = '') =>
    html`<li><span class="badge">${t.t(`type.${type}` as MessageKey)}</span> <a href="${href(ctx, `/workspace/${RECORD_PATHS[type]}/${record.id}`)}"${contentLang(ctx, record)}>${recordTitle(record)}</a>
      <span class="count">· ${t.t('workspace.changed', { date: t.date(record.updatedAt) })}</span>${extra}</li>`;
  const section = (title: string, items: Html[]) =>
    html`<section><h2>${title} <span class="count">(${t.number(items.length)})</span></h2>${
      items.length ? html`<ul class="work-list">${items}</ul>` : html`<p>${t.t('workspace.none')}</p>`
    }</section>`;
  return layout(ctx, {
    title: t.t('workspace.title'),
    breadcrumb: [{ label: t.t('workspace.title') }],
    body: html`<h1>${t.t('workspace.title')}</h1>
      <p class="lead">${t.t('workspace.intro')}</p>
      <p>${t.t('workspace.role', { role: t.t(`role.${m.role}` as MessageKey) })}</p>
      <nav aria-labelledby="workspace-more"><h2 id="workspace-more" class="visually-hidden">${t.t('workspace.more')}</h2><ul class="actions-row plain">
        ${m.waitingForReview !== null ? html`<li><a class="button" href="${href(ctx, '/workspace/review')}">${t.t('workspace.reviewLink', { n: m.waitingForReview })}</a></li>` : ''}
        ${m.role === 'ADMIN' ? html`<li><a class="button secondary" href="${href(ctx, '/workspace/users')}">${t.t('workspace.usersLink')}</a></li>` : ''}
        <li><a class="button secondary" href="${href(ctx, '/workspace/tokens')}">${t.t('workspace.tokensLink')}</a></li>
        <li><a class="button secondary" href="${href(ctx, '/workspace/import')}">${t.t('import.title')}</a></li>
      </ul></nav>
      <h2>${t.t('ws.create.title')}</h2>
      <ul class="actions-row plain">${RECORD_TYPES_IN_ORDER.map(
        (type) => html`<li><a class="button secondary" href="${href(ctx, `/workspace/${RECORD_PATHS[type]}/new`)}">${t.t(`ws.new.${type}` as MessageKey)}</a></li>`,
      )}</ul>
      ${section(
        t.t('workspace.returned'),
        m.returned.map((r) =>
          item(r.type, r.record, r.comment ? html`<blockquote><p>${t.t('workspace.comment', { date: t.date(r.at) })} <bdi>${r.comment}</bdi></p></blockquote>` : ''),
        ),
      )}
      ${section(
        t.t('workspace.drafts'),
        m.drafts.map((r) => item(r.type, r.record)),
      )}
      ${section(
        t.t('workspace.inReview'),
        m.inReview.map((r) => item(r.type, r.record)),
      )}
      ${section(
        t.t('workspace.documents'),
        m.documents.map(
          (d) => html`<li><strong>${d.title ?? d.filename}</strong> — <span class="status-${d.status}">${t.t(`document.status.${d.status}` as MessageKey)}</span>
            ${d.failureReason ? html`<p${langAttr(ctx, 'en')}>${d.failureReason}</p><p>${t.t('workspace.failedHint')}</p>` : html`<p>${t.t('workspace.pendingHint')}</p>`}</li>`,
        ),
      )}
      <p class="notice">${t.rich('workspace.apiNote', {}, { link: (api) => html`<a href="/graphql">${api}</a>` })}</p>`,
  });
}

export function csrfRefusedPage(ctx: PageContext): Html {
  const { t } = ctx;
  return layout(ctx, { title: t.t('csrf.title'), body: html`<h1>${t.t('csrf.title')}</h1><p>${t.t('csrf.text')}</p>` });
}
