import { ActionPlan } from '../../catalogue/entities/action-plan.entity';
import { CatalogueRecord } from '../../catalogue/entities/record-base';
import { RecordType } from '../../catalogue/enums';
import { definitionOf, definitionOfRecord, RECORD_DEFINITIONS } from '../../catalogue/record-definitions';
import { Country } from '../../taxonomy/country.entity';
import { Region } from '../../taxonomy/region.entity';
import { Sdg } from '../../taxonomy/sdg.entity';
import { TargetGroup } from '../../taxonomy/target-group.entity';
import { Theme } from '../../taxonomy/theme.entity';
import { TaxonomySnapshot } from '../../taxonomy/taxonomy.service';
import { Html, html } from '../html';
import { MessageKey } from '../i18n/en';
import { Translator } from '../i18n/i18n';
import { href, PageContext } from './layout';

/** Where each record type's pages live (its definition's page path). */
export const RECORD_PATHS = Object.fromEntries(RECORD_DEFINITIONS.map((d) => [d.type, d.pagePath])) as Record<RecordType, string>;

/** The record types in the order pages list them (the order of the definitions). */
export const RECORD_TYPES_IN_ORDER: readonly RecordType[] = RECORD_DEFINITIONS.map((d) => d.type);

export function recordPath(type: RecordType, record: { slug: string }): string {
  return `/${RECORD_PATHS[type]}/${encodeURIComponent(record.slug)}`;
}

/** The title of a record whatever its type (local governments have a name). */
export function recordTitle(record: CatalogueRecord): string {
  return (record as { title?: string; name?: string }).title ?? (record as { name?: string }).name ?? '';
}

/** The record type of an entity instance. */
export function recordTypeOf(record: CatalogueRecord): RecordType {
  return definitionOfRecord(record).type;
}

/**
 * "Download these records" links: the exports (/export/{collection}.csv|json) of each record type
 * shown, with the page's filter and words (not its page number or type choice), so the file holds
 * every row behind the page.
 */
export function downloadLinks(ctx: PageContext, params: URLSearchParams, types: readonly RecordType[] = RECORD_TYPES_IN_ORDER): Html {
  const { t } = ctx;
  const kept = new URLSearchParams([...params].filter(([k]) => k !== 'page' && k !== 'type'));
  const query = kept.toString() ? `?${kept.toString()}` : '';
  return html`<section class="downloads" aria-labelledby="downloads-heading">
    <h2 id="downloads-heading">${t.t('download.heading')}</h2>
    <ul class="plain-list">${types.map((type) => {
      const collection = definitionOf(type).collection;
      const label = t.t(`types.${type}` as MessageKey);
      // "CSV" four times over is ambiguous out of context: the link's name says which records.
      const named = (format: string) => html`${format}<span class="visually-hidden"> (${label})</span>`;
      return html`<li>${label}: <a href="/export/${collection}.csv${query}" download>${named('CSV')}</a> · <a href="/export/${collection}.json${query}" download>${named('JSON')}</a></li>`;
    })}</ul>
    <p class="hint">${t.t('download.hint')}</p>
  </section>`;
}

// ---- taxonomy labels in the interface language (English is the record's own name)

export function sdgLabel(t: Translator, sdg: Sdg): string {
  return (t.lang !== 'en' && sdg.labels?.[t.lang]) || sdg.title;
}
export function themeLabel(t: Translator, theme: Theme): string {
  return (t.lang !== 'en' && theme.labels?.[t.lang]) || theme.name;
}
export function targetGroupLabel(t: Translator, group: TargetGroup): string {
  return (t.lang !== 'en' && group.labels?.[t.lang]) || group.name;
}
export function regionLabel(t: Translator, region: Region): string {
  return t.lang === 'en' ? region.name : t.placeName(region.code, region.name);
}
export function countryLabel(t: Translator, country: Country): string {
  return t.lang === 'en' ? country.name : t.placeName(country.code, country.name);
}
export function enumLabel(t: Translator, value: string): string {
  return t.t(`enum.${value}` as MessageKey);
}

/**
 * Text colour on an SDG's official colour: white fails contrast on several (e.g. SDG 7's yellow), so
 * the tile shows the colour as a swatch beside dark text instead of text on the colour.
 */
/** A taxonomy value's label in the interface language; the value itself when the taxonomy has no such entry. */
export function taxonomyLabel(t: Translator, taxonomy: TaxonomySnapshot, kind: 'theme' | 'sdg' | 'region' | 'country' | 'targetGroup', value: string | number): string {
  const key = String(value);
  switch (kind) {
    case 'theme':
      return taxonomy.themes.get(key) ? themeLabel(t, taxonomy.themes.get(key)!) : key;
    case 'sdg':
      return taxonomy.sdgs.get(Number(value)) ? sdgLabel(t, taxonomy.sdgs.get(Number(value))!) : key;
    case 'region':
      return taxonomy.regions.get(key) ? regionLabel(t, taxonomy.regions.get(key)!) : key;
    case 'country':
      return taxonomy.countries.get(key) ? countryLabel(t, taxonomy.countries.get(key)!) : key;
    case 'targetGroup':
      return taxonomy.targetGroups.get(key) ? targetGroupLabel(t, taxonomy.targetGroups.get(key)!) : key;
  }
}

