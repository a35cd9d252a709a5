import { Injectable } from '@nestjs/common';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import type { ActionPlan } from '../catalogue/entities/action-plan.entity';
import type { GoodPractice } from '../catalogue/entities/good-practice.entity';
import type { LocalGovernment } from '../catalogue/entities/local-government.entity';
import type { CatalogueRecord } from '../catalogue/entities/record-base';
import { CatalogueSort, EditorialStatus, RecordType } from '../catalogue/enums';
import { definitionOfCollection, isTagged, RECORD_DEFINITIONS } from '../catalogue/record-definitions';
import type { RecordDefinition } from '../catalogue/record-options';
import { RecordStores } from '../catalogue/record-stores';
import { TaxonomyLinksService } from '../catalogue/taxonomy-links.service';
import { AppError, BadUserInputError } from '../common/errors';
import { MAX_PAGE_SIZE } from '../common/data/pagination';
import { MAX_TOTAL_HITS } from '../search/index-settings';
import { SearchService } from '../search/search.service';
import { SearchArgs, SearchHitType, SearchSort } from '../search/search.types';
import { all, inUrlTerms, parseFilterQuery, refuseUnknownParams, type SearchQuery, URL_PARAMS } from '../search/url-query';
import { type Cell, type ExportColumn, exportColumns, type RowContext } from './export-columns';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats';

/** What a request for an export file resolves to, checked before the first byte is sent. */
export interface PreparedExport {
  definition: RecordDefinition<CatalogueRecord>;
  format: ExportFormat;
  columns: ExportColumn[];
  /** The matching records (a search: its estimated total, as GraphQL `search` reports it). */
  totalCount: number;
  /** A search with more hits than the engine pages through: the file holds the first MAX_TOTAL_HITS. */
  truncated: boolean;
  /** The file's name: collection and date, e.g. action-plans-2026-12-01.csv. */
  filename: string;
  /** The rows, fetched a batch at a time: memory holds one batch (and, for a list, its ids: a few bytes a row). */
  rows(): AsyncGenerator<Cell[]>;
}

/** Search hits per engine request (its page size); list rows per batch of records read by id. */
const BATCH = MAX_PAGE_SIZE;
const LIST_BATCH = 500;

/**
 * The rows behind any list or search, as files: the same filter parameters as the search page, the
 * same visibility as the GraphQL lists (the public sees published records; signed-in staff what their
 * lists show them, with a status column), the same totals. Without `q` the list's order and rows;
 * with `q` the search's hits of that record type.
 */
@Injectable()
@ActsOnBehalf()
export class ExportsService {
  constructor(
    private readonly stores: RecordStores,
    private readonly links: TaxonomyLinksService,
    private readonly search: SearchService,
  ) {}

  /** The export named by a file name such as `action-plans.csv`; NOT_FOUND for an unknown collection or format. */
  async prepare(ctx: RequestContext, file: string, query: SearchQuery, permalinkBase: string): Promise<PreparedExport> {
    try {
      return await this.prepared(ctx, file, query, permalinkBase);
    } catch (error) {
      throw inUrlTerms(error);
    }
  }

