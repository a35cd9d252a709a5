import { ActionPlan } from '../../catalogue/entities/action-plan.entity';
import { GoodPractice } from '../../catalogue/entities/good-practice.entity';
import { LocalGovernment } from '../../catalogue/entities/local-government.entity';
import { CatalogueRecord } from '../../catalogue/entities/record-base';
import { Tool } from '../../catalogue/entities/tool.entity';
import { RecordType } from '../../catalogue/enums';
import { holdsDocuments, isTagged } from '../../catalogue/record-definitions';
import { recordStructuredData } from './structured-data';
import { Document } from '../../documents/document.entity';
import { Sdg } from '../../taxonomy/sdg.entity';
import { TargetGroup } from '../../taxonomy/target-group.entity';
import { TaxonomySnapshot } from '../../taxonomy/taxonomy.service';
import { Theme } from '../../taxonomy/theme.entity';
import { Html, html } from '../html';
import { MessageKey } from '../i18n/en';
import { contentLang, countryLabel, enumLabel, langAttr, recordList, recordPath, recordTitle, regionLabel, tagLists } from './components';
import { href, layout, PageContext } from './layout';

export interface RecordPageModel {
  type: RecordType;
  record: CatalogueRecord;
  tags: { themes: Theme[]; sdgs: Sdg[]; targetGroups: TargetGroup[] };
  place: LocalGovernment | null;
  plan: ActionPlan | null;
  plans: ActionPlan[];
  practices: GoodPractice[];
  documents: Document[];
  taxonomy: TaxonomySnapshot;
  /** How to cite it (plans, practices and tools): an APA reference and its BibTeX. */
  citation: { apa: string; bibtex: string } | null;
}

type Row = [MessageKey, Html | string | number | null | undefined];

function rows(items: Row[]): Html {
  const shown = items.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(v instanceof Html && v.value === ''));
  return shown.length ? html`<dl>${shown.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>` : html``;
}

function link(url: string | null | undefined): Html | null {
  return url ? html`<a href="${url}" rel="noopener">${url.replace(/^https?:\/\//, '')}</a>` : null;
}

function prose(ctx: PageContext, record: CatalogueRecord, key: MessageKey, text: string | null | undefined): Html {
  return text ? html`<h2>${ctx.t.t(key)}</h2><div class="prose"${contentLang(ctx, record)}>${text}</div>` : html``;
}

function documentsList(ctx: PageContext, documents: Document[]): Html {
  const { t } = ctx;
  if (!documents.length) return html`<h2>${t.t('record.documents')}</h2><p>${t.t('record.noDocuments')}</p>`;
  return html`<h2>${t.t('record.documents')}</h2><ul class="docs">${documents.map(
    (d) => html`<li>
      <strong${langAttr(ctx, d.language)}>${d.title ?? d.filename}</strong>
      <span class="count">${d.pageCount ? ` · ${t.t('record.pages', { n: d.pageCount })}` : ''}${d.language ? ` · ${t.languageName(d.language)}` : ''}</span><br>
      <span class="status-${d.status}">${t.t(`document.status.${d.status}` as MessageKey)}</span>
      ${d.status === 'INDEXED' ? html` · <a href="${href(ctx, `/documents/${d.id}`)}">${t.t('document.read')}</a>` : ''}
      · <a href="/documents/${d.id}/file">${t.t('document.original')}</a>
    </li>`,
  )}</ul>`;
}

/** How to cite this record and point at it for good: an APA reference, BibTeX, downloads, the permalink (which follows slug changes). */
function citeSection(ctx: PageContext, model: RecordPageModel): Html {
  const { t } = ctx;
  const permalink = `${ctx.publicBase}/r/${model.record.id}`;
  const c = model.citation;
  return html`<section class="cite" aria-labelledby="cite-heading">
    <h2 id="cite-heading">${t.t('record.cite')}</h2>
    ${
      c
        ? html`<p id="cite-apa" class="citation" dir="ltr" lang="en">${c.apa}</p>
    <p class="actions-row"><button type="button" class="secondary button" data-copy="cite-apa" hidden>${t.t('record.cite.copy')}</button>
      ${t.t('record.cite.download')} <a href="/r/${model.record.id}/citation.bib" download>BibTeX</a> · <a href="/r/${model.record.id}/citation.ris" download>RIS</a> · <a href="/r/${model.record.id}/citation.json" download>CSL-JSON</a></p>
    <details><summary>BibTeX</summary><pre id="cite-bibtex" dir="ltr" lang="en" tabindex="0">${c.bibtex}</pre>
      <button type="button" class="secondary button" data-copy="cite-bibtex" hidden>${t.t('record.cite.copyBibtex')}</button></details>
    <p class="visually-hidden" role="status" data-copy-status data-copied="${t.t('record.cite.copied')}"></p>`
        : ''
    }
    <p>${t.t('record.permalink')} <a href="${permalink}" class="permalink" dir="ltr">${permalink}</a></p>
  </section>`;
}

