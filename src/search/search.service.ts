import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors';
import { Metrics } from '../common/metrics/metrics';
import { CatalogueFilterBuilder } from '../catalogue/catalogue-filter.builder';
import { RecordType } from '../catalogue/enums';
import { FILTER_FIELDS } from '../catalogue/filter-fields';
import { CatalogueFilter } from '../catalogue/inputs/catalogue-filter.input';
import { TaxonomyService, TaxonomySnapshot } from '../taxonomy/taxonomy.service';
import { FACET_ATTRIBUTES, SNIPPET_ATTRIBUTES, termsMatching } from './index-settings';
import type { SearchParams } from 'meilisearch';
import { MeiliService } from './meili.service';
import { meiliFilter, quote } from './meili-filter';
import { access } from '../accounts/access';
import { IndexEntry, IndexEntriesService } from './index-entries.service';
import { FacetValue, SearchArgs, SearchFacets, SearchGrouping, SearchHit, SearchHitType, SearchResults, SearchSort } from './search.types';
import { DocumentsService } from '../documents/documents.service';
import { PASSAGE_TYPE, passageIdOf } from './passage-entries.service';
import { analyseQuery, detectQueryLanguage, termMarker } from './text-analysis';

// Markers that cannot occur in text; replaced by <mark> after HTML-escaping.
const PRE = '\u0002';
const POST = '\u0003';

const RECORD_HIT_TYPES = [SearchHitType.ACTION_PLAN, SearchHitType.GOOD_PRACTICE, SearchHitType.TOOL, SearchHitType.LOCAL_GOVERNMENT];

const GROUP_ATTRIBUTE: Record<SearchGrouping, string | undefined> = {
  [SearchGrouping.NONE]: undefined,
  [SearchGrouping.DOCUMENT]: 'documentId',
  [SearchGrouping.RECORD]: 'recordId',
};

const SORTS: Record<SearchSort, string[] | undefined> = {
  [SearchSort.RELEVANCE]: undefined,
  [SearchSort.YEAR_DESC]: ['year:desc'],
  [SearchSort.YEAR_ASC]: ['year:asc'],
  [SearchSort.TITLE_ASC]: ['titleSort:asc'],
  [SearchSort.NEWEST]: ['createdAt:desc'],
};

/**
 * The engine marks what matched — with stems and typos, part of a word ("<mark>educ</mark>ation"): a
 * mark is widened to the whole word, so a reader sees the word that was found.
 */
function wholeWords(text: string): string {
  if (!text.includes(PRE)) return text;
  // A linear scan (a regular expression with open-ended classes on both sides was a tenth of a search's CPU).
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf(PRE, i);
    const close = open < 0 ? -1 : text.indexOf(POST, open);
    if (open < 0 || close < 0) return out + text.slice(i);
    let start = open;
    while (start > i && WORD_CHAR.test(text[start - 1])) start--;
    let end = close + 1;
    while (end < text.length && WORD_CHAR.test(text[end])) end++;
    out += text.slice(i, start) + PRE + text.slice(start, open) + text.slice(open + 1, close) + text.slice(close + 1, end) + POST;
    i = end;
  }
  return out;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** Engine-marked text as HTML: escaped, each mark widened to its whole word and made a <mark>. */
