import { acceptedFormats } from '../../documents/formats/registry';
import { ActionPlan } from '../../catalogue/entities/action-plan.entity';
import { CatalogueRecord } from '../../catalogue/entities/record-base';
import { LocalGovernment } from '../../catalogue/entities/local-government.entity';
import { RecordType } from '../../catalogue/enums';
import { holdsDocuments } from '../../catalogue/record-definitions';
import { Document, DocumentStatus } from '../../documents/document.entity';
import { MAX_FILES_PER_UPLOAD } from '../../documents/documents.service';
import { TaxonomySnapshot } from '../../taxonomy/taxonomy.service';
import { Html, html } from '../html';
import { MessageKey } from '../i18n/en';
import { FieldSpec, FormValues, KEEP_PREFIX, PRESENT_MARKER, RECORD_FIELDS } from '../record-forms';
import { countryLabel, enumLabel, errorSummary, isolate, langAttr, RECORD_PATHS, recordPath, recordTitle, sdgLabel, targetGroupLabel, themeLabel } from './components';
import { csrfField, href, layout, PageContext } from './layout';

export interface FormProblem {
  field: string;
  message: string;
  /** 'en' when the message is the API's English text (no translation for its rule). */
  lang?: 'en' | null;
}

export interface RecordFormModel {
  type: RecordType;
  /** Null for a new record. */
  id: string | null;
  title: string;
  values: FormValues;
  version: number | null;
  problems: FormProblem[];
  /** A stale save: the current values of the fields changed meanwhile. */
  conflict: { field: string; theirs: string; yours: string; keep: 'theirs' | 'yours' }[] | null;
  taxonomy: TaxonomySnapshot;
  places: LocalGovernment[];
  plans: ActionPlan[];
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : (v ?? ''));

function control(ctx: PageContext, m: RecordFormModel, spec: FieldSpec, describedBy: string | null, invalid: boolean): Html {
  const { t } = ctx;
  const value = one(m.values[spec.name]);
  const attrs = html` id="${spec.name}" name="${spec.name}"${spec.required ? html` required` : ''}${invalid ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}`;
  const options = (items: { value: string; label: string }[]) => items.map((o) => html`<option value="${o.value}"${o.value === value ? html` selected` : ''}>${o.label}</option>`);
  switch (spec.kind) {
    case 'textarea':
      return html`<textarea${attrs} rows="5">${value}</textarea>`;
    case 'int':
      return html`<input${attrs} type="text" inputmode="numeric" value="${value}">`;
    case 'number':
      return html`<input${attrs} type="text" inputmode="decimal" value="${value}">`;
    case 'date':
      return html`<input${attrs} type="date" value="${value}">`;
    case 'url':
      return html`<input${attrs} type="url" value="${value}">`;
    case 'enum':
      return html`<select${attrs}><option value="">${t.t('field.choose')}</option>${options((spec.values ?? []).map((v) => ({ value: v, label: enumLabel(t, v) })))}</select>`;
    case 'country':
      return html`<select${attrs}><option value="">${t.t('field.choose')}</option>${options(
        [...m.taxonomy.countries.values()].map((c) => ({ value: c.code, label: countryLabel(t, c) })).sort((a, b) => a.label.localeCompare(b.label, ctx.lang)),
      )}</select>`;
    case 'place': {
      // Grouped by country and typeable: usable by keyboard with hundreds of local governments.
      const byCountry = new Map<string, LocalGovernment[]>();
      for (const p of m.places) byCountry.set(p.countryCode, [...(byCountry.get(p.countryCode) ?? []), p]);
      const groups = [...byCountry.entries()].map(([code, list]) => ({ label: m.taxonomy.countries.get(code) ? countryLabel(t, m.taxonomy.countries.get(code)!) : code, list }));
      groups.sort((a, b) => a.label.localeCompare(b.label, ctx.lang));
      return html`<select${attrs}><option value="">${t.t('field.choose')}</option>${groups.map(
        (g) => html`<optgroup label="${g.label}">${options(g.list.map((p) => ({ value: p.id, label: p.name })))}</optgroup>`,
      )}</select>`;
    }
    case 'plan':
      return html`<select${attrs}><option value="">${t.t('field.none')}</option>${options(m.plans.map((p) => ({ value: p.id, label: p.title })))}</select>`;
    default:
      return html`<input${attrs} type="text" value="${value}">`;
  }
}

