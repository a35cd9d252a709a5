import type { ActionPlan } from '../catalogue/entities/action-plan.entity';
import type { GoodPractice } from '../catalogue/entities/good-practice.entity';
import type { LocalGovernment } from '../catalogue/entities/local-government.entity';
import type { CatalogueRecord } from '../catalogue/entities/record-base';
import type { Tool } from '../catalogue/entities/tool.entity';
import { RecordType } from '../catalogue/enums';
import type { RecordDefinition } from '../catalogue/record-options';

/** A cell as JSON carries it; CSV joins lists with ";" and writes dates as ISO 8601. */
export type Cell = string | number | boolean | null | (string | number)[];

/** What a row needs besides the record itself, loaded per batch. */
export interface RowContext {
  place: LocalGovernment | null;
  /** A good practice's action plan (its slug), if it names one. */
  planSlug: string | null;
  themes: string[];
  sdgs: number[];
  targetGroups: string[];
  permalink: string;
  /** The record's version (its latest revision): import refuses a row exported before a later change. */
  version: number;
}

interface Column<T> {
  /** The GraphQL field name (or, for export-only columns, a name in the same style). */
  name: string;
  value: (record: T, row: RowContext) => Cell;
  /** Not a field to set: import recognises and ignores it. */
  exportOnly?: boolean;
}

const iso = (date: Date | string | null | undefined): string | null => (date ? new Date(date).toISOString() : null);

function own<T>(...names: (keyof T & string)[]): Column<T>[] {
  return names.map((name) => ({ name, value: (record: T) => (record[name] ?? null) as Cell }));
}

/** Where a plan or practice is: its local government by slug (what import takes), its name, country and region (export only). */
const PLACE_COLUMNS: Column<CatalogueRecord>[] = [
  { name: 'localGovernment', value: (_r, row) => row.place?.slug ?? null },
  { name: 'localGovernmentName', value: (_r, row) => row.place?.name ?? null, exportOnly: true },
  { name: 'country', value: (_r, row) => row.place?.countryCode ?? null, exportOnly: true },
  { name: 'region', value: (_r, row) => row.place?.regionCode ?? null, exportOnly: true },
];

const TAG_COLUMNS: Column<CatalogueRecord>[] = [
  { name: 'themes', value: (_r, row) => row.themes },
  { name: 'sdgs', value: (_r, row) => row.sdgs },
  { name: 'targetGroups', value: (_r, row) => row.targetGroups },
];

const TRAILING_COLUMNS: Column<CatalogueRecord>[] = [
  { name: 'version', value: (_r, row) => row.version },
  { name: 'publishedAt', value: (r) => iso(r.publishedAt), exportOnly: true },
  { name: 'updatedAt', value: (r) => iso(r.updatedAt), exportOnly: true },
  { name: 'permalink', value: (_r, row) => row.permalink, exportOnly: true },
];

/**
 * The columns of each record type's export, in order: id and slug, its own fields, its tags, its
 * place, then when it was published and changed and its permalink. Exhaustive per record type (the
 * compiler asks a new type for its list). The names are GraphQL field names (test/exports.e2e-spec.ts
 * checks them against the schema), so the same words serve the API, the files and the import.
 */
const OWN_COLUMNS: { [K in RecordType]: Column<never>[] } = {
  [RecordType.ACTION_PLAN]: [
    ...own<ActionPlan>('title', 'originalTitle', 'summary', 'kind', 'lifecycle', 'adoptionDate', 'periodStart', 'periodEnd'),
    // derived from the adoption date or the period: not set by import
    { name: 'year', value: (r: ActionPlan) => r.year, exportOnly: true },
    ...own<ActionPlan>('adoptingBody', 'languages'),
    ...own<ActionPlan>('participation', 'monitoring', 'sourceUrl'),
  ],
  [RecordType.GOOD_PRACTICE]: [
    ...own<GoodPractice>('title', 'summary', 'description', 'startYear', 'endYear', 'outcomes', 'lessonsLearned', 'sourceUrl'),
    { name: 'actionPlan', value: (_r: GoodPractice, row: RowContext) => row.planSlug },
  ],
  [RecordType.TOOL]: own<Tool>('title', 'kind', 'publisher', 'year', 'languages', 'summary', 'url'),
  [RecordType.LOCAL_GOVERNMENT]: [
    ...own<LocalGovernment>('name', 'kind'),
    { name: 'country', value: (r: LocalGovernment) => r.countryCode },
    { name: 'region', value: (r: LocalGovernment) => r.regionCode, exportOnly: true },
    { name: 'subregion', value: (r: LocalGovernment) => r.subregionCode, exportOnly: true },
    ...own<LocalGovernment>('population', 'latitude', 'longitude', 'website', 'humanRightsCitySince'),
  ],
};

export interface ExportColumn {
  name: string;
  exportOnly: boolean;
  value: (record: CatalogueRecord, row: RowContext) => Cell;
}

/** The columns of a record type's export; `status` (after the slug) only for signed-in staff. */
export function exportColumns(definition: RecordDefinition<CatalogueRecord>, options: { withStatus: boolean }): ExportColumn[] {
  const placed = Object.values(definition.references).includes(RecordType.LOCAL_GOVERNMENT);
  const columns: Column<CatalogueRecord>[] = [
    { name: 'id', value: (r) => r.id },
    { name: 'slug', value: (r) => r.slug },
    ...(options.withStatus ? [{ name: 'status', value: (r: CatalogueRecord) => r.status, exportOnly: true }] : []),
    ...(OWN_COLUMNS[definition.type] as Column<CatalogueRecord>[]),
    ...(definition.tagged ? TAG_COLUMNS : []),
    ...(placed ? PLACE_COLUMNS : []),
    ...TRAILING_COLUMNS,
  ];
  return columns.map((c) => ({ name: c.name, exportOnly: !!c.exportOnly, value: c.value }));
}

/** How import reads a column's cells (everything not named here is text). */
const NUMBER_COLUMNS = new Set(['periodStart', 'periodEnd', 'startYear', 'endYear', 'year', 'population', 'latitude', 'longitude', 'humanRightsCitySince']);
const LIST_COLUMNS = new Set(['languages', 'themes', 'targetGroups', 'documents']);

export function cellKind(column: string): 'text' | 'number' | 'list' | 'numbers' {
  if (column === 'sdgs') return 'numbers';
  if (LIST_COLUMNS.has(column)) return 'list';
  return NUMBER_COLUMNS.has(column) ? 'number' : 'text';
}