export function recordPage(ctx: PageContext, model: RecordPageModel): Html {
  const { t } = ctx;
  const r = model.record;
  const title = recordTitle(r);
  const placeLink = model.place ? html`<a href="${href(ctx, recordPath(RecordType.LOCAL_GOVERNMENT, model.place))}">${model.place.name}</a>` : null;
  const languages = (list: string[] | undefined) => (list?.length ? list.map((l) => t.languageName(l)).join(', ') : null);
  let details: Html;
  let extra: Html = html``;
  switch (model.type) {
    case RecordType.ACTION_PLAN: {
      const p = r as ActionPlan;
      details = rows([
        [t.t('record.localGovernment') as MessageKey, placeLink],
        [t.t('record.kind') as MessageKey, enumLabel(t, p.kind)],
        [t.t('record.lifecycle') as MessageKey, enumLabel(t, p.lifecycle)],
        [t.t('record.originalTitle') as MessageKey, p.originalTitle ? html`<span${langAttr(ctx, p.languages?.[0])}>${p.originalTitle}</span>` : null],
        [t.t('record.adoptionDate') as MessageKey, p.adoptionDate ? t.date(p.adoptionDate) : null],
        [t.t('record.period') as MessageKey, p.periodStart ? `${p.periodStart}–${p.periodEnd ?? ''}` : null],
        [t.t('record.adoptingBody') as MessageKey, p.adoptingBody],
        [t.t('record.languages') as MessageKey, languages(p.languages)],
        [t.t('record.source') as MessageKey, link(p.sourceUrl)],
      ]);
      extra = html`${prose(ctx, r, 'record.participation', p.participation)}${prose(ctx, r, 'record.monitoring', p.monitoring)}${
        model.practices.length ? html`<h2>${t.t('record.practices')}</h2>${recordList(ctx, RecordType.GOOD_PRACTICE, model.practices)}` : ''
      }`;
      break;
    }
    case RecordType.GOOD_PRACTICE: {
      const g = r as GoodPractice;
      details = rows([
        [t.t('record.localGovernment') as MessageKey, placeLink],
        [t.t('record.years') as MessageKey, g.endYear ? `${g.startYear}–${g.endYear}` : t.t('record.since', { year: g.startYear })],
        [
          t.t('record.implements') as MessageKey,
          model.plan ? html`<a href="${href(ctx, recordPath(RecordType.ACTION_PLAN, model.plan))}"${contentLang(ctx, model.plan)}>${model.plan.title}</a>` : null,
        ],
        [t.t('record.source') as MessageKey, link(g.sourceUrl)],
      ]);
      extra = html`${prose(ctx, r, 'record.description', g.description)}${prose(ctx, r, 'record.outcomes', g.outcomes)}${prose(ctx, r, 'record.lessonsLearned', g.lessonsLearned)}`;
      break;
    }
    case RecordType.TOOL: {
      const tool = r as Tool;
      details = rows([
        [t.t('record.kind') as MessageKey, enumLabel(t, tool.kind)],
        [t.t('record.publisher') as MessageKey, tool.publisher],
        [t.t('record.year') as MessageKey, tool.year],
        [t.t('record.languages') as MessageKey, languages(tool.languages)],
        [t.t('record.url') as MessageKey, link(tool.url)],
      ]);
      break;
    }
    case RecordType.LOCAL_GOVERNMENT: {
      const place = r as LocalGovernment;
      const country = model.taxonomy.countries.get(place.countryCode);
      const region = model.taxonomy.regions.get(place.regionCode);
      const subregion = model.taxonomy.regions.get(place.subregionCode);
      details = rows([
        [t.t('record.kind') as MessageKey, enumLabel(t, place.kind)],
        [t.t('record.country') as MessageKey, country ? html`<a href="${href(ctx, '/search', { country: country.code })}">${countryLabel(t, country)}</a>` : place.countryCode],
        [
          t.t('record.region') as MessageKey,
          region
            ? html`<a href="${href(ctx, `/regions/${region.code}`)}">${regionLabel(t, region)}</a>${subregion ? html` · <a href="${href(ctx, `/regions/${subregion.code}`)}">${regionLabel(t, subregion)}</a>` : ''}`
            : null,
        ],
        [t.t('record.population') as MessageKey, place.population ? t.number(place.population) : null],
        [t.t('record.humanRightsCitySince') as MessageKey, place.humanRightsCitySince],
        [t.t('record.website') as MessageKey, link(place.website)],
      ]);
      extra = html`${model.plans.length ? html`<h2>${t.t('record.plans')}</h2>${recordList(ctx, RecordType.ACTION_PLAN, model.plans)}` : ''}${
        model.practices.length ? html`<h2>${t.t('record.practices')}</h2>${recordList(ctx, RecordType.GOOD_PRACTICE, model.practices)}` : ''
      }`;
      break;
    }
  }
  const summary = (r as { summary?: string }).summary;
  const hasDocuments = holdsDocuments(model.type);
  return layout(ctx, {
    title,
    head: recordStructuredData(ctx, model),
    breadcrumb: [{ label: t.t(`types.${model.type}` as MessageKey), path: `/search?type=${model.type}` }, { label: title }],
    body: html`<article class="record">
      <p class="meta"><span class="badge">${t.t(`type.${model.type}` as MessageKey)}</span>${r.publishedAt ? html` <span class="count">${t.t('record.published', { date: t.date(r.publishedAt) })}</span>` : ''}</p>
      <h1${contentLang(ctx, r)}>${title}</h1>
      ${r.status !== 'PUBLISHED' ? html`<p class="notice" role="note">${t.t('record.notPublic', { status: t.t(`status.${r.status}` as MessageKey) })}</p>` : ''}
      ${summary ? html`<p class="lead prose"${contentLang(ctx, r)}>${summary}</p>` : ''}
      <h2>${t.t('record.details')}</h2>
      ${details}
      ${extra}
      ${isTagged(model.type) ? tagLists(ctx, model.tags) : ''}
      ${hasDocuments ? documentsList(ctx, model.documents) : ''}
      ${citeSection(ctx, model)}
    </article>`,
  });
}
