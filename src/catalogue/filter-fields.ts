import { BadUserInputError } from '../common/errors';
import type { TaxonomyService, TaxonomySnapshot } from '../taxonomy/taxonomy.service';
import type { TaxonomyKind } from './entities/taxonomy-links';
import type { CatalogueFilter } from './inputs/catalogue-filter.input';

/**
 * Every field of the CatalogueFilter in one table: how lists (SQL), search (the engine's filter and
 * facets), URLs (search page, exports) and pages read it. A new filter is one entry here, its
 * messages, a field of CatalogueFilter (a test checks both hold the same fields) and, where new, an
 * index field (index-entries.service.ts; it fails to compile without). SearchFacets' fields are made
 * from the facets here.
 */

/**
 * What a field is about. Content (tag, year, language) matches a local government in the lists through
 * its published plans and practices; place and change match the record itself. The engine's filter
 * lists conditions in this order (its spec pins the strings).
 */
export const FILTER_ABOUT = ['tag', 'place', 'year', 'language', 'change'] as const;
type About = (typeof FILTER_ABOUT)[number];
const CONTENT: readonly About[] = ['tag', 'year', 'language'];

/** What a field's values are, to word them on a page (a taxonomy term, a language, a year…). */
type FilterValueKind = 'theme' | 'sdg' | 'region' | 'country' | 'targetGroup' | 'language' | 'year' | 'moment' | 'localGovernment';

/** What a field's SQL condition may refer to in a record type's query (FilterTarget, as the builder resolved it). */
export interface SqlContext {
  /** Alias of the record's table. */
  alias: string;
  /** Alias of the local government giving the record its place; none for tools (and content matched through a local government's plans). */
  place?: string;
  yearColumn?: string;
  languagesColumn?: string;
  /** Binds a value; the name to write after `:` (or `:...` for a list). */
  param(value: unknown): string;
  /** Records tagged with one of the values (through the type's join table); nothing for untagged types. */
  linked(kind: TaxonomyKind, values: readonly unknown[]): string;
}

/** Matches no row: a field the record type cannot have (a tool has no place). */
export const NOTHING = '1 = 0';

type FieldValue<F extends keyof CatalogueFilter> = NonNullable<CatalogueFilter[F]>;

export interface FilterField<F extends keyof CatalogueFilter = keyof CatalogueFilter, A extends string = string> {
  /** The CatalogueFilter (GraphQL) field. */
  field: F;
  about: About;
  values: FilterValueKind;
  /** Its URL parameter (search page, exports): several values by repetition, or one; `read` turns one into the field's type. */
  url?: { param: string; many: boolean; read?: (value: string) => unknown };
  /** Message naming it on the search page (facet legend, or the label of its input). */
  labelKey?: string;
  /** References must exist: BAD_USER_INPUT naming `path` otherwise. */
  check?: (value: FieldValue<F>, path: string, taxonomy: TaxonomyService, filter: CatalogueFilter) => Promise<void> | void;
  /** The values as both lists and search match them (a parent theme stands for its children too). */
  expand?: (value: FieldValue<F>, taxonomy: TaxonomyService) => Promise<FieldValue<F>>;
  /** Its condition in a list query. */
  sql: (value: FieldValue<F>, c: SqlContext) => string;
  /** Its condition in the engine's filter: the index attributes it reads (any may match) and how. */
  engine: { attributes: readonly A[]; match: 'anyOf' | 'equals' | 'atLeast' | 'atMost' };
  /**
   * The SearchFacets field (with its GraphQL description) counting the engine attributes' values; the
   * values' names (taxonomy); newest first (years; else most frequent first); `lead`: shown before the
   * others on the search page.
   */
  facet?: { key: string; description?: string; label?: (t: TaxonomySnapshot, value: string) => string | undefined; newestFirst?: boolean; lead?: boolean };
}

/** A value given as a whole number in a URL, or BAD_USER_INPUT naming `field`. */
export function integer(value: string, field: string): number {
  if (!/^-?\d+$/.test(value)) throw new BadUserInputError(field, `"${value}" is not a whole number`);
  return Number(value);
}

/** A date (2026-01-31, its start in UTC) or a moment (2026-01-31T12:00:00Z) in a URL. */
function readMoment(value: string): Date {
  const moment = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? new Date(value) : null;
  if (!moment || Number.isNaN(moment.getTime()))
    throw new BadUserInputError('filter.updatedSince', `"${value}" is not a date such as 2026-01-31 or a moment such as 2026-01-31T12:00:00Z`);
  return moment;
}

/** Typed per field (its value's type reaches `sql`, `check` and `expand`; its attributes are kept for FilterAttribute). */
function entry<F extends keyof CatalogueFilter, const A extends string>(field: FilterField<F, A>): FilterField<F, A> {
  return field;
}

