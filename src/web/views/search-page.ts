import { LOW_OCR_CONFIDENCE } from '../../documents/document-passage.entity';
import { RecordType } from '../../catalogue/enums';
import { FILTER_FIELDS } from '../../catalogue/filter-fields';
import { SearchHit, SearchResults, SearchSort } from '../../search/search.types';
import { TaxonomySnapshot } from '../../taxonomy/taxonomy.service';
import { Html, html, trustedHighlight } from '../html';
import { MessageKey } from '../i18n/en';
import { atPage, HITS_PER_PAGE, HIT_TYPES, PASSAGES_PER_PART, SearchRequest, toggled } from '../search-params';
import { contentLang, downloadLinks, langAttr, RECORD_TYPES_IN_ORDER, recordPath, recordTitle, recordTypeOf, searchForm, taxonomyLabel } from './components';
import { href, layout, PageContext } from './layout';

export interface SearchPageModel {
  request: SearchRequest | null;
  results: SearchResults | null;
  /** A problem to show instead of results (bad parameters, search down). */
  problem: { kind: 'badInput' | 'unavailable'; message?: string } | null;
  taxonomy: TaxonomySnapshot;
}

/** The filter fields a URL sets (catalogue/filter-fields.ts). */
const URL_FIELDS = FILTER_FIELDS.filter((f) => f.url);

/** A value of a URL parameter (a filter field's, or `type`) in the interface language. */
function valueLabel(ctx: PageContext, t: TaxonomySnapshot, param: string, value: string): string {
  const tr = ctx.t;
  if (param === 'type') return tr.t(`types.${value}` as MessageKey);
  const field = URL_FIELDS.find((f) => f.url!.param === param);
  switch (field?.values) {
    case 'theme':
    case 'region':
    case 'country':
    case 'targetGroup':
      return taxonomyLabel(tr, t, field.values, value);
    case 'sdg':
      return t.sdgs.get(Number(value)) ? `${tr.t('browse.sdg', { n: Number(value) })}: ${taxonomyLabel(tr, t, 'sdg', value)}` : value;
    case 'language':
      return tr.languageName(value);
    case 'year':
      return `${tr.t(field.labelKey as MessageKey)} ${value}`;
    default:
      return '';
  }
}

/** Checkbox groups: the record type, then the filter fields with a facet (those marked `lead` first). */
const FACETS: { param: string; key: string; labelKey: string }[] = [
  { param: 'type', key: 'types', labelKey: 'search.facet.type' },
  ...[...URL_FIELDS.filter((f) => f.facet?.lead), ...URL_FIELDS.filter((f) => !f.facet?.lead)]
    .filter((f) => f.facet && f.url!.many)
    .map((f) => ({ param: f.url!.param, key: f.facet!.key, labelKey: f.labelKey! })),
];

/** The year range's inputs. */
const YEAR_FIELDS = URL_FIELDS.filter((f) => f.values === 'year');

/** List parameters the facet form has no checkboxes for: carried on as they are. */
const CARRIED_PARAMS = URL_FIELDS.filter((f) => f.url!.many && !f.facet).map((f) => f.url!.param);

function facetGroups(ctx: PageContext, model: SearchPageModel, params: URLSearchParams): Html {
  const { t } = ctx;
  const results = model.results!;
  return html`${FACETS.map(({ param, key, labelKey }) => {
    const selected = new Set(params.getAll(param));
    // Selected values stay visible even when the current results hold none of them.
    const values = [...results.facets[key].filter((v) => param !== 'type' || HIT_TYPES.includes(v.value as never))];
    for (const value of selected) if (!values.some((v) => v.value === value)) values.push({ value, count: 0, label: null });
    if (!values.length) return '';
    const legendId = `facet-${param}`;
    return html`<fieldset>
      <legend id="${legendId}">${t.t(labelKey as MessageKey)}</legend>
      <ul>${values.map((v, i) => {
        const id = `${param}-${i}`;
        return html`<li><input type="checkbox" id="${id}" name="${param}" value="${v.value}"${selected.has(v.value) ? html` checked` : ''}>
          <label for="${id}">${valueLabel(ctx, model.taxonomy, param, v.value)} <span class="count">(${t.number(v.count)})</span></label></li>`;
      })}</ul>
    </fieldset>`;
  })}
  <fieldset>
    <legend>${t.t('search.facet.years')}</legend>
    <div class="years">
      ${YEAR_FIELDS.map(({ url, labelKey }) => {
        const name = url!.param;
        return html`<div><label for="${name}">${t.t(labelKey as MessageKey)}</label><input type="number" id="${name}" name="${name}" min="1900" max="2100" inputmode="numeric" value="${params.get(name) ?? ''}"></div>`;
      })}
    </div>
  </fieldset>`;
}

