import { CatalogueFilter } from '../catalogue/inputs/catalogue-filter.input';
import { BadUserInputError } from '../common/errors';
import { validatePlain } from '../common/validation';
import { SearchArgs, SearchHitType, SearchSort } from '../search/search.types';

/** Hits on one page of the search page. */
export const HITS_PER_PAGE = 20;

/** Passages per part in the reading view of documents without pages (DOCX, ODT, HTML, text). */
export const PASSAGES_PER_PART = 10;

/** The URL parameters of the search page (several values by repetition: sdg=5&sdg=16). */
export type SearchQuery = Record<string, string | string[] | undefined>;

/** URL parameter → CatalogueFilter field, for the multi-valued filters. */
const FILTER_PARAMS = {
  theme: 'themes',
  sdg: 'sdgs',
  region: 'regions',
  country: 'countries',
  target_group: 'targetGroups',
  language: 'languages',
} as const satisfies Record<string, keyof CatalogueFilter>;
export type FilterParam = keyof typeof FILTER_PARAMS;

export interface SearchRequest {
  args: SearchArgs;
  filter: CatalogueFilter;
  /** 1-based page of HITS_PER_PAGE hits. */
  page: number;
  /** The normalised parameters (what links and forms carry on). */
  params: URLSearchParams;
}

function all(query: SearchQuery, name: string): string[] {
  const value = query[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => String(v).trim()).filter(Boolean);
}

function integer(value: string, field: string): number {
  if (!/^-?\d+$/.test(value)) throw new BadUserInputError(field, `"${value}" is not a whole number`);
  return Number(value);
}

/**
 * Reads the search page's URL into the same SearchArgs and CatalogueFilter a GraphQL client sends, validated by
 * the same rules (BAD_USER_INPUT naming the parameter's field otherwise), so the page shows exactly what
 * GraphQL `search` gives for them.
 */
export async function parseSearchQuery(query: SearchQuery): Promise<SearchRequest> {
  const params = new URLSearchParams();
  const q = all(query, 'q')[0] ?? '';
  if (q) params.set('q', q);
  const filter: Record<string, unknown> = {};
  for (const [param, field] of Object.entries(FILTER_PARAMS) as [FilterParam, keyof CatalogueFilter][]) {
    const values = [...new Set(all(query, param))];
    if (!values.length) continue;
    filter[field] = param === 'sdg' ? values.map((v) => integer(v, 'filter.sdgs')) : values;
    for (const v of values) params.append(param, v);
  }
  const from = all(query, 'from')[0];
  const to = all(query, 'to')[0];
  if (from) {
    filter.yearFrom = integer(from, 'filter.yearFrom');
    params.set('from', from);
  }
  if (to) {
    filter.yearTo = integer(to, 'filter.yearTo');
    params.set('to', to);
  }
  const types = [...new Set(all(query, 'type').map((v) => v.toUpperCase()))];
  for (const type of types) params.append('type', type);
  const sortParam = all(query, 'sort')[0]?.toUpperCase();
  if (sortParam && sortParam !== SearchSort.RELEVANCE) params.set('sort', sortParam.toLowerCase());
  const pageParam = all(query, 'page')[0];
  const page = pageParam ? integer(pageParam, 'page') : 1;
  if (page < 1) throw new BadUserInputError('page', 'pages are numbered from 1');

  const validFilter = await validatePlain(CatalogueFilter, filter, 'filter');
  const args = await validatePlain(
    SearchArgs,
    { query: q, types: types.length ? types : undefined, limit: HITS_PER_PAGE, offset: (page - 1) * HITS_PER_PAGE, sort: (sortParam as SearchSort) ?? SearchSort.RELEVANCE },
    '',
  );
  return { args, filter: validFilter, page, params };
}

/** The same search with one parameter value added or removed (facet links, removable filters). */
export function toggled(params: URLSearchParams, name: string, value: string): URLSearchParams {
  const next = new URLSearchParams();
  let found = false;
  for (const [k, v] of params) {
    if (k === name && v === value) found = true;
    else if (k !== 'page') next.append(k, v);
  }
  if (!found) next.append(name, value);
  return next;
}

/** The same search at another page. */
export function atPage(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('page');
  if (page > 1) next.set('page', String(page));
  return next;
}

export const HIT_TYPES = Object.values(SearchHitType) as SearchHitType[];