export function markedHtml(text: string | undefined | null): string {
  return wholeWords(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(new RegExp(PRE, 'g'), '<mark>')
    .replace(new RegExp(POST, 'g'), '</mark>');
}

/** The engine's facet attributes behind each field of SearchFacets. */
export const FACETS_OF_FIELD: Record<string, readonly string[]> = {
  types: ['type'],
  ...Object.fromEntries(FILTER_FIELDS.filter((f) => f.facet).map((f) => [f.facet!.key, f.engine.attributes])),
};

export interface SearchOptions {
  /** The facet attributes to compute (default: all of them, as the search page shows them). */
  facets?: readonly string[];
}

type Formatted = Partial<Record<keyof IndexEntry, string>>;

/**
 * Words the engine found but could not mark (matched in `norm` only: a stem, an Arabic word with a
 * prefix written onto it): marked here, in each attribute the engine left unmarked.
 */
function unmarkedMatches(formatted: Formatted, language: string | null | undefined, mark: ReturnType<typeof termMarker>): Formatted {
  if (!mark) return formatted;
  const out: Formatted = { ...formatted };
  for (const attribute of ['title', 'sectionPath', ...SNIPPET_ATTRIBUTES] as (keyof IndexEntry)[]) {
    const value = out[attribute];
    if (value && !value.includes(PRE)) out[attribute] = mark(value, language);
  }
  return out;
}

/**
 * A passage's cropped text; when the words matched its heading or its document's title rather than its
 * text, that heading (or title) leads, marked, so the snippet shows what was found.
 */
function passageSnippet(formatted: Formatted): string {
  const text = formatted.text ?? '';
  if (text.includes(PRE)) return markedHtml(text);
  const matched = [formatted.sectionPath, formatted.title].find((value) => value?.includes(PRE));
  return markedHtml(matched ? `${matched} — ${text}` : text);
}

@Injectable()
@ActsOnBehalf()
export class SearchService {
  constructor(
    private readonly meili: MeiliService,
    private readonly filters: CatalogueFilterBuilder,
    private readonly taxonomy: TaxonomyService,
    private readonly entries: IndexEntriesService,
    private readonly uploads: DocumentsService,
    private readonly metrics: Metrics,
  ) {}

  /** Searches run since start (tests prove with it that refused or repeated requests cost nothing). */
  executions = 0;

  /**
   * The request this search sends to Meilisearch: the index of the caller's scope, the query in its
   * normalised form and the engine's parameters. The benchmark sends exactly this straight to the engine.
   */
  async engineRequest(
    ctx: RequestContext,
    args: SearchArgs,
    filter: CatalogueFilter | null | undefined,
    options: SearchOptions = {},
  ): Promise<{ uid: string; language: string | null; q: string; params: SearchParams }> {
    // Unknown slugs and codes are BAD_USER_INPUT before anything reaches the engine.
    await this.filters.validate(filter);
    // Page-based requests give an exact totalHits; limit/offset (any offset) only an estimate.
    const paging = args.limit > 0 && args.offset % args.limit === 0 ? { hitsPerPage: args.limit, page: args.offset / args.limit + 1 } : { limit: args.limit, offset: args.offset };
    // The public searches the public index; signed-in curators and editors the staff index (drafts
    // included), curators limited to what is public plus their own records.
    const scope = access.readScope(ctx);
    const filters = meiliFilter(filter ? await this.filters.expanded(filter) : null, this.hitTypes(args));
    if (scope.kind === 'own') filters.push(`(isPublic = true OR createdBy = ${quote(scope.userId)})`);
    const uid = scope.kind === 'public' ? this.meili.indexUid : this.meili.staffIndexUid;
    // The query in the form the index keeps in `norm` (its language told from it, or the client's).
    const language = args.query.trim() ? detectQueryLanguage(args.query, args.language) : null;
    const q = args.query.trim() ? analyseQuery(args.query, language) || args.query : args.query;
    const relevance = (args.sort ?? SearchSort.RELEVANCE) === SearchSort.RELEVANCE;
    return {
      uid,
      language,
      q,
      params: {
        filter: filters,
        facets: options.facets ? [...options.facets] : FACET_ATTRIBUTES,
        ...paging,
        sort: SORTS[args.sort ?? SearchSort.RELEVANCE],
        distinct: GROUP_ATTRIBUTE[args.group ?? SearchGrouping.NONE],
        attributesToRetrieve: ['id', 'type', 'recordId', 'recordType', 'documentId', 'page', 'sectionPath', 'ocrConfidence', 'title', 'language'],
        attributesToHighlight: ['title', 'sectionPath', ...SNIPPET_ATTRIBUTES],
        attributesToCrop: SNIPPET_ATTRIBUTES,
        cropLength: 28,
        cropMarker: '…',
        highlightPreTag: PRE,
        highlightPostTag: POST,
        showRankingScore: !!language && relevance,
      },
    };
  }

  async search(ctx: RequestContext, args: SearchArgs, filter: CatalogueFilter | null | undefined, options: SearchOptions = {}): Promise<SearchResults> {
    this.executions++;
    const timer = this.metrics.searchDuration.startTimer();
    try {
      const results = await this.execute(ctx, args, filter, options);
      timer({ outcome: 'ok' });
      return results;
    } catch (error) {
      timer({ outcome: error instanceof AppError ? error.code.toLowerCase() : 'error' });
      throw error;
    }
  }

  private async execute(ctx: RequestContext, args: SearchArgs, filter: CatalogueFilter | null | undefined, options: SearchOptions): Promise<SearchResults> {
    let request = await this.engineRequest(ctx, args, filter, options);
    let response = await this.meili.call((client) => client.index<IndexEntry>(request.uid).search(request.q, request.params));
    // A language the query does not tell but the page gave ("permanences juridiques gratuites" typed on
    // an English page) must not lose the results: stemmed the English way it matched nothing; folded only, it does.
    if (!response.hits.length && args.language && args.query.trim() && !detectQueryLanguage(args.query)) {
      request = await this.engineRequest(ctx, { ...args, language: null }, filter, options);
      response = await this.meili.call((client) => client.index<IndexEntry>(request.uid).search(request.q, request.params));
    }
    const { language, q } = request;
    const mark = q.trim() ? termMarker(termsMatching(q), PRE, POST) : null;

    const hits = await Promise.all(
      response.hits.map(async (hit): Promise<SearchHit | null> => {
        const passage = hit.type === PASSAGE_TYPE;
        const recordType = (passage ? hit.recordType : hit.type) as RecordType;
        const record = await this.entries.store(recordType).reads.visibleById(ctx, hit.recordId);
        // Unpublished (or archived) since it was indexed: the outbox is removing it.
        if (!record) return null;
        const document = passage ? await this.uploads.findVisible(ctx, hit.documentId!) : null;
        if (passage && !document) return null;
        const formatted = unmarkedMatches((hit._formatted ?? {}) as Formatted, hit.language, mark);
        return {
          type: hit.type,
          id: passage ? passageIdOf(hit.id) : hit.recordId,
          record: record,
          document,
          page: passage ? (hit.page ?? null) : null,
          sectionPath: passage ? (hit.sectionPath ?? null) : null,
          ocr: passage && typeof hit.ocrConfidence === 'number',
          ocrConfidence: passage ? (hit.ocrConfidence ?? null) : null,
          highlightedTitle: markedHtml(formatted.title),
          snippet: passage ? passageSnippet(formatted) : this.snippet(formatted),
        };
      }),
    );

    const t = await this.taxonomy.snapshot();
    // Of equally relevant hits, those in the query's language first (stable: the engine's order otherwise).
    const scored = response.hits.map((hit, i) => ({ hit: hits[i], score: hit._rankingScore ?? 0, same: !!language && hit.language === language, i }));
    if (request.params.showRankingScore) scored.sort((a, b) => b.score - a.score || Number(b.same) - Number(a.same) || a.i - b.i);
    return {
      totalCount: Number((response as { totalHits?: number }).totalHits ?? response.estimatedTotalHits ?? 0),
      items: scored.map((s) => s.hit).filter((h): h is SearchHit => h !== null),
      facets: this.facets(response.facetDistribution ?? {}, t),
      processingTimeMs: response.processingTimeMs,
    };
  }

  /** Given types; else everything for words, and records only when browsing (an empty query would list every passage). */
  private hitTypes(args: SearchArgs): readonly string[] | null {
    if (args.types?.length) return args.types;
    return args.query.trim() ? null : RECORD_HIT_TYPES;
  }

  /** The cropped field with a match, else the summary's beginning. */
  private snippet(formatted: Formatted): string | null {
    for (const attribute of SNIPPET_ATTRIBUTES) {
      const value = formatted[attribute as keyof IndexEntry];
      if (value && value.includes(PRE)) return markedHtml(value);
    }
    return formatted.summary ? markedHtml(formatted.summary) : null;
  }

  private facets(distribution: Record<string, Record<string, number>>, t: TaxonomySnapshot): SearchFacets {
    const values = (attribute: string, label: (value: string) => string | null | undefined): FacetValue[] =>
      Object.entries(distribution[attribute] ?? {})
        .map(([value, count]) => ({ value, count, label: label(value) ?? null }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    const facets: Record<string, FacetValue[]> = { types: values('type', () => null) };
    for (const { engine, facet } of FILTER_FIELDS) {
      if (!facet) continue;
      // A facet over several attributes (regions and sub-regions) lists each attribute's values in turn.
      const all = engine.attributes.flatMap((attribute) => values(attribute, (v) => facet.label?.(t, v)));
      facets[facet.key] = facet.newestFirst ? all.sort((a, b) => Number(b.value) - Number(a.value)) : all;
    }
    return facets as SearchFacets;
  }
}