function activeFilters(ctx: PageContext, model: SearchPageModel, params: URLSearchParams): Html {
  const { t } = ctx;
  const chips: Html[] = [];
  for (const [name, value] of params) {
    if (name === 'q' || name === 'sort' || name === 'page') continue;
    const label = valueLabel(ctx, model.taxonomy, name, value);
    chips.push(
      html`<li><a class="chip" href="${href(ctx, '/search', toggled(params, name, value))}"><span class="visually-hidden">${t.t('search.removeFilter', { label: '' })}</span>${label}</a></li>`,
    );
  }
  if (!chips.length) return html``;
  const cleared = new URLSearchParams();
  if (params.get('q')) cleared.set('q', params.get('q')!);
  return html`<h2 class="visually-hidden">${t.t('search.activeFilters')}</h2>
    <ul class="active-filters">${chips}<li><a href="${href(ctx, '/search', cleared)}">${t.t('search.clearAll')}</a></li></ul>`;
}

function hitItem(ctx: PageContext, hit: SearchHit, q: string): Html {
  const { t } = ctx;
  const type = recordTypeOf(hit.record);
  const recordHref = href(ctx, recordPath(type, hit.record));
  if (hit.type === 'PASSAGE' && hit.document) {
    const doc = hit.document;
    const name = doc.title ?? doc.filename;
    const page = hit.page;
    // Formats without pages are read in parts of PASSAGES_PER_PART passages: open the passage's part.
    const seq = Number(hit.id.slice(hit.id.lastIndexOf('-') + 1));
    const part = page ?? (Number.isInteger(seq) ? Math.floor(seq / PASSAGES_PER_PART) + 1 : undefined);
    const reading = href(ctx, `/documents/${doc.id}`, { page: part, hl: q || undefined });
    const original = `/documents/${doc.id}/file${page ? `#page=${page}` : ''}`;
    return html`<li class="hit">
      <p class="meta"><span class="badge">${t.t('type.PASSAGE')}</span> ${page ? t.t('search.passageAt', { page: t.number(page), document: name }) : t.t('search.passageIn', { document: name })}${hit.sectionPath ? html` · <span${langAttr(ctx, doc.language)}>${hit.sectionPath}</span>` : ''}${hit.ocr ? html` · <span class="ocr-note">${t.t('search.ocr')}${hit.ocrConfidence !== null && hit.ocrConfidence < LOW_OCR_CONFIDENCE ? ` (${t.t('search.ocrLow')})` : ''}</span>` : ''}</p>
      <h3><a href="${reading}"${langAttr(ctx, doc.language)}>${trustedHighlight(hit.highlightedTitle)}</a></h3>
      ${hit.snippet ? html`<p class="snippet"${langAttr(ctx, doc.language)}>${trustedHighlight(hit.snippet)}</p>` : ''}
      <ul class="actions">
        <li><a href="${reading}">${page ? t.t('search.readPage', { page: t.number(page) }) : t.t('search.read')}</a></li>
        <li><a href="${original}">${page ? t.t('search.openOriginal', { page: t.number(page) }) : t.t('search.openOriginalFile')}</a></li>
        <li>${t.rich('search.in', { record: recordTitle(hit.record) }, { link: (title) => html`<a href="${recordHref}"${contentLang(ctx, hit.record)}>${title}</a>` })}</li>
      </ul>
    </li>`;
  }
  return html`<li class="hit">
    <p class="meta"><span class="badge">${t.t(`type.${type}` as MessageKey)}</span></p>
    <h3><a href="${recordHref}"${contentLang(ctx, hit.record)}>${trustedHighlight(hit.highlightedTitle)}</a></h3>
    ${hit.snippet ? html`<p class="snippet"${contentLang(ctx, hit.record)}>${trustedHighlight(hit.snippet)}</p>` : ''}
  </li>`;
}

function pagination(ctx: PageContext, params: URLSearchParams, page: number, total: number): Html {
  const { t } = ctx;
  const pages = lastPage(total);
  if (pages <= 1) return html``;
  return html`<nav class="pagination" aria-label="${t.t('pagination.label')}"><ul>
    ${page > 1 ? html`<li><a href="${href(ctx, '/search', atPage(params, page - 1))}" rel="prev">${t.t('pagination.previous')}</a></li>` : ''}
    <li aria-current="page">${t.t('pagination.page', { n: t.number(page), total: t.number(pages) })}</li>
    ${page < pages ? html`<li><a href="${href(ctx, '/search', atPage(params, page + 1))}" rel="next">${t.t('pagination.next')}</a></li>` : ''}
  </ul></nav>`;
}

