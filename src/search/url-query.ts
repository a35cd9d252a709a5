import { FILTER_FIELDS, FilterField } from '../catalogue/filter-fields';
import { CatalogueFilter } from '../catalogue/inputs/catalogue-filter.input';
import { BadUserInputError } from '../common/errors';
import { validatePlain } from '../common/input/validation';

/**
 * The URL parameters that say which records a page or a file is about — the search page's and the
 * exports' (several values by repetition: sdg=5&sdg=16) — read into the CatalogueFilter a GraphQL
 * client sends, validated by the same rules (BAD_USER_INPUT naming the field otherwise).
 */
export type SearchQuery = Record<string, string | string[] | undefined>;

/** The filter fields read from URLs: lists (several values by repetition) first, then single values. */
const URL_FIELDS = [...FILTER_FIELDS.filter((f) => f.url?.many), ...FILTER_FIELDS.filter((f) => f.url && !f.url.many)] as (FilterField & {
  url: NonNullable<FilterField['url']>;
})[];

/** The parameters parseFilterQuery reads: the words and the filter. */
const FILTER_QUERY_PARAMS = ['q', ...URL_FIELDS.map((f) => f.url.param)];

/**
 * Every URL parameter each endpoint that reads the filter takes: anything else is refused (a
 * misspelt filter must not silently return everything). A filter's parameter comes from its entry in
 * the filter table (catalogue/filter-fields.ts); any other is registered here.
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
    URL_FIELDS.flatMap(({ field, url: { param, many } }): [string, string][] => [[field.toLowerCase(), param], ...(many ? [[`${param}s`, param] as [string, string]] : [])]),
  ),
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

/** The URL parameter of each filter field, to name it in errors as the caller wrote it. */
const PARAM_OF_FIELD: Record<string, string> = Object.fromEntries(URL_FIELDS.map(({ field, url }) => [`filter.${field}`, url.param]));

/** A BAD_USER_INPUT about a filter field, said in the URL's words (`to`, not `filter.yearTo`); anything else unchanged. */
export function inUrlTerms(error: unknown): unknown {
  if (!(error instanceof BadUserInputError)) return error;
  const field = typeof error.details.field === 'string' ? error.details.field : '';
  const param = PARAM_OF_FIELD[field];
  if (!param) return error;
  const message = error.message.replace(/^filter\.\w+: /, '');
  return new BadUserInputError(param, `${message} (URL parameter "${param}")`);
}

/** The words (`q`) and the filter (the table's URL parameters); `params` carries them on, normalised. */
export async function parseFilterQuery(query: SearchQuery): Promise<{ q: string; filter: CatalogueFilter; params: URLSearchParams }> {
  const params = new URLSearchParams();
  const q = all(query, 'q')[0] ?? '';
  if (q) params.set('q', q);
  const filter: Record<string, unknown> = {};
  for (const { field, url } of URL_FIELDS) {
    const read = url.read ?? ((value: string) => value);
    if (url.many) {
      const values = [...new Set(all(query, url.param))];
      if (!values.length) continue;
      filter[field] = values.map(read);
      for (const v of values) params.append(url.param, v);
    } else {
      const value = all(query, url.param)[0];
      if (!value) continue;
      filter[field] = read(value);
      params.set(url.param, value);
    }
  }
  return { q, filter: await validatePlain(CatalogueFilter, filter, 'filter'), params };
}
