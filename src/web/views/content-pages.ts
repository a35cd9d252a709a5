import { ActionPlan } from '../../catalogue/entities/action-plan.entity';
import { GoodPractice } from '../../catalogue/entities/good-practice.entity';
import { CatalogueRecord } from '../../catalogue/entities/record-base';
import { RecordType } from '../../catalogue/enums';
import { CatalogueStats } from '../../catalogue/types/catalogue-stats.types';
import { DocumentPassage, LOW_OCR_CONFIDENCE } from '../../documents/document-passage.entity';
import { Document } from '../../documents/document.entity';
import { Region } from '../../taxonomy/region.entity';
import { Sdg } from '../../taxonomy/sdg.entity';
import { TaxonomySnapshot } from '../../taxonomy/taxonomy.service';
import { Theme } from '../../taxonomy/theme.entity';
import { escapeHtml, Html, html } from '../html';
import { MessageKey } from '../i18n/en';
import { contentLang, downloadLinks, langAttr, recordList, recordPath, recordTitle, recordTypeOf, regionLabel, sdgLabel, sdgTile, searchForm, themeLabel } from './components';
import { href, layout, PageContext } from './layout';

// ---------------------------------------------------------------- home

export interface HomeModel {
  stats: CatalogueStats;
  placeCount: number;
  latestPlans: ActionPlan[];
  latestPractices: GoodPractice[];
  taxonomy: TaxonomySnapshot;
}

export function homePage(ctx: PageContext, m: HomeModel): Html {
  const { t } = ctx;
  const count = (type: RecordType) => m.stats.byType.find((b) => b.type === type)?.count ?? 0;
  const sdgCounts = new Map(m.stats.bySdg.map((s) => [s.sdg.number, s.count]));
  const topThemes = [...m.taxonomy.themes.values()].filter((th) => !th.parentSlug);
  const regions = [...m.taxonomy.regions.values()].filter((r) => !r.parentCode);
  return layout(ctx, {
    title: t.t('nav.home'),
    body: html`<h1>${t.t('home.title')}</h1>
      <p class="lead">${t.t('home.intro')}</p>
      ${searchForm(ctx, '')}
      <p class="figures">${t.t('home.counts', { plans: count(RecordType.ACTION_PLAN), practices: count(RecordType.GOOD_PRACTICE), tools: count(RecordType.TOOL), places: m.placeCount })}</p>
      <h2>${t.t('home.bySdg')}</h2>
      <ul class="tiles">${[...m.taxonomy.sdgs.values()].map((s) => html`<li>${sdgTile(ctx, s, sdgCounts.get(s.number) ?? 0)}</li>`)}</ul>
      <div class="two-col">
        <section><h2>${t.t('home.byTheme')}</h2>
          <ul class="plain-list">${topThemes.map((th) => html`<li><a href="${href(ctx, `/themes/${th.slug}`)}">${themeLabel(t, th)}</a></li>`)}</ul>
          <p><a href="${href(ctx, '/themes')}">${t.t('home.allThemes')}</a></p></section>
        <section><h2>${t.t('home.byRegion')}</h2>
          <ul class="plain-list">${regions.map((r) => html`<li><a href="${href(ctx, `/regions/${r.code}`)}">${regionLabel(t, r)}</a></li>`)}</ul>
          <p><a href="${href(ctx, '/regions')}">${t.t('home.allRegions')}</a></p></section>
      </div>
      <div class="two-col">
        <section><h2>${t.t('home.latestPlans')}</h2>${recordList(ctx, RecordType.ACTION_PLAN, m.latestPlans)}</section>
        <section><h2>${t.t('home.latestPractices')}</h2>${recordList(ctx, RecordType.GOOD_PRACTICE, m.latestPractices)}</section>
      </div>`,
  });
}

// ---------------------------------------------------------------- reading view

export interface ReadingModel {
  document: Document;
  record: CatalogueRecord | null;
  passages: DocumentPassage[];
  /** Pages of a PDF (1-based), or sections for formats without pages. */
  unit: 'page' | 'section';
  current: number;
  total: number;
  highlight: string;
}

