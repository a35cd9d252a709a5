import type { ImportReport } from '../../imports/import.service';
import { importReportCsv, importSummary } from '../../imports/import-report';
import { html, Html } from '../html';
import type { MessageKey } from '../i18n/en';
import { errorSummary, RECORD_PATHS, RECORD_TYPES_IN_ORDER } from './components';
import { href, layout, type PageContext } from './layout';
import { definitionOf } from '../../catalogue/record-definitions';
import { RecordType } from '../../catalogue/enums';
import { importRowProblemMessage, type PageMessage } from '../problem-messages';

export interface ImportPageModel {
  /** The record type chosen last (kept in the form). */
  type: RecordType;
  /** The report of the import just run; null on the empty form. */
  report: ImportReport | null;
  /** Why the file was refused, in the page's language or (lang 'en') the import's own English words. */
  problem: PageMessage | null;
  /** IMPORT_MAX_CSV_BYTES, for the file field's hint. */
  maxCsvBytes: number;
}

/** The workspace's bulk import: the form (type, file, dry run first), and after a run its report. */
export function importPage(ctx: PageContext, m: ImportPageModel): Html {
  const { t } = ctx;
  const action = `${href(ctx, '/workspace/import')}?_csrf=${encodeURIComponent(ctx.csrf)}`;
  const dryRunChecked = !m.report || !m.report.dryRun || m.report.counts.ERROR > 0;
  const form = html`<form action="${action}" method="post" enctype="multipart/form-data" class="import-form">
      <div class="form-field"><label for="type">${t.t('import.type')}</label>
        <select id="type" name="type">${RECORD_TYPES_IN_ORDER.map((type) => html`<option value="${definitionOf(type).collection}"${type === m.type ? html` selected` : ''}>${t.t(`types.${type}` as MessageKey)}</option>`)}</select></div>
      <div class="form-field"><label for="file">${t.t('import.file')}</label><p class="hint" id="file-hint">${t.t('import.fileHint', { mb: Math.round((m.maxCsvBytes / 1048576) * 10) / 10 })}</p>
        <input type="file" id="file" name="file" accept=".csv,.zip,text/csv,application/zip" aria-describedby="file-hint"></div>
      <div class="form-check"><input type="checkbox" id="dryRun" name="dryRun"${dryRunChecked ? html` checked` : ''}><label for="dryRun">${t.t('import.dryRun')}</label></div>
      <button type="submit">${t.t('import.submit')}</button>
    </form>`;
  return layout(ctx, {
    title: t.t('import.title'),
    breadcrumb: [{ label: t.t('workspace.title'), path: '/workspace' }, { label: t.t('import.title') }],
    body: html`<h1>${t.t('import.title')}</h1>
      ${errorSummary(ctx, m.problem ? [{ field: 'file', message: m.problem.text, lang: m.problem.lang }] : [])}
      ${m.report ? reportSection(ctx, m.report) : html`<p class="lead">${t.t('import.intro')}</p>`}
      <h2>${m.report?.dryRun ? t.t('import.again') : t.t('import.formHeading')}</h2>
      ${form}
      <p class="hint">${t.t('import.columnsHint')}</p>`,
  });
}

function reportSection(ctx: PageContext, report: ImportReport): Html {
  const { t } = ctx;
  const c = report.counts;
  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent(importReportCsv(report))}`;
  const base = `/workspace/${RECORD_PATHS[report.type]}`;
  return html`<section aria-labelledby="report-heading">
    <h2 id="report-heading">${report.dryRun ? t.t('import.reportDry') : t.t('import.reportDone')}</h2>
    <p role="status">${t.t(report.dryRun ? 'import.countsDry' : 'import.countsDone', { created: c.CREATED, updated: c.UPDATED, unchanged: c.UNCHANGED, errors: c.ERROR })}</p>
    ${report.stopped ? html`<p class="notice" lang="en">${importSummary(report).at(-1)}</p>` : ''}
    ${report.unknownColumns.length ? html`<p class="notice">${t.t('import.unknownColumns', { columns: report.unknownColumns.join(', ') })}</p>` : ''}
    <p><a href="${csv}" download="import-report.csv">${t.t('import.downloadReport')}</a></p>
    <div class="table-scroll"><table>
      <caption class="visually-hidden">${report.dryRun ? t.t('import.reportDry') : t.t('import.reportDone')}</caption>
      <thead><tr><th scope="col">${t.t('import.line')}</th><th scope="col">${t.t('import.outcome')}</th><th scope="col">${t.t('import.record')}</th><th scope="col">${t.t('import.details')}</th></tr></thead>
      <tbody>${report.rows.map(
        (
          r,
        ) => html`<tr class="outcome-${r.outcome.toLowerCase()}"><td class="num">${r.line}</td><td>${t.t(`import.outcome.${r.outcome}` as MessageKey)}${r.matchedBy ? html` <span class="hint">(${t.t(`import.matched.${r.matchedBy.replace(' ', '')}` as MessageKey)})</span>` : ''}</td>
          <td>${r.id ? html`<a href="${href(ctx, `${base}/${r.id}`)}" dir="auto">${r.title ?? r.slug ?? r.id}</a>` : html`<span dir="auto">${r.title ?? r.slug ?? ''}</span>`}</td>
          <td><ul class="plain-list">${r.problems.map((p) => {
            const said = importRowProblemMessage(t, p);
            return html`<li class="field-error"><code>${p.column}</code>: <span${said.lang ? html` lang="${said.lang}"` : ''}>${said.text}</span></li>`;
          })}${r.changes.map(
            (ch) => html`<li><code>${ch.field}</code>: <del dir="auto">${ch.before}</del> → <ins dir="auto">${ch.after}</ins></li>`,
          )}${r.documents.map((d) => html`<li>${t.t('import.attached', { file: d })}</li>`)}</ul></td></tr>`,
      )}</tbody>
    </table></div>
  </section>`;
}
