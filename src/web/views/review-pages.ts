import { RecordRevision } from '../../accounts/entities/record-revision.entity';
import { CatalogueRecord } from '../../catalogue/entities/record-base';
import { RecordType } from '../../catalogue/enums';
import { Html, html } from '../html';
import { en, MessageKey } from '../i18n/en';
import { Translator } from '../i18n/i18n';
import { fieldLabel } from '../problem-messages';
import { contentLang, errorSummary, isolate, RECORD_PATHS, recordTitle } from './components';
import { csrfField, href, layout, PageContext } from './layout';

/** One changed field as a person reads it (labels, names), before and after. */
export interface ChangeRow {
  field: string;
  before: string;
  after: string;
}

function actionLabel(t: Translator, action: string): string {
  const key = `action.${action}` as MessageKey;
  return key in en ? t.t(key) : action;
}

/** A before/after table; empty values read "(empty)". */
function changesTable(ctx: PageContext, caption: string, rows: ChangeRow[], langOf: Html): Html {
  const { t } = ctx;
  if (!rows.length) return html`<p>${t.t('review.noChanges')}</p>`;
  const cell = (value: string) => (value ? html`<td dir="auto"${langOf}>${value}</td>` : html`<td><span class="hint">${t.t('review.empty')}</span></td>`);
  return html`<div class="table-scroll"><table class="changes"><caption>${caption}</caption>
    <thead><tr><th scope="col">${t.t('review.field')}</th><th scope="col">${t.t('review.before')}</th><th scope="col">${t.t('review.after')}</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><th scope="row">${fieldLabel(t, r.field)}</th>${cell(r.before)}${cell(r.after)}</tr>`)}</tbody></table></div>`;
}

export interface ReviewModel {
  items: { type: RecordType; record: CatalogueRecord; version: number; everPublished: boolean; submittedAt: Date; submittedBy: string | null; changes: ChangeRow[] }[];
  names: Map<string, string>;
}

export function reviewPage(ctx: PageContext, m: ReviewModel): Html {
  const { t } = ctx;
  return layout(ctx, {
    title: t.t('review.title'),
    breadcrumb: [{ label: t.t('workspace.title'), path: '/workspace' }, { label: t.t('review.title') }],
    body: html`<h1>${t.t('review.title')} <span class="count">(${t.number(m.items.length)})</span></h1>
      <p class="lead">${t.t('review.intro')}</p>
      ${
        m.items.length
          ? m.items.map((item) => {
              const base = `/workspace/${RECORD_PATHS[item.type]}/${item.record.id}`;
              const title = recordTitle(item.record);
              return html`<section class="review-item" aria-labelledby="review-${item.record.id}">
              <h2 id="review-${item.record.id}"><span class="badge">${t.t(`type.${item.type}` as MessageKey)}</span> <a href="${href(ctx, base)}"${contentLang(ctx, item.record)}>${title}</a></h2>
              <p class="meta">${t.t('review.submitted', { who: (item.submittedBy && m.names.get(item.submittedBy)) || t.t('review.someone'), date: t.date(item.submittedAt) })}</p>
              ${changesTable(ctx, item.everPublished ? t.t('review.sincePublished') : t.t('review.neverPublished'), item.changes, contentLang(ctx, item.record))}
              <div class="actions-row">
                <form action="${href(ctx, `${base}/publish`)}" method="post" class="inline-form">${csrfField(ctx)}<input type="hidden" name="expectedVersion" value="${item.version}"><button type="submit">${t.t('ws.publish')}<span class="visually-hidden">: ${title}</span></button></form>
                <a class="button secondary" href="${href(ctx, base)}#comment">${t.t('review.returnLink')}<span class="visually-hidden">: ${title}</span></a>
              </div>
            </section>`;
            })
          : html`<p>${t.t('review.none')}</p>`
      }`,
  });
}

export interface HistoryModel {
  type: RecordType;
  record: CatalogueRecord;
  entries: { revision: RecordRevision; changes: ChangeRow[] }[];
  names: Map<string, string>;
  problem: string | null;
  notice?: string | null;
}

export function historyPage(ctx: PageContext, m: HistoryModel): Html {
  const { t } = ctx;
  const title = recordTitle(m.record);
  const base = `/workspace/${RECORD_PATHS[m.type]}/${m.record.id}`;
  const heading = t.t('history.title', { title: isolate(title) });
  return layout(ctx, {
    title: heading,
    breadcrumb: [{ label: t.t('workspace.title'), path: '/workspace' }, { label: title, path: base }, { label: t.t('history.link') }],
    body: html`<h1>${heading}</h1>
      ${m.notice ? html`<p class="success" role="status">${m.notice}</p>` : ''}
      ${errorSummary(ctx, [], m.problem)}
      <p class="lead">${t.t('history.intro')}</p>
      ${m.entries.map(({ revision, changes }, i) => {
        const who = (revision.userId && m.names.get(revision.userId)) || t.t('review.someone');
        const label = t.t('history.entry', { version: revision.version, action: actionLabel(t, revision.action), date: t.date(revision.createdAt), who });
        return html`<section class="history-entry" aria-labelledby="rev-${revision.id}">
          <h2 id="rev-${revision.id}">${label}</h2>
          ${changesTable(ctx, t.t('history.changes', { version: revision.version }), changes, contentLang(ctx, m.record))}
          ${
            i > 0
              ? html`<form action="${href(ctx, `${base}/revisions/${revision.id}/restore`)}" method="post" class="inline-form">${csrfField(ctx)}<input type="hidden" name="expectedVersion" value="${m.entries[0].revision.version}">
                <button type="submit" class="secondary button">${t.t('history.restore', { version: revision.version })}</button></form>`
              : html`<p class="hint">${t.t('history.current')}</p>`
          }
        </section>`;
      })}`,
  });
}
