import { FILTER_ABOUT, FILTER_FIELDS, FilterField, isSet } from '../catalogue/filter-fields';
import { CatalogueFilter } from '../catalogue/inputs/catalogue-filter.input';

/**
 * A Meilisearch filter string value: always double-quoted with quotes and backslashes escaped, so a
 * value can never close the string and change the expression.
 */
export function quote(value: string | number): string {
  return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function anyOf(attribute: string, values: readonly (string | number)[]): string {
  return `${attribute} IN [${values.map(quote).join(', ')}]`;
}

/** A bound as the engine compares it: years as numbers, moments as epoch milliseconds (how the index holds them). */
function bound(value: unknown): number {
  return value instanceof Date || typeof value === 'string' ? new Date(value).getTime() : Number(value);
}

/** Conditions of which any may match. */
function either(conditions: string[]): string {
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(' OR ')})`;
}

/** One field's condition: any of its attributes may match. */
function condition({ engine: { attributes, match } }: FilterField, value: unknown): string {
  switch (match) {
    case 'anyOf':
      return either(attributes.map((a) => anyOf(a, value as (string | number)[])));
    case 'equals':
      // Always in parentheses (the strings the engine has always been sent; the spec pins them).
      return `(${attributes.map((a) => `${a} = ${quote(value as string)}`).join(' OR ')})`;
    case 'atLeast':
      return either(attributes.map((a) => `${a} >= ${bound(value)}`));
    case 'atMost':
      return either(attributes.map((a) => `${a} <= ${bound(value)}`));
  }
}

/** The table's fields in the order the engine's filter lists them (grouped by what they are about). */
const IN_FILTER_ORDER = [...FILTER_FIELDS].sort((a, b) => FILTER_ABOUT.indexOf(a.about) - FILTER_ABOUT.indexOf(b.about));

/**
 * The CatalogueFilter as a Meilisearch filter (AND of ORs), meaning what it means in the lists (themes
 * already expanded to their children by the caller, in the filter or as `expandedThemes`) but for one
 * difference: content fields (themes, SDGs, target groups, years, languages) match only entries that
 * carry them, so local governments — matched in the lists through their plans and practices — drop
 * out. test/filter-contract.e2e-spec.ts checks every field both ways.
 */
export function meiliFilter(filter: CatalogueFilter | null | undefined, types: readonly string[] | null | undefined, expandedThemes?: string[]): string[] {
  const f: CatalogueFilter = { ...filter, ...(expandedThemes ? { themes: expandedThemes } : {}) };
  const out: string[] = [];
  if (types?.length) out.push(anyOf('type', types));
  for (const field of IN_FILTER_ORDER) if (isSet(f[field.field])) out.push(condition(field, f[field.field]));
  return out;
}