  private async prepared(ctx: RequestContext, file: string, query: SearchQuery, permalinkBase: string): Promise<PreparedExport> {
    const match = /^([a-z-]+)\.(csv|json|ndjson)$/.exec(file);
    const definition = match ? definitionOfCollection(match[1]) : undefined;
    if (!match || !definition) {
      const names = RECORD_DEFINITIONS.map((d) => d.collection).join(', ');
      throw new AppError('NOT_FOUND', `No export "${file}": exports are ${names}, each as .csv, .json or .ndjson (e.g. /export/action-plans.csv)`);
    }
    const format = EXPORT_FORMATS[match[2] as ExportFormat['id']];
    refuseUnknownParams(query, URL_PARAMS.export);
    const { q, filter } = await parseFilterQuery(query);
    const sortParam = all(query, 'sort')[0]?.toUpperCase();
    const columns = exportColumns(definition, { withStatus: !!ctx.actor });
    const filename = `${definition.collection}-${new Date().toISOString().slice(0, 10)}.${format.id}`;
    const cells = async (records: CatalogueRecord[]) => this.cells(definition, columns, records, permalinkBase);

    if (!q) {
      // One sorted query for the ids (a few bytes a row), then the records a batch at a time.
      const reads = this.stores.of(definition.type).reads;
      const ids = await reads.visibleIds(ctx, filter, this.listSort(sortParam));
      return {
        definition,
        format,
        columns,
        totalCount: ids.length,
        truncated: false,
        filename,
        async *rows() {
          for (let i = 0; i < ids.length; i += LIST_BATCH) yield* await cells(await reads.inOrder(ids.slice(i, i + LIST_BATCH)));
        },
      };
    }

    const searchPage = async (offset: number) => {
      const args = Object.assign(new SearchArgs(), { query: q, types: [definition.type as SearchHitType], limit: BATCH, offset, sort: this.searchSort(sortParam) });
      return this.search.search(ctx, args, filter, { facets: [] });
    };
    const first = await searchPage(0);
    const reachable = Math.min(first.totalCount, MAX_TOTAL_HITS);
    return {
      definition,
      format,
      columns,
      totalCount: first.totalCount,
      truncated: first.totalCount > MAX_TOTAL_HITS,
      filename,
      async *rows() {
        let page = first;
        for (let offset = 0; page.items.length;) {
          yield* await cells(page.items.map((hit) => hit.record));
          offset += page.items.length;
          if (offset >= reachable) return;
          page = await searchPage(offset);
        }
      },
    };
  }

  private listSort(param: string | undefined): CatalogueSort | null {
    if (!param || param === SearchSort.RELEVANCE) return null;
    if (!(param in CatalogueSort)) throw new BadUserInputError('sort', `sort must be one of ${Object.values(CatalogueSort).join(', ').toLowerCase()} (without q)`);
    return param as CatalogueSort;
  }

  private searchSort(param: string | undefined): SearchSort {
    if (!param) return SearchSort.RELEVANCE;
    if (!(param in SearchSort)) throw new BadUserInputError('sort', `sort must be one of ${Object.values(SearchSort).join(', ').toLowerCase()} (with q)`);
    return param as SearchSort;
  }

  /** One batch of records as rows: their places, plans and tags loaded in one query each. */
  private async cells(definition: RecordDefinition<CatalogueRecord>, columns: ExportColumn[], records: CatalogueRecord[], permalinkBase: string): Promise<Cell[][]> {
    if (!records.length) return [];
    const ids = records.map((r) => r.id);
    const placeIds = [...new Set(records.map((r) => (r as ActionPlan).localGovernmentId).filter((id): id is string => !!id))];
    const planIds = [...new Set(records.map((r) => (r as GoodPractice).actionPlanId).filter((id): id is string => !!id))];
    // As the GraphQL relation fields give them: a row's place whatever its status, its plan only when published.
    const [placeRows, planRows, tags, versions] = await Promise.all([
      this.stores.of(RecordType.LOCAL_GOVERNMENT).reads.inOrder(placeIds),
      this.stores.of(RecordType.ACTION_PLAN).reads.inOrder(planIds),
      isTagged(definition.type)
        ? Promise.all([this.links.refsOf(definition.type, 'themes', ids), this.links.refsOf(definition.type, 'sdgs', ids), this.links.refsOf(definition.type, 'targetGroups', ids)])
        : null,
      this.stores.of(definition.type).reads.versions(ids),
    ]);
    const places = new Map((placeRows as LocalGovernment[]).map((p) => [p.id, p]));
    const plans = new Map(planRows.filter((p) => p.status === EditorialStatus.PUBLISHED).map((p) => [p.id, p]));
    return records.map((record, i) => {
      const row: RowContext = {
        place: places.get((record as ActionPlan).localGovernmentId) ?? null,
        planSlug: plans.get((record as GoodPractice).actionPlanId ?? '')?.slug ?? null,
        themes: ((tags?.[0][i] ?? []) as string[]).sort(),
        sdgs: ((tags?.[1][i] ?? []) as number[]).map(Number).sort((a, b) => a - b),
        targetGroups: ((tags?.[2][i] ?? []) as string[]).sort(),
        permalink: `${permalinkBase}/r/${record.id}`,
        version: versions.get(record.id) ?? 0,
      };
      return columns.map((column) => column.value(record, row));
    });
  }
}
