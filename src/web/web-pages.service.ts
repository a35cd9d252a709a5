import { Injectable } from '@nestjs/common';
import { ActionPlan } from '../catalogue/entities/action-plan.entity';
import { GoodPractice } from '../catalogue/entities/good-practice.entity';
import { LocalGovernment } from '../catalogue/entities/local-government.entity';
import { CatalogueRecord } from '../catalogue/entities/record-base';
import { CatalogueSort, RecordType } from '../catalogue/enums';
import { CatalogueStatsService, DEFAULT_STATS_TYPES } from '../catalogue/catalogue-stats.service';
import { CatalogueFilter } from '../catalogue/inputs/catalogue-filter.input';
import { CatalogueStats } from '../catalogue/types/catalogue-stats.types';
import { holdsDocuments, isCitable, isTagged } from '../catalogue/record-definitions';
import { RecordStores } from '../catalogue/record-stores';
import { CITATION_FILES, CitationFormat, CitationsService } from '../citations/citations.service';
import { TaxonomyLinksService } from '../catalogue/taxonomy-links.service';
import { AppError } from '../common/errors';
import { DocumentsService } from '../documents/documents.service';
import { SearchService } from '../search/search.service';
import { SearchArgs, SearchGrouping, SearchSort } from '../search/search.types';
import { TaxonomyService, TaxonomySnapshot } from '../taxonomy/taxonomy.service';
import { contentLanguage } from '../common/http/content-language';
import { Html } from './html';
import { PASSAGES_PER_PART, parseSearchQuery, SearchQuery } from './search-params';
import { RECORD_TYPES_IN_ORDER, recordPath, recordTitle, regionLabel, themeLabel } from './views/components';
import { aboutPage, browseOnePage, BrowseOneModel, errorPage, homePage, notFoundPage, readingPage, regionsPage, sdgsPage, statsPage, themesPage } from './views/content-pages';
import { PageContext } from './views/layout';
import { recordPage } from './views/record-pages';
import { searchPage } from './views/search-page';

/** A rendered page and its HTTP status. */
export interface RenderedPage {
  status: number;
  body: Html;
  /** A page that shows a secret (a new API token): never kept by any cache, not even the browser's. */
  noStore?: boolean;
}

const ok = (body: Html): RenderedPage => ({ status: 200, body });

const BROWSE_RECORDS = 10;
const LATEST = 6;

/**
 * The data behind each page, read through the same services, access rules and search as the GraphQL
 * API (a page shows what the same visitor would get from GraphQL), then rendered by the views.
 */
@Injectable()
export class WebPagesService {
  constructor(
    private readonly stores: RecordStores,
    private readonly links: TaxonomyLinksService,
    private readonly statsService: CatalogueStatsService,
    private readonly taxonomy: TaxonomyService,
    private readonly searchService: SearchService,
    private readonly documents: DocumentsService,
    private readonly citations: CitationsService,
  ) {}

  async home(ctx: PageContext): Promise<RenderedPage> {
    const [stats, places, plans, practices, taxonomy] = await Promise.all([
      this.statsService.stats(null),
      this.stores.of(RecordType.LOCAL_GOVERNMENT).reads.list(ctx.request, null, null, { limit: 0, offset: 0 }),
      this.stores.of(RecordType.ACTION_PLAN).reads.list(ctx.request, null, CatalogueSort.NEWEST, { limit: LATEST, offset: 0 }),
      this.stores.of(RecordType.GOOD_PRACTICE).reads.list(ctx.request, null, CatalogueSort.NEWEST, { limit: LATEST, offset: 0 }),
      this.taxonomy.snapshot(),
    ]);
    this.detectLanguages(ctx, [...plans.items, ...practices.items]);
    return ok(homePage(ctx, { stats, placeCount: places.totalCount, latestPlans: plans.items as ActionPlan[], latestPractices: practices.items as GoodPractice[], taxonomy }));
  }

  async search(ctx: PageContext, query: SearchQuery): Promise<RenderedPage> {
    const taxonomy = await this.taxonomy.snapshot();
    let request;
    try {
      request = await parseSearchQuery(query);
      // The page's language is the query's likely language (a hint: the query's own words decide first).
      request.args.language ??= ctx.lang;
      const results = await this.searchService.search(ctx.request, request.args, request.filter);
      this.detectLanguages(
        ctx,
        results.items.map((h) => h.record),
      );
      return ok(searchPage(ctx, { request, results, problem: null, taxonomy }));
    } catch (error) {
      if (!(error instanceof AppError) || !['BAD_USER_INPUT', 'SEARCH_UNAVAILABLE'].includes(error.code)) throw error;
      const badInput = error.code === 'BAD_USER_INPUT';
      return {
        status: badInput ? 400 : 503,
        body: searchPage(ctx, { request: request ?? null, results: null, problem: { kind: badInput ? 'badInput' : 'unavailable', message: error.message }, taxonomy }),
      };
    }
  }