/** A checkbox group (themes grouped under their parent theme); the hidden marker says it was on the form. */
function checkboxGroup(ctx: PageContext, m: RecordFormModel, spec: FieldSpec, error: FormProblem | undefined): Html {
  const { t } = ctx;
  const selected = new Set(Array.isArray(m.values[spec.name]) ? (m.values[spec.name] as string[]) : []);
  const box = (value: string, label: string, i: string) =>
    html`<li><input type="checkbox" id="${spec.name}-${i}" name="${spec.name}" value="${value}"${selected.has(value) ? html` checked` : ''}><label for="${spec.name}-${i}">${label}</label></li>`;
  let body: Html;
  if (spec.kind === 'themes') {
    const tops = [...m.taxonomy.themes.values()].filter((th) => !th.parentSlug);
    body = html`${tops.map(
      (top) =>
        html`<fieldset class="subgroup"><legend>${themeLabel(t, top)}</legend><ul>${box(top.slug, themeLabel(t, top), top.slug)}${(
          m.taxonomy.themeChildren.get(top.slug) ?? []
        ).map((c) => box(c.slug, themeLabel(t, c), c.slug))}</ul></fieldset>`,
    )}`;
  } else if (spec.kind === 'sdgs') {
    body = html`<ul class="columns">${[...m.taxonomy.sdgs.values()].map((s) => box(String(s.number), `${s.number}. ${sdgLabel(t, s)}`, String(s.number)))}</ul>`;
  } else {
    body = html`<ul class="columns">${[...m.taxonomy.targetGroups.values()].map((g) => box(g.slug, targetGroupLabel(t, g), g.slug))}</ul>`;
  }
  return html`<fieldset class="form-group" id="${spec.name}"${error ? html` aria-describedby="${spec.name}-error"` : ''}>
    <legend>${t.t(`field.${spec.name}` as MessageKey)}</legend>
    <input type="hidden" name="${PRESENT_MARKER}" value="${spec.name}">
    ${error ? html`<p class="field-error" id="${spec.name}-error"${langAttr(ctx, error.lang)}>${error.message}</p>` : ''}
    ${body}
  </fieldset>`;
}