/** The last page of results (searches page through at most the engine's 10,000 hits). */
function lastPage(total: number): number {
  return Math.max(1, Math.ceil(Math.min(total, 10000) / HITS_PER_PAGE));
}

const SORTS = [SearchSort.RELEVANCE, SearchSort.YEAR_DESC, SearchSort.YEAR_ASC, SearchSort.TITLE_ASC, SearchSort.NEWEST];

/** The record types the search is limited to (all when none is chosen; passages have no export). */
function selectedRecordTypes(params: URLSearchParams): RecordType[] {
  const chosen = params.getAll('type').filter((type): type is RecordType => RECORD_TYPES_IN_ORDER.includes(type as RecordType));
  return chosen.length ? chosen : [...RECORD_TYPES_IN_ORDER];
}

export function searchPage(ctx: PageContext, model: SearchPageModel): Html {
  const { t } = ctx;
  const params = model.request?.params ?? new URLSearchParams();
  const q = params.get('q') ?? '';
  const results = model.results;
  let body: Html;
  if (model.problem || !results || !model.request) {
    const message = model.problem?.kind === 'badInput' ? t.t('search.badInput', { reason: model.problem.message ?? '' }) : t.t('search.unavailable');
    body = html`<div class="notice" role="alert"><p>${message}</p></div>`;
  } else {
    const count = q ? t.t('search.resultsFor', { n: results.totalCount, q }) : t.t('search.results', { n: results.totalCount });
    const sort = (params.get('sort') ?? 'relevance').toUpperCase();
    const sortHidden = [...params].filter(([k]) => k !== 'sort' && k !== 'page');
    body = html`<p><a class="skip-results" href="#results">${t.t('search.skipToResults')}</a></p>
      <div class="search-layout">
      <form class="facets" action="${href(ctx, '/search')}" method="get" data-autosubmit>
        <h2>${t.t('search.filters')}</h2>
        <p class="hint" data-autosubmit-note hidden>${t.t('search.autoApply')}</p>
        ${q ? html`<input type="hidden" name="q" value="${q}">` : ''}
        ${params.get('sort') ? html`<input type="hidden" name="sort" value="${params.get('sort')}">` : ''}
        ${CARRIED_PARAMS.flatMap((name) => params.getAll(name).map((v) => html`<input type="hidden" name="${name}" value="${v}">`))}
        ${facetGroups(ctx, model, params)}
        <button type="submit">${t.t('search.applyFilters')}</button>
      </form>
      <section id="results" aria-labelledby="results-heading" tabindex="-1">
        <h2 id="results-heading" class="visually-hidden">${t.t('search.results.heading')}</h2>
        ${activeFilters(ctx, model, params)}
        <div class="results-head">
          <p role="status">${count}</p>
          <form class="sort-form" action="${href(ctx, '/search')}" method="get">
            ${sortHidden.map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
            <div><label for="sort">${t.t('search.sort')}</label>
            <select id="sort" name="sort">${SORTS.map((s) => html`<option value="${s.toLowerCase()}"${s === sort ? html` selected` : ''}>${t.t(`search.sort.${s.toLowerCase()}` as MessageKey)}</option>`)}</select></div>
            <button type="submit" class="secondary button">${t.t('search.sortApply')}</button>
          </form>
        </div>
        ${
          !results.items.length && model.request.page > 1 && results.totalCount > 0
            ? html`<div class="empty"><p>${t.t('search.pastEnd', { page: t.number(model.request.page), last: t.number(lastPage(results.totalCount)) })}</p>
              <p><a href="${href(ctx, '/search', atPage(params, lastPage(results.totalCount)))}">${t.t('search.lastPage')}</a></p></div>`
            : results.items.length
              ? html`<ol class="hits" start="${(model.request.page - 1) * HITS_PER_PAGE + 1}">${results.items.map((hit) => hitItem(ctx, hit, q))}</ol>`
              : html`<div class="empty"><h3>${t.t('search.empty.title')}</h3><p>${t.t('search.empty.tips')}</p>
              <p><a href="${href(ctx, '/sdgs')}">${t.t('nav.sdgs')}</a> · <a href="${href(ctx, '/themes')}">${t.t('nav.themes')}</a> · <a href="${href(ctx, '/regions')}">${t.t('nav.regions')}</a></p></div>`
        }
        ${pagination(ctx, params, model.request.page, results.totalCount)}
        ${results.totalCount ? downloadLinks(ctx, params, selectedRecordTypes(params)) : ''}
      </section>
    </div>`;
  }
  return layout(ctx, {
    title: q ? `${t.t('search.title')}: ${q}` : t.t('search.title'),
    breadcrumb: [{ label: t.t('search.title') }],
    body: html`<h1>${t.t('search.title')}</h1>${searchForm(ctx, q, params)}${body}`,
  });
}
