import { CatalogueFilter } from '../catalogue/inputs/catalogue-filter.input';
import { integer } from '../catalogue/filter-fields';
import { all, parseFilterQuery, refuseUnknownParams, type SearchQuery, URL_PARAMS } from '../search/url-query';
import { BadUserInputError } from '../common/errors';
import { validatePlain } from '../common/input/validation';
import { SearchArgs, SearchHitType, SearchSort } from '../search/search.types';

/** Hits on one page of the search page. */
export const HITS_PER_PAGE = 20;

/** Passages per part in the reading view of documents without pages (DOCX, ODT, HTML, text). */
export const PASSAGES_PER_PART = 10;

export interface SearchRequest {
  args: SearchArgs;
  filter: CatalogueFilter;
  /** 1-based page of HITS_PER_PAGE hits. */
  page: number;
  /** The normalised parameters (what links and forms carry on). */
  params: URLSearchParams;
}

/**
 * Reads the search page's URL into the same SearchArgs and CatalogueFilter a GraphQL client sends, validated by
 * the same rules (BAD_USER_INPUT naming the parameter's field otherwise), so the page shows exactly what
 * GraphQL `search` gives for them.
 */
export async function parseSearchQuery(query: SearchQuery): Promise<SearchRequest> {
  refuseUnknownParams(query, URL_PARAMS.searchPage, { onlyMisspelt: true });
  const { q, filter, params } = await parseFilterQuery(query);
  const types = [...new Set(all(query, 'type').map((v) => v.toUpperCase()))];
  for (const type of types) params.append('type', type);
  const sortParam = all(query, 'sort')[0]?.toUpperCase();
  if (sortParam && sortParam !== SearchSort.RELEVANCE) params.set('sort', sortParam.toLowerCase());
  const pageParam = all(query, 'page')[0];
  const page = pageParam ? integer(pageParam, 'page') : 1;
  if (page < 1) throw new BadUserInputError('page', 'pages are numbered from 1');

  const args = await validatePlain(
    SearchArgs,
    { query: q, types: types.length ? types : undefined, limit: HITS_PER_PAGE, offset: (page - 1) * HITS_PER_PAGE, sort: (sortParam as SearchSort) ?? SearchSort.RELEVANCE },
    '',
  );
  return { args, filter, page, params };
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

export type { SearchQuery } from '../search/url-query';

export const HIT_TYPES = Object.values(SearchHitType) as SearchHitType[];
