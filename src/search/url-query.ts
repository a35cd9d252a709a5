import { CatalogueFilter } from '../catalogue/inputs/catalogue-filter.input';
import { BadUserInputError } from '../common/errors';
import { validatePlain } from '../common/input/validation';

/**
 * The URL parameters that say which records a page or a file is about — the search page's and the
 * exports' (several values by repetition: sdg=5&sdg=16) — read into the CatalogueFilter a GraphQL
 * client sends, validated by the same rules (BAD_USER_INPUT naming the field otherwise).
 */
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

/** The parameters parseFilterQuery reads: the words and the filter. */
const FILTER_QUERY_PARAMS = ['q', ...Object.keys(FILTER_PARAMS), 'from', 'to', 'updated_since'];

/**
 * Every URL parameter each endpoint that reads the filter takes: anything else is refused (a
 * misspelt filter must not silently return everything). A new parameter is registered here.
 */
export const URL_PARAMS = {
  /** GET /export/{collection}.{format} */
  export: [...FILTER_QUERY_PARAMS, 'sort'],
  /** GET /{lang}/search */
  searchPage: [...FILTER_QUERY_PARAMS, 'type', 'sort', 'page'],
} as const satisfies Record<string, readonly string[]>;

/** The URL parameter people mean when they write another spelling: GraphQL's field names, plurals, other cases. */
const MEANT: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(FILTER_PARAMS).flatMap(([param, field]) => [
      [field.toLowerCase(), param],
      [`${param}s`, param],
    ]),
  ),
  yearfrom: 'from',
  yearto: 'to',
  updatedsince: 'updated_since',
  query: 'q',
  types: 'type',
};

/** The known parameter an unknown one is probably meant as (GraphQL's spelling, a plural, another case), if any. */
function meantParam(unknown: string, known: readonly string[]): string | undefined {
  const folded = unknown.toLowerCase().replace(/[-_]/g, '');
  const meant = MEANT[folded] ?? known.find((k) => k.replace(/_/g, '') === folded);
  return meant && known.includes(meant) ? meant : undefined;
}

/**
 * BAD_USER_INPUT for the first parameter `known` does not list, naming it and the known ones (and the one
 * probably meant). With `onlyMisspelt` (web pages, whose shared links carry tracking parameters such as
 * utm_source), only a parameter that reads as another spelling of a known one is refused.
 */
export function refuseUnknownParams(query: SearchQuery, known: readonly string[], options: { onlyMisspelt?: boolean } = {}): void {
  for (const unknown of Object.keys(query).filter((name) => !known.includes(name))) {
    const meant = meantParam(unknown, known);
    if (!meant && options.onlyMisspelt) continue;
    const hint = meant ? ` Did you mean "${meant}"?` : '';
    throw new BadUserInputError(unknown, `unknown URL parameter "${unknown}".${hint} The parameters are: ${known.join(', ')}.`, { rule: 'unknownParameter' });
  }
}

export function all(query: SearchQuery, name: string): string[] {
  const value = query[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => String(v).trim()).filter(Boolean);
}

export function integer(value: string, field: string): number {
  if (!/^-?\d+$/.test(value)) throw new BadUserInputError(field, `"${value}" is not a whole number`);
  return Number(value);
}

/** The URL parameter of each filter field, to name it in errors as the caller wrote it. */
const PARAM_OF_FIELD: Record<string, string> = {
  ...Object.fromEntries(Object.entries(FILTER_PARAMS).map(([param, field]) => [`filter.${field}`, param])),
  'filter.yearFrom': 'from',
  'filter.yearTo': 'to',
  'filter.updatedSince': 'updated_since',
};

/** A BAD_USER_INPUT about a filter field, said in the URL's words (`to`, not `filter.yearTo`); anything else unchanged. */
export function inUrlTerms(error: unknown): unknown {
  if (!(error instanceof BadUserInputError)) return error;
  const field = typeof error.details.field === 'string' ? error.details.field : '';
  const param = PARAM_OF_FIELD[field];
  if (!param) return error;
  const message = error.message.replace(/^filter\.\w+: /, '');
  return new BadUserInputError(param, `${message} (URL parameter "${param}")`);
}

/** The words (`q`) and the filter (theme, sdg, region, country, target_group, language, from, to, updated_since); `params` carries them on, normalised. */
export async function parseFilterQuery(query: SearchQuery): Promise<{ q: string; filter: CatalogueFilter; params: URLSearchParams }> {
  const params = new URLSearchParams();
  const q = all(query, 'q')[0] ?? '';
  if (q) params.set('q', q);
  const filter: Record<string, unknown> = {};
  for (const [param, field] of Object.entries(FILTER_PARAMS) as [FilterParam, keyof CatalogueFilter][]) {
    const values = [...new Set(all(query, param))];
    if (!values.length) continue;
    // Country codes are capitals (at → AT); everything else as given.
    filter[field] = param === 'sdg' ? values.map((v) => integer(v, 'filter.sdgs')) : param === 'country' ? values.map((v) => v.toUpperCase()) : values;
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
  const since = all(query, 'updated_since')[0];
  if (since) {
    // A date (2026-01-31) or a moment (2026-01-31T12:00:00Z); a date means its start, in UTC.
    const moment = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(since) ? new Date(since) : null;
    if (!moment || Number.isNaN(moment.getTime()))
      throw new BadUserInputError('filter.updatedSince', `"${since}" is not a date such as 2026-01-31 or a moment such as 2026-01-31T12:00:00Z`);
    filter.updatedSince = moment;
    params.set('updated_since', since);
  }
  return { q, filter: await validatePlain(CatalogueFilter, filter, 'filter'), params };
}