/** In CatalogueFilter's order; URL parameters are listed (and carried on) lists first, then single values. */
const ENTRIES = [
  entry({
    field: 'themes',
    about: 'tag',
    values: 'theme',
    url: { param: 'theme', many: true },
    labelKey: 'search.facet.theme',
    check: (slugs, path, taxonomy) => taxonomy.assertThemes(slugs, path),
    expand: (slugs, taxonomy) => taxonomy.expandThemes(slugs),
    sql: (slugs, c) => c.linked('themes', slugs),
    engine: { attributes: ['themes'], match: 'anyOf' },
    facet: { key: 'themes', label: (t, v) => t.themes.get(v)?.name },
  }),
  entry({
    field: 'sdgs',
    about: 'tag',
    values: 'sdg',
    url: { param: 'sdg', many: true, read: (v) => integer(v, 'filter.sdgs') },
    labelKey: 'search.facet.sdg',
    check: (numbers, path, taxonomy) => taxonomy.assertSdgs(numbers, path),
    sql: (numbers, c) => c.linked('sdgs', numbers),
    engine: { attributes: ['sdgs'], match: 'anyOf' },
    facet: { key: 'sdgs', label: (t, v) => t.sdgs.get(Number(v))?.title, lead: true },
  }),
  entry({
    field: 'regions',
    about: 'place',
    values: 'region',
    url: { param: 'region', many: true },
    labelKey: 'search.facet.region',
    check: (codes, path, taxonomy) => taxonomy.assertRegions(codes, path),
    sql: (codes, c) => {
      if (!c.place) return NOTHING;
      const p = c.param(codes);
      return `(${c.place}.region_code IN (:...${p}) OR ${c.place}.subregion_code IN (:...${p}))`;
    },
    engine: { attributes: ['region', 'subregion'], match: 'anyOf' },
    facet: { key: 'regions', description: 'M49 regions and sub-regions.', label: (t, v) => t.regions.get(v)?.name },
  }),
  entry({
    field: 'countries',
    about: 'place',
    values: 'country',
    // Country codes are capitals (at → AT).
    url: { param: 'country', many: true, read: (v) => v.toUpperCase() },
    labelKey: 'search.facet.country',
    check: (codes, path, taxonomy) => taxonomy.assertCountries(codes, path),
    sql: (codes, c) => (c.place ? `${c.place}.country_code IN (:...${c.param(codes)})` : NOTHING),
    engine: { attributes: ['country'], match: 'anyOf' },
    facet: { key: 'countries', label: (t, v) => t.countries.get(v)?.name },
  }),
  entry({
    field: 'targetGroups',
    about: 'tag',
    values: 'targetGroup',
    url: { param: 'target_group', many: true },
    labelKey: 'search.facet.target_group',
    check: (slugs, path, taxonomy) => taxonomy.assertTargetGroups(slugs, path),
    sql: (slugs, c) => c.linked('targetGroups', slugs),
    engine: { attributes: ['targetGroups'], match: 'anyOf' },
    facet: { key: 'targetGroups', label: (t, v) => t.targetGroups.get(v)?.name },
  }),
  entry({
    field: 'localGovernmentId',
    about: 'place',
    values: 'localGovernment',
    sql: (id, c) => (c.place ? `${c.place}.id = :${c.param(id)}` : NOTHING),
    engine: { attributes: ['localGovernmentId'], match: 'equals' },
  }),
  entry({
    field: 'yearFrom',
    about: 'year',
    values: 'year',
    url: { param: 'from', many: false, read: (v) => integer(v, 'filter.yearFrom') },
    labelKey: 'search.from',
    sql: (year, c) => (c.yearColumn ? `${c.alias}.${c.yearColumn} >= :${c.param(year)}` : NOTHING),
    engine: { attributes: ['year'], match: 'atLeast' },
    facet: { key: 'years', newestFirst: true },
  }),
  entry({
    field: 'yearTo',
    about: 'year',
    values: 'year',
    url: { param: 'to', many: false, read: (v) => integer(v, 'filter.yearTo') },
    labelKey: 'search.to',
    check: (year, path, _taxonomy, filter) => {
      if (filter.yearFrom != null && year < filter.yearFrom) throw new BadUserInputError(path, 'yearTo must not be before yearFrom');
    },
    sql: (year, c) => (c.yearColumn ? `${c.alias}.${c.yearColumn} <= :${c.param(year)}` : NOTHING),
    engine: { attributes: ['year'], match: 'atMost' },
  }),
  entry({
    field: 'languages',
    about: 'language',
    values: 'language',
    url: { param: 'language', many: true },
    labelKey: 'search.facet.language',
    // The column holds ",en,fr,".
    sql: (codes, c) => (c.languagesColumn ? `(${codes.map((l) => `${c.alias}.${c.languagesColumn} LIKE :${c.param(`%,${l},%`)}`).join(' OR ')})` : NOTHING),
    engine: { attributes: ['languages'], match: 'anyOf' },
  }),
  entry({
    field: 'updatedSince',
    about: 'change',
    values: 'moment',
    url: { param: 'updated_since', many: false, read: readMoment },
    // The record's own last change (a local government's too, not its plans').
    sql: (since, c) => `${c.alias}.updated_at >= :${c.param(since)}`,
    engine: { attributes: ['updatedAt'], match: 'atLeast' },
  }),
] as const;

/** Every CatalogueFilter field has its entry: a field without one fails to compile here. */
type Missing = Exclude<keyof CatalogueFilter, (typeof ENTRIES)[number]['field']>;
const everyFieldHasAnEntry: [Missing] extends [never] ? true : Missing = true;
void everyFieldHasAnEntry;

/** The index attributes the table reads: the search index's entries must have them (index-entries.service.ts checks). */
export type FilterAttribute = (typeof ENTRIES)[number]['engine']['attributes'][number];

/** The fields as a loop reads them (each entry's value type checked above, where it is written). */
export const FILTER_FIELDS = ENTRIES as readonly unknown[] as readonly FilterField[];

/** Whether a field matches local governments in the lists through their plans and practices (see FILTER_ABOUT). */
export function isContent(field: FilterField): boolean {
  return CONTENT.includes(field.about);
}

/** Whether the filter sets the field (a list with values, or a value). */
export function isSet(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value != null && value !== '';
}