/** Escaped text with each searched word of three letters or more in <mark>. */
function highlighted(text: string, query: string): Html {
  const words = [
    ...new Set(
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length >= 3),
    ),
  ];
  if (!words.length) return html`${text}`;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return new Html(
    text
      .split(pattern)
      .map((part, i) => (i % 2 === 1 ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
      .join(''),
  );
}

/** Text recognised from a scan says so (and how sure the engine was), so that misread words are not taken for the document's. */
function ocrNotice(ctx: PageContext, passages: DocumentPassage[]): Html {
  const recognised = passages.filter((p) => p.ocr);
  if (!recognised.length) return html``;
  const confidence = Math.min(...recognised.map((p) => p.ocrConfidence ?? 0));
  return html`<div class="notice ocr-note"><p>${ctx.t.t('reading.ocr', { confidence: ctx.t.number(Math.round(confidence)) })}${
    confidence < LOW_OCR_CONFIDENCE ? html` <strong>${ctx.t.t('reading.ocrLow')}</strong>` : ''
  }</p></div>`;
}

export function readingPage(ctx: PageContext, m: ReadingModel): Html {
  const { t } = ctx;
  const d = m.document;
  const name = d.title ?? d.filename;
  const params = (n: number) => ({ page: n, hl: m.highlight || undefined });
  const position =
    m.unit === 'page'
      ? t.t('reading.pageOf', { page: t.number(m.current), total: t.number(m.total) })
      : t.t('reading.section', { n: t.number(m.current), total: t.number(m.total) });
  const links = html`
    ${m.current > 1 ? html`<a href="${href(ctx, `/documents/${d.id}`, params(m.current - 1))}" rel="prev">${t.t('reading.previous')}</a>` : ''}
    <span>${position}</span>
    ${m.current < m.total ? html`<a href="${href(ctx, `/documents/${d.id}`, params(m.current + 1))}" rel="next">${t.t('reading.next')}</a>` : ''}`;
  // One navigation landmark; the same links repeated after the text are a plain group.
  const nav = html`<nav class="page-nav" aria-label="${t.t('pagination.label')}">${links}</nav>`;
  const navAgain = html`<div class="page-nav">${links}</div>`;
  const ready = d.status === 'INDEXED';
  const { record } = m;
  const recordHref = m.record ? href(ctx, recordPath(recordTypeOf(m.record), m.record)) : null;
  return layout(ctx, {
    title: `${name} — ${position}`,
    breadcrumb: [...(m.record && recordHref ? [{ label: recordTitle(m.record), path: recordHref.slice(3) }] : []), { label: name }],
    body: html`<article class="reading">
      <p class="meta"><span class="badge">${t.t('reading.title')}</span></p>
      <h1${langAttr(ctx, d.language)}>${name}</h1>
      ${record && recordHref ? html`<p>${t.rich('reading.of', { record: recordTitle(record) }, { link: (title) => html`<a href="${recordHref}"${contentLang(ctx, record)}>${title}</a>` })}</p>` : ''}
      <p><a href="/documents/${d.id}/file${m.unit === 'page' ? `#page=${m.current}` : ''}">${m.unit === 'page' ? t.t('reading.originalAtPage') : t.t('reading.original')}</a></p>
      ${
        !ready
          ? html`<div class="notice"><p>${t.t('reading.notReady')}</p></div>`
          : html`
        ${
          m.total > 1
            ? html`${nav}
        <form class="page-nav" action="${href(ctx, `/documents/${d.id}`)}" method="get">
          <div><label for="page">${t.t('reading.goTo')}</label><input type="number" id="page" name="page" min="1" max="${m.total}" value="${m.current}" inputmode="numeric"></div>
          ${m.highlight ? html`<input type="hidden" name="hl" value="${m.highlight}">` : ''}
          <button type="submit" class="secondary button">${t.t('reading.go')}</button>
        </form>`
            : ''
        }
        ${m.highlight ? html`<p class="hint">${t.t('reading.highlighted')}</p>` : ''}
        <h2>${position}</h2>
        ${ocrNotice(ctx, m.passages)}
        <div${langAttr(ctx, d.language)}>
        ${m.passages.length ? m.passages.map((p) => html`${p.sectionPath ? html`<p class="section-path">${p.sectionPath}</p>` : ''}<p class="passage"${langAttr(ctx, p.language !== d.language ? p.language : null)}>${highlighted(p.text, m.highlight)}</p>`) : html`<p>${t.t('reading.noText')}</p>`}
        </div>
        ${m.total > 1 ? navAgain : ''}`
      }
    </article>`,
  });
}

// ---------------------------------------------------------------- browse: SDGs, themes, regions

export function sdgsPage(ctx: PageContext, m: { stats: CatalogueStats; taxonomy: TaxonomySnapshot }): Html {
  const { t } = ctx;
  const counts = new Map(m.stats.bySdg.map((s) => [s.sdg.number, s.count]));
  return layout(ctx, {
    title: t.t('browse.sdgs.title'),
    breadcrumb: [{ label: t.t('browse.sdgs.title') }],
    body: html`<h1>${t.t('browse.sdgs.title')}</h1><p class="lead">${t.t('browse.sdgs.intro')}</p>
      <ul class="tiles">${[...m.taxonomy.sdgs.values()].map((s) => html`<li>${sdgTile(ctx, s, counts.get(s.number) ?? 0)}</li>`)}</ul>`,
  });
}

function countLinks(ctx: PageContext, items: { label: string; path: string; count: number }[]): Html {
  return html`<ul class="plain-list">${items.map((i) => html`<li><a href="${href(ctx, i.path)}">${i.label}</a> <span class="count">(${ctx.t.t('browse.count', { n: i.count })})</span></li>`)}</ul>`;
}

export function themesPage(ctx: PageContext, m: { stats: CatalogueStats; taxonomy: TaxonomySnapshot }): Html {
  const { t } = ctx;
  const counts = new Map(m.stats.byTheme.map((s) => [s.theme.slug, s.count]));
  const tops = [...m.taxonomy.themes.values()].filter((th) => !th.parentSlug);
  return layout(ctx, {
    title: t.t('browse.themes.title'),
    breadcrumb: [{ label: t.t('browse.themes.title') }],
    body: html`<h1>${t.t('browse.themes.title')}</h1><p class="lead">${t.t('browse.themes.intro')}</p>
      ${tops.map(
        (top) => html`<section><h2><a href="${href(ctx, `/themes/${top.slug}`)}">${themeLabel(t, top)}</a></h2>
        ${countLinks(
          ctx,
          (m.taxonomy.themeChildren.get(top.slug) ?? []).map((c) => ({ label: themeLabel(t, c), path: `/themes/${c.slug}`, count: counts.get(c.slug) ?? 0 })),
        )}</section>`,
      )}`,
  });
}

export function regionsPage(ctx: PageContext, m: { stats: CatalogueStats; taxonomy: TaxonomySnapshot }): Html {
  const { t } = ctx;
  const counts = new Map([...m.stats.byRegion.map((s) => [s.region.code, s.count] as const), ...m.stats.bySubregion.map((s) => [s.region.code, s.count] as const)]);
  const tops = [...m.taxonomy.regions.values()].filter((r) => !r.parentCode);
  return layout(ctx, {
    title: t.t('browse.regions.title'),
    breadcrumb: [{ label: t.t('browse.regions.title') }],
    body: html`<h1>${t.t('browse.regions.title')}</h1><p class="lead">${t.t('browse.regions.intro')}</p>
      ${tops.map(
        (
          top,
        ) => html`<section><h2><a href="${href(ctx, `/regions/${top.code}`)}">${regionLabel(t, top)}</a> <span class="count">(${t.t('browse.count', { n: counts.get(top.code) ?? 0 })})</span></h2>
        ${countLinks(
          ctx,
          (m.taxonomy.subregions.get(top.code) ?? []).map((r) => ({ label: regionLabel(t, r), path: `/regions/${r.code}`, count: counts.get(r.code) ?? 0 })),
        )}</section>`,
      )}`,
  });
}

/** One SDG, theme or region: what it is, its records (the first page of the filtered search), a link to all. */
export interface BrowseOneModel {
  kind: 'sdg' | 'theme' | 'region';
  sdg?: Sdg;
  theme?: Theme;
  region?: Region;
  children: { label: string; path: string; count: number }[];
  total: number;
  records: CatalogueRecord[];
  searchParams: Record<string, string | readonly string[]>;
}

export function browseOnePage(ctx: PageContext, m: BrowseOneModel): Html {
  const { t } = ctx;
  const title = m.sdg ? `${t.t('browse.sdg', { n: m.sdg.number })}: ${sdgLabel(t, m.sdg)}` : m.theme ? themeLabel(t, m.theme) : regionLabel(t, m.region!);
  const parent: [MessageKey, string] =
    m.kind === 'sdg' ? ['browse.sdgs.title', '/sdgs'] : m.kind === 'theme' ? ['browse.themes.title', '/themes'] : ['browse.regions.title', '/regions'];
  const childrenTitle: MessageKey = m.kind === 'theme' ? 'browse.subthemes' : 'browse.subregions';
  const searchParams = new URLSearchParams(Object.entries(m.searchParams).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, String(x)])));
  return layout(ctx, {
    title,
    breadcrumb: [{ label: t.t(parent[0]), path: parent[1] }, { label: title }],
    body: html`<h1>${m.sdg ? html`<span class="swatch-heading" data-sdg="${m.sdg.number}" aria-hidden="true"></span>` : ''}${title}</h1>
      ${m.theme?.description && ctx.lang === 'en' ? html`<p class="lead">${m.theme.description}</p>` : ''}
      ${m.children.length ? html`<h2>${t.t(childrenTitle)}</h2>${countLinks(ctx, m.children)}` : ''}
      <h2>${t.t('browse.latest')} <span class="count">(${t.t('browse.count', { n: m.total })})</span></h2>
      <ul class="plain-list">${m.records.map((r) => {
        const type = recordTypeOf(r);
        return html`<li><span class="badge">${t.t(`type.${type}` as MessageKey)}</span> <a href="${href(ctx, recordPath(type, r))}"${contentLang(ctx, r)}>${recordTitle(r)}</a></li>`;
      })}</ul>
      <p><a class="button" href="${href(ctx, '/search', searchParams)}">${t.t('browse.seeAll', { n: m.total })}</a></p>
      ${m.total ? downloadLinks(ctx, searchParams) : ''}`,
  });
}

// ---------------------------------------------------------------- statistics

interface Bar {
  label: string;
  count: number;
}

/** A horizontal bar chart as SVG, drawn on the server; the table beside it holds the same figures. */
function barChart(ctx: PageContext, id: string, title: string, column: string, bars: Bar[]): Html {
  const { t } = ctx;
  const rowHeight = 22;
  const labelWidth = 230;
  const width = 640;
  const max = Math.max(1, ...bars.map((b) => b.count));
  const height = bars.length * rowHeight + 10;
  const rtl = t.dir === 'rtl';
  const barX = (w: number) => (rtl ? width - labelWidth - w : labelWidth);
  // The drawing is laid out by hand for both directions: text anchors keep their left-to-right meaning.
  const svg = html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title" focusable="false" direction="ltr">
    <title id="${id}-title">${t.t('stats.chartOf', { title })}</title>
    ${bars.map((b, i) => {
      const w = Math.max(2, Math.round(((width - labelWidth - 60) * b.count) / max));
      const y = i * rowHeight + 4;
      return html`<text x="${rtl ? width - labelWidth + 8 : labelWidth - 8}" y="${y + 14}" text-anchor="${rtl ? 'start' : 'end'}">${b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}</text>
        <rect class="bar" x="${barX(w)}" y="${y}" width="${w}" height="${rowHeight - 6}"></rect>
        <text x="${rtl ? barX(w) - 6 : labelWidth + w + 6}" y="${y + 14}" text-anchor="${rtl ? 'end' : 'start'}">${t.number(b.count)}</text>`;
    })}
  </svg>`;
  return html`<section class="chart" aria-labelledby="${id}">
    <h2 id="${id}">${title}</h2>
    <figure>${svg}</figure>
    <div class="table-scroll"><table>
      <caption class="visually-hidden">${title}</caption>
      <thead><tr><th scope="col">${column}</th><th scope="col" class="num">${t.t('stats.count')}</th></tr></thead>
      <tbody>${bars.map((b) => html`<tr><th scope="row">${b.label}</th><td class="num">${t.number(b.count)}</td></tr>`)}</tbody>
    </table></div>
  </section>`;
}

export function statsPage(ctx: PageContext, m: { stats: CatalogueStats }): Html {
  const { t } = ctx;
  const s = m.stats;
  return layout(ctx, {
    title: t.t('stats.title'),
    breadcrumb: [{ label: t.t('stats.title') }],
    body: html`<h1>${t.t('stats.title')}</h1><p class="lead">${t.t('stats.intro')} ${t.t('stats.total', { n: t.number(s.totalCount) })}</p>
      <div class="charts">
        ${barChart(
          ctx,
          'by-type',
          t.t('stats.byType'),
          t.t('stats.type'),
          s.byType.map((b) => ({ label: t.t(`types.${b.type}` as MessageKey), count: b.count })),
        )}
        ${barChart(
          ctx,
          'by-year',
          t.t('stats.byYear'),
          t.t('stats.year'),
          [...s.byYear].sort((a, b) => a.year - b.year).map((b) => ({ label: String(b.year), count: b.count })),
        )}
        ${barChart(
          ctx,
          'by-region',
          t.t('stats.byRegion'),
          t.t('stats.region'),
          s.byRegion.map((b) => ({ label: regionLabel(t, b.region), count: b.count })),
        )}
        ${barChart(
          ctx,
          'by-sdg',
          t.t('stats.bySdg'),
          t.t('stats.sdg'),
          [...s.bySdg].sort((a, b) => a.sdg.number - b.sdg.number).map((b) => ({ label: `${b.sdg.number}. ${sdgLabel(t, b.sdg)}`, count: b.count })),
        )}
        ${barChart(
          ctx,
          'by-theme',
          t.t('stats.byTheme'),
          t.t('stats.theme'),
          s.byTheme.map((b) => ({ label: themeLabel(t, b.theme), count: b.count })),
        )}
      </div>`,
  });
}

// ---------------------------------------------------------------- about, 404

export function aboutPage(ctx: PageContext): Html {
  const { t } = ctx;
  return layout(ctx, {
    title: t.t('about.title'),
    breadcrumb: [{ label: t.t('about.title') }],
    body: html`<h1>${t.t('about.title')}</h1>
      <div class="prose"><p>${t.t('about.p1')}</p><p>${t.t('about.p2')}</p><p>${t.t('about.p3')}</p></div>
      <p><a class="button" href="/graphql">${t.t('about.api')}</a></p>
      <h2>${t.t('about.accessibility')}</h2><p class="prose">${t.t('about.accessibilityText')}</p>`,
  });
}

export function notFoundPage(ctx: PageContext): Html {
  const { t } = ctx;
  return layout(ctx, {
    title: t.t('notFound.title'),
    body: html`<h1>${t.t('notFound.title')}</h1><p>${t.t('notFound.text')}</p>
      ${searchForm(ctx, '')}
      <p><a href="${href(ctx, '/')}">${t.t('notFound.home')}</a></p>`,
  });
}

/** The page of an unexpected error, or (`retryAfterSeconds`) of a request over the rate limit. */
export function errorPage(ctx: PageContext, retryAfterSeconds?: number): Html {
  const { t } = ctx;
  const title = retryAfterSeconds === undefined ? t.t('error.title') : t.t('tooMany.title');
  const text = retryAfterSeconds === undefined ? t.t('error.text') : t.t('tooMany.text', { seconds: retryAfterSeconds });
  return layout(ctx, {
    title,
    body: html`<h1>${title}</h1><p>${text}</p><p><a href="${href(ctx, '/')}">${t.t('notFound.home')}</a></p>`,
  });
}