export function sdgTile(ctx: PageContext, sdg: Sdg, count?: number): Html {
  const { t } = ctx;
  return html`<a class="tile" href="${href(ctx, `/sdgs/${sdg.number}`)}">
    <span class="swatch" data-sdg="${sdg.number}" aria-hidden="true"></span>
    <span class="text"><span class="num">${t.t('browse.sdg', { n: sdg.number })}</span><span>${sdgLabel(t, sdg)}</span>${
      count === undefined ? '' : html`<span class="count">${t.t('browse.count', { n: count })}</span>`
    }</span></a>`;
}

export function searchForm(ctx: PageContext, q: string, hidden: URLSearchParams = new URLSearchParams()): Html {
  const { t } = ctx;
  return html`<form class="search-form" action="${href(ctx, '/search')}" method="get" role="search">
    <div class="field">
      <label for="q">${t.t('search.label')} <span class="hint">${t.t('search.hint')}</span></label>
      <input type="search" id="q" name="q" value="${q}" autocomplete="off" enterkeyhint="search">
    </div>
    ${[...hidden].filter(([k]) => k !== 'q' && k !== 'page').map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
    <button type="submit">${t.t('search.submit')}</button>
  </form>`;
}

/** Themes, SDGs and target groups of a record, each a link to the filtered search. */
export function tagLists(ctx: PageContext, tags: { themes: Theme[]; sdgs: Sdg[]; targetGroups: TargetGroup[] }): Html {
  const { t } = ctx;
  const list = (title: string, items: Html[]) => (items.length ? html`<h2>${title}</h2><ul class="tags">${items.map((i) => html`<li>${i}</li>`)}</ul>` : '');
  return html`${list(
    t.t('record.sdgs'),
    tags.sdgs.map(
      (s) =>
        html`<a href="${href(ctx, '/search', { sdg: s.number })}"><span class="swatch" data-sdg="${s.number}" aria-hidden="true"></span>${t.t('browse.sdg', { n: s.number })}: ${sdgLabel(t, s)}</a>`,
    ),
  )}${list(
    t.t('record.themes'),
    tags.themes.map((th) => html`<a href="${href(ctx, '/search', { theme: th.slug })}">${themeLabel(t, th)}</a>`),
  )}${list(
    t.t('record.targetGroups'),
    tags.targetGroups.map((g) => html`<a href="${href(ctx, '/search', { target_group: g.slug })}">${targetGroupLabel(t, g)}</a>`),
  )}`;
}

/** A short list of records (latest plans, a place's practices…), each title in its own language. */
export function recordList(ctx: PageContext, type: RecordType, records: CatalogueRecord[]): Html {
  return html`<ul class="plain-list">${records.map(
    (r) =>
      html`<li><a href="${href(ctx, recordPath(type, r))}"${contentLang(ctx, r)}>${recordTitle(r)}</a>${yearOf(r) ? html` <span class="count">(${yearOf(r)})</span>` : ''}</li>`,
  )}</ul>`;
}

function yearOf(record: CatalogueRecord): number | null {
  return (record as ActionPlan).year ?? (record as { startYear?: number }).startYear ?? null;
}

/**
 * ` lang="…"` on record content (title, summary…) whose language differs from the page's, as detected
 * from its text by the page service (ctx.contentLangs); nothing when unsure.
 */
export function contentLang(ctx: PageContext, record: { id: string }): Html {
  return langAttr(ctx, ctx.contentLangs.get(record.id));
}

/**
 * The error summary at the top of a page that answers a form with its problems: a heading, an optional
 * sentence, and a link to each field (its message in the API's English marked `lang="en"`).
 */
export function errorSummary(ctx: PageContext, problems: { field: string; message: string; lang?: string | null }[], problem: string | null = null): Html {
  if (!problems.length && !problem) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1"><h2 id="error-summary-title">${ctx.t.t('login.errorSummary')}</h2>
    ${problem ? html`<p>${problem}</p>` : ''}
    ${problems.length ? html`<ul>${problems.map((p) => html`<li><a href="#${p.field}"${langAttr(ctx, p.lang)}>${p.message}</a></li>`)}</ul>` : ''}</div>`;
}

/**
 * Text of unknown direction inside a sentence of the page's language (a French title in an Arabic
 * heading): Unicode isolates keep each in its own direction.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur']);

/** ` lang dir` for text in another language than the page's: English in an Arabic page runs left to right. */
export function langAttr(ctx: PageContext, lang: string | null | undefined): Html {
  if (!lang || lang === ctx.lang) return html``;
  const dir = RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr';
  return dir === ctx.t.dir ? html` lang="${lang}"` : html` lang="${lang}" dir="${dir}"`;
}