  /** A record's citation as a file (/r/{id}/citation.bib|ris|json), if the reader may see it and it can be cited. */
  async citationFile(ctx: PageContext, id: string, extension: string): Promise<{ body: string; mediaType: string; filename: string } | null> {
    const format = (Object.keys(CITATION_FILES) as CitationFormat[]).find((f) => CITATION_FILES[f].extension === extension && f !== CitationFormat.APA);
    const found = format ? await this.visibleRecord(ctx, id) : null;
    if (!format || !found || !isCitable(found.type)) return null;
    return {
      body: await this.citations.cite(ctx.request, found.record, format, ctx.publicBase),
      mediaType: CITATION_FILES[format].mediaType,
      filename: `${found.record.slug}.${extension}`,
    };
  }

  /** The page a permalink leads to (the record's current path), if the reader may see a record with that id. */
  async permalinkTarget(ctx: PageContext, id: string): Promise<string | null> {
    const found = await this.visibleRecord(ctx, id);
    return found ? recordPath(found.type, found.record) : null;
  }

  /** The record with this id, of whatever type, if the reader may see it. */
  private async visibleRecord(ctx: PageContext, id: string): Promise<{ type: RecordType; record: CatalogueRecord } | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    for (const type of RECORD_TYPES_IN_ORDER) {
      const record = await this.stores.of(type).reads.findVisible(ctx.request, { id });
      if (record) return { type, record };
    }
    return null;
  }

  async record(ctx: PageContext, type: RecordType, slug: string): Promise<RenderedPage> {
    const store = this.stores.of(type);
    const record = await store.reads.findVisible(ctx.request, { slug });
    if (!record) return this.notFound(ctx);
    const [themes, sdgs, targetGroups, taxonomy] = await Promise.all([
      isTagged(type) ? this.links.themesOf(ctx.request, type, record.id) : [],
      isTagged(type) ? this.links.sdgsOf(ctx.request, type, record.id) : [],
      isTagged(type) ? this.links.targetGroupsOf(ctx.request, type, record.id) : [],
      this.taxonomy.snapshot(),
    ]);
    const placeId = (record as ActionPlan).localGovernmentId;
    const place = placeId ? ((await this.stores.of(RecordType.LOCAL_GOVERNMENT).reads.anyById(ctx.request, placeId)) as LocalGovernment | null) : null;
    const planId = (record as GoodPractice).actionPlanId;
    const plan = planId ? ((await this.stores.of(RecordType.ACTION_PLAN).reads.publicById(ctx.request, planId)) as ActionPlan | null) : null;
    const plans =
      type === RecordType.LOCAL_GOVERNMENT
        ? ((await this.stores.of(RecordType.ACTION_PLAN).reads.publicByForeignKey(ctx.request, 'local_government_id', record.id)) as ActionPlan[])
        : [];
    const practices =
      type === RecordType.LOCAL_GOVERNMENT
        ? await this.stores.of(RecordType.GOOD_PRACTICE).reads.publicByForeignKey(ctx.request, 'local_government_id', record.id)
        : type === RecordType.ACTION_PLAN
          ? await this.stores.of(RecordType.GOOD_PRACTICE).reads.publicByForeignKey(ctx.request, 'action_plan_id', record.id)
          : [];
    const documents = holdsDocuments(type) ? await this.documents.ofRecord(ctx.request, type, record.id) : [];
    this.detectLanguages(ctx, [record, ...plans, ...practices, ...(plan ? [plan] : [])]);
    const citation = isCitable(type)
      ? {
          apa: await this.citations.cite(ctx.request, record, CitationFormat.APA, ctx.publicBase),
          bibtex: await this.citations.cite(ctx.request, record, CitationFormat.BIBTEX, ctx.publicBase),
        }
      : null;
    return ok(recordPage(ctx, { type, record, tags: { themes, sdgs, targetGroups }, place, plan, plans, practices: practices as GoodPractice[], documents, taxonomy, citation }));
  }

  async reading(ctx: PageContext, id: string, pageParam: string | undefined, highlight: string): Promise<RenderedPage> {
    const document = /^[0-9a-f-]{36}$/i.test(id) ? await this.documents.findVisible(ctx.request, id) : null;
    if (!document) return this.notFound(ctx);
    const record = await this.stores.of(document.recordType).reads.visibleById(ctx.request, document.recordId);
    const paged = !!document.pageCount;
    const requested = Number(pageParam ?? 1);
    let total: number;
    if (paged) total = document.pageCount!;
    else total = Math.max(1, Math.ceil((await this.documents.passages(document.id, null, { limit: 0, offset: 0 })).totalCount / PASSAGES_PER_PART));
    if (!Number.isInteger(requested) || requested < 1 || requested > total) return this.notFound(ctx);
    const passages = paged
      ? await this.documents.passages(document.id, requested, { limit: 100, offset: 0 })
      : await this.documents.passages(document.id, null, { limit: PASSAGES_PER_PART, offset: (requested - 1) * PASSAGES_PER_PART });
    if (record) this.detectLanguages(ctx, [record]);
    return ok(readingPage(ctx, { document, record, passages: passages.items, unit: paged ? 'page' : 'section', current: requested, total, highlight: highlight.slice(0, 200) }));
  }

  sdgs(ctx: PageContext): Promise<RenderedPage> {
    return this.withCounts((m) => sdgsPage(ctx, m));
  }

  themes(ctx: PageContext): Promise<RenderedPage> {
    return this.withCounts((m) => themesPage(ctx, m));
  }

  regions(ctx: PageContext): Promise<RenderedPage> {
    return this.withCounts((m) => regionsPage(ctx, m));
  }

  /** The browse pages: the published collection's counts and the reference data. */
  private async withCounts(render: (m: { stats: CatalogueStats; taxonomy: TaxonomySnapshot }) => Html): Promise<RenderedPage> {
    const [stats, taxonomy] = await Promise.all([this.statsService.stats(null), this.taxonomy.snapshot()]);
    return ok(render({ stats, taxonomy }));
  }

  async sdg(ctx: PageContext, numberParam: string): Promise<RenderedPage> {
    const taxonomy = await this.taxonomy.snapshot();
    const sdg = /^\d{1,2}$/.test(numberParam) ? taxonomy.sdgs.get(Number(numberParam)) : undefined;
    if (!sdg) return this.notFound(ctx);
    return this.browseOne(ctx, { kind: 'sdg', sdg, children: [] }, { sdgs: [sdg.number] }, { sdg: String(sdg.number) });
  }

  async theme(ctx: PageContext, slug: string): Promise<RenderedPage> {
    const taxonomy = await this.taxonomy.snapshot();
    const theme = taxonomy.themes.get(slug);
    if (!theme) return this.notFound(ctx);
    const stats = await this.statsService.stats(null);
    const counts = new Map(stats.byTheme.map((s) => [s.theme.slug, s.count]));
    const children = (taxonomy.themeChildren.get(slug) ?? []).map((c) => ({ label: themeLabel(ctx.t, c), path: `/themes/${c.slug}`, count: counts.get(c.slug) ?? 0 }));
    return this.browseOne(ctx, { kind: 'theme', theme, children }, { themes: [slug] }, { theme: slug });
  }

  async region(ctx: PageContext, code: string): Promise<RenderedPage> {
    const taxonomy = await this.taxonomy.snapshot();
    const region = taxonomy.regions.get(code);
    if (!region) return this.notFound(ctx);
    const stats = await this.statsService.stats(null);
    const counts = new Map(stats.bySubregion.map((s) => [s.region.code, s.count]));
    const children = (taxonomy.subregions.get(code) ?? []).map((r) => ({ label: regionLabel(ctx.t, r), path: `/regions/${r.code}`, count: counts.get(r.code) ?? 0 }));
    return this.browseOne(ctx, { kind: 'region', region, children }, { regions: [code] }, { region: code });
  }

  async stats(ctx: PageContext): Promise<RenderedPage> {
    return ok(statsPage(ctx, { stats: await this.statsService.stats(null) }));
  }

  about(ctx: PageContext): RenderedPage {
    return ok(aboutPage(ctx));
  }

  notFound(ctx: PageContext): RenderedPage {
    return { status: 404, body: notFoundPage(ctx) };
  }

  error(ctx: PageContext): RenderedPage {
    return { status: 500, body: errorPage(ctx) };
  }

  /** Over the request rate limit (429). */
  tooManyRequests(ctx: PageContext, retryAfterSeconds: number): RenderedPage {
    return { status: 429, body: errorPage(ctx, retryAfterSeconds) };
  }

  /** An SDG, theme or region page: its first records from the same search the search page runs. */
  private async browseOne(
    ctx: PageContext,
    base: Omit<BrowseOneModel, 'total' | 'records' | 'searchParams'>,
    filter: CatalogueFilter,
    searchParams: Record<string, string>,
  ): Promise<RenderedPage> {
    // The same record types as the counts beside them (catalogueStats: plans, practices, tools).
    const args = Object.assign(new SearchArgs(), {
      query: '',
      types: [...DEFAULT_STATS_TYPES],
      limit: BROWSE_RECORDS,
      offset: 0,
      sort: SearchSort.YEAR_DESC,
      group: SearchGrouping.NONE,
    });
    let total = 0;
    let records: CatalogueRecord[] = [];
    try {
      const results = await this.searchService.search(ctx.request, args, filter);
      total = results.totalCount;
      records = results.items.map((h) => h.record);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'SEARCH_UNAVAILABLE') throw error;
    }
    this.detectLanguages(ctx, records);
    return ok(browseOnePage(ctx, { ...base, total, records, searchParams: { ...searchParams, type: DEFAULT_STATS_TYPES } }));
  }

  /** Fills ctx.contentLangs for the records a page shows (their title and summary, as written). */
  private detectLanguages(ctx: PageContext, records: CatalogueRecord[]): void {
    for (const record of records) {
      const lang = contentLanguage(`${recordTitle(record)}. ${(record as { summary?: string }).summary ?? ''}`);
      if (lang) ctx.contentLangs.set(record.id, lang);
    }
  }
}