export function recordFormPage(ctx: PageContext, m: RecordFormModel): Html {
  const { t } = ctx;
  const base = `/workspace/${RECORD_PATHS[m.type]}`;
  const action = m.id ? href(ctx, `${base}/${m.id}/edit`) : href(ctx, `${base}/new`);
  const problemOf = (field: string) => m.problems.find((p) => p.field === field);
  const fields = RECORD_FIELDS[m.type].map((spec) => {
    const problem = problemOf(spec.name);
    if (spec.kind === 'themes' || spec.kind === 'sdgs' || spec.kind === 'targetGroups') return checkboxGroup(ctx, m, spec, problem);
    const errorId = problem ? `${spec.name}-error` : null;
    return html`<div class="form-field">
      <label for="${spec.name}">${t.t(`field.${spec.name}` as MessageKey)}${spec.required ? html` <span class="hint">${t.t('field.required')}</span>` : ''}</label>
      ${problem ? html`<p class="field-error" id="${errorId}"${langAttr(ctx, problem.lang)}>${problem.message}</p>` : ''}
      ${control(ctx, m, spec, errorId, !!problem)}
    </div>`;
  });
  const heading = m.id ? t.t('ws.editTitle', { title: isolate(m.title) }) : t.t(`ws.new.${m.type}` as MessageKey);
  return layout(ctx, {
    title: m.problems.length || m.conflict ? t.t('page.problemTitle', { page: heading }) : heading,
    breadcrumb: [{ label: t.t('workspace.title'), path: '/workspace' }, { label: heading }],
    body: html`<h1>${heading}</h1>
      ${
        m.conflict
          ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>${t.t('login.errorSummary')}</h2><p>${t.t('ws.conflict')}</p>
            <div class="table-scroll"><table><thead><tr><th scope="col">${t.t('review.field')}</th><th scope="col">${t.t('ws.theirs')}</th><th scope="col">${t.t('ws.yours')}</th></tr></thead>
            <tbody>${m.conflict.map(
              // Radio buttons of the form below (form="record-form"): which value the next save keeps.
              (c) => html`<tr><th scope="row"><a href="#${c.field}">${t.t(`field.${c.field}` as MessageKey)}</a></th>
                <td><input type="radio" form="record-form" id="keep-theirs-${c.field}" name="${KEEP_PREFIX}${c.field}" value="theirs"${c.keep === 'theirs' ? html` checked` : ''}> <label for="keep-theirs-${c.field}">${c.theirs || t.t('review.empty')}</label></td>
                <td><input type="radio" form="record-form" id="keep-yours-${c.field}" name="${KEEP_PREFIX}${c.field}" value="yours"${c.keep === 'yours' ? html` checked` : ''}> <label for="keep-yours-${c.field}">${c.yours || t.t('review.empty')}</label></td></tr>`,
            )}</tbody></table></div></div>`
          : ''
      }
      ${errorSummary(ctx, m.problems)}
      <form class="record-form" id="record-form" action="${action}" method="post" novalidate>
        ${csrfField(ctx)}
        ${m.version !== null ? html`<input type="hidden" name="expectedVersion" value="${m.version}">` : ''}
        ${fields}
        <button type="submit">${m.id ? t.t('ws.save') : t.t('ws.create')}</button>
      </form>`,
  });
}

export interface RecordWorkspaceModel {
  type: RecordType;
  record: CatalogueRecord;
  version: number;
  documents: Document[];
  can: { edit: boolean; submit: boolean; publish: boolean; returnToDraft: boolean; archive: boolean; restore: boolean };
  notice: string | null;
  problem: string | null;
  /** Editors see the revision history (with restore). */
  historyLink: boolean;
  /** A draft returned by an editor: their comment, shown where the curator works on it. */
  returned: { comment: string | null; at: Date } | null;
}

export function recordWorkspacePage(ctx: PageContext, m: RecordWorkspaceModel): Html {
  const { t } = ctx;
  const title = recordTitle(m.record);
  const base = `/workspace/${RECORD_PATHS[m.type]}/${m.record.id}`;
  const version = html`<input type="hidden" name="expectedVersion" value="${m.version}">`;
  const transition = (name: string, label: string, extra: Html | string = '') =>
    html`<form action="${href(ctx, `${base}/${name}`)}" method="post" class="inline-form">${csrfField(ctx)}${version}${extra}<button type="submit" class="secondary button">${label}</button></form>`;
  return layout(ctx, {
    title,
    breadcrumb: [{ label: t.t('workspace.title'), path: '/workspace' }, { label: title }],
    body: html`<p class="meta"><span class="badge">${t.t(`type.${m.type}` as MessageKey)}</span></p>
      <h1>${title}</h1>
      ${m.notice ? html`<p class="success" role="status">${m.notice}</p>` : ''}
      ${errorSummary(ctx, [], m.problem)}
      ${m.returned ? html`<div class="notice" role="note"><p>${t.t('workspace.comment', { date: t.date(m.returned.at) })}</p><blockquote dir="auto"><p>${m.returned.comment ?? ''}</p></blockquote></div>` : ''}
      <dl class="facts"><dt>${t.t('ws.status')}</dt><dd>${t.t(`status.${m.record.status}` as MessageKey)}</dd><dt>${t.t('ws.version')}</dt><dd>${t.number(m.version)}</dd></dl>
      <p><a href="${href(ctx, recordPath(m.type, m.record))}">${t.t('ws.publicPage')}</a></p>
      <h2>${t.t('ws.actions')}</h2>
      ${
        m.can.edit || m.can.submit || m.can.publish || m.can.returnToDraft || m.can.archive || m.can.restore
          ? html`<div class="actions-row">
            ${m.can.edit ? html`<a class="button" href="${href(ctx, `${base}/edit`)}">${t.t('ws.edit')}</a>` : ''}
            ${m.can.submit ? transition('submit', t.t('ws.submit')) : ''}
            ${m.can.publish ? transition('publish', t.t('ws.publish')) : ''}
            ${m.can.archive ? transition('archive', t.t('ws.archive')) : ''}
            ${m.can.restore ? transition('restore', t.t('ws.restore')) : ''}
            ${m.historyLink ? html`<a class="button secondary" href="${href(ctx, `${base}/history`)}">${t.t('history.link')}</a>` : ''}
          </div>
          ${
            m.can.returnToDraft
              ? html`<form action="${href(ctx, `${base}/return`)}" method="post" class="return-form" novalidate>${csrfField(ctx)}${version}
              <div class="form-field"><label for="comment">${t.t('ws.comment')}</label><textarea id="comment" name="comment" rows="3" required></textarea></div>
              <button type="submit" class="secondary button">${t.t('ws.returnToDraft')}</button></form>`
              : ''
          }`
          : html`<p>${t.t('ws.noRights')}</p>`
      }
      ${holdsDocuments(m.type) ? documentsSection(ctx, m, base) : ''}`,
  });
}

/** Languages offered for a document (the field's own first); any other ISO code the document has is kept. */
const DOCUMENT_LANGUAGES = ['ar', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pt', 'ru', 'tr', 'uk', 'zh'];

/**
 * The record's documents: status (live when JavaScript is on: site.js polls the status URL), and for
 * those who may change the record, read again, set the language, archive; then the upload form
 * (several files; a progress bar when JavaScript is on, a plain form post otherwise).
 */
function documentsSection(ctx: PageContext, m: RecordWorkspaceModel, base: string): Html {
  const { t } = ctx;
  // Reading again is offered once reading has ended (the page's script reveals it when that happens live).
  const form = (document: Document, action: string, body: Html, cls = 'inline-form', hidden = false) =>
    html`<form action="${href(ctx, `${base}/documents/${document.id}/${action}`)}" method="post" class="${cls}"${hidden ? html` hidden data-when-read` : ''}>${csrfField(ctx)}<input type="hidden" name="expectedVersion" value="${document.version}">${body}</form>`;
  const languageOptions = (current: string | null) => {
    const codes = current && !DOCUMENT_LANGUAGES.includes(current) ? [...DOCUMENT_LANGUAGES, current] : DOCUMENT_LANGUAGES;
    const options = codes.map((code) => ({ code, label: t.languageName(code) })).sort((a, b) => a.label.localeCompare(b.label, ctx.lang));
    return html`<option value="">${t.t('ws.document.detect')}</option>${options.map((o) => html`<option value="${o.code}"${o.code === current ? html` selected` : ''}>${o.label}</option>`)}`;
  };
  const item = (d: Document) => {
    const name = d.title ?? d.filename;
    const busy = d.status === DocumentStatus.PENDING || d.status === DocumentStatus.PROCESSING;
    const actions = m.can.edit
      ? html`<div class="actions-row document-actions">
          ${form(d, 'retry', html`<button type="submit" class="secondary button">${t.t('ws.document.retry')}<span class="visually-hidden">: ${name}</span></button>`, 'inline-form', busy)}
          ${form(
            d,
            'language',
            html`<label for="language-${d.id}">${t.t('ws.document.language')}<span class="visually-hidden">: ${name}</span></label>
            <select id="language-${d.id}" name="language">${languageOptions(d.languageGiven ? d.language : null)}</select>
            <button type="submit" class="secondary button">${t.t('ws.document.setLanguage')}</button>`,
            'inline-form language-form',
          )}
          ${form(d, 'archive', html`<button type="submit" class="secondary button">${t.t('ws.document.archive')}<span class="visually-hidden">: ${name}</span></button>`)}
        </div>`
      : '';
    return html`<li data-document="${d.id}"><strong${langAttr(ctx, d.language)}>${name}</strong>
      <span class="count">${d.filename !== name ? html`· ${d.filename} ` : ''}${d.pageCount ? html`· ${t.t('record.pages', { n: d.pageCount })}` : ''}</span>
      <p>${d.language ? html`${t.t('ws.document.languageIs', { language: t.languageName(d.language) })}${d.languageGiven ? '' : html` <span class="hint">${t.t('ws.document.detected')}</span>`} · ` : ''}${t.t('ws.document.status')} <span class="status-${d.status}" data-document-status="${d.id}" data-state="${d.status}">${t.t(`document.status.${d.status}` as MessageKey)}</span></p>
      <p class="field-error" data-document-reason="${d.id}"${langAttr(ctx, 'en')}${d.failureReason ? '' : html` hidden`}>${d.failureReason ?? ''}</p>
      ${d.status === 'INDEXED' && d.recognisedPageCount ? html`<p>${t.t('ws.document.recognised', { n: d.recognisedPageCount })}</p>` : ''}
      ${d.status === 'INDEXED' && d.recognitionNotes.length ? html`<ul class="hint"${langAttr(ctx, 'en')}>${d.recognitionNotes.map((note) => html`<li>${note}</li>`)}</ul>` : ''}
      ${actions}</li>`;
  };
  const statusUrl = href(ctx, '/workspace/document-status');
  const uploadAction = `${href(ctx, `${base}/documents`)}?_csrf=${encodeURIComponent(ctx.csrf)}`;
  return html`<h2>${t.t('ws.documents')}</h2>
    ${
      m.documents.length
        ? html`<ul class="docs" data-status-url="${statusUrl}">${m.documents.map(item)}</ul>
        <p class="visually-hidden" aria-live="polite" data-status-announcer></p>`
        : html`<p>${t.t('record.noDocuments')}</p>`
    }
    ${
      m.can.edit
        ? html`<h3>${t.t('ws.upload')}</h3><form action="${uploadAction}" method="post" enctype="multipart/form-data" class="upload-form" data-upload>
          <div class="form-field"><label for="file">${t.t('ws.files', { formats: acceptedFormats(t.lang, t.t('format.plainText'), 'disjunction') })}</label><p class="hint" id="file-hint">${t.t('ws.filesHint', { n: MAX_FILES_PER_UPLOAD })}</p>
            <input type="file" id="file" name="file" multiple aria-describedby="file-hint"></div>
          <div class="upload-progress" data-upload-progress hidden><label for="upload-progress">${t.t('ws.uploading')}</label>
            <progress id="upload-progress" max="100" value="0"></progress> <span data-upload-percent aria-hidden="true"></span></div>
          <p class="field-error" data-upload-failed hidden>${t.t('ws.uploadFailed')}</p>
          <button type="submit">${t.t('ws.uploadSubmit')}</button></form>`
        : ''
    }`;
}
