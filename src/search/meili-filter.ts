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

/**
 * The CatalogueFilter as a Meilisearch filter (AND of ORs), meaning what it means in the lists (themes
 * already expanded to their children by the caller) but for one difference: content fields (themes,
 * SDGs, target groups, years, languages) match only entries that carry them, so local governments —
 * matched in the lists through their plans and practices — drop out. test/filter-contract.e2e-spec.ts
 * checks every field both ways.
 */
export function meiliFilter(filter: CatalogueFilter | null | undefined, types: readonly string[] | null | undefined, expandedThemes?: string[]): string[] {
  const f = filter ?? {};
  const out: string[] = [];
  if (types?.length) out.push(anyOf('type', types));
  if (expandedThemes?.length) out.push(anyOf('themes', expandedThemes));
  if (f.sdgs?.length) out.push(anyOf('sdgs', f.sdgs));
  if (f.targetGroups?.length) out.push(anyOf('targetGroups', f.targetGroups));
  if (f.regions?.length) out.push(`(${anyOf('region', f.regions)} OR ${anyOf('subregion', f.regions)})`);
  if (f.countries?.length) out.push(anyOf('country', f.countries));
  if (f.localGovernmentId) out.push(`(localGovernmentId = ${quote(f.localGovernmentId)})`);
  if (f.yearFrom != null) out.push(`year >= ${Number(f.yearFrom)}`);
  if (f.yearTo != null) out.push(`year <= ${Number(f.yearTo)}`);
  if (f.languages?.length) out.push(anyOf('languages', f.languages));
  if (f.updatedSince) out.push(`updatedAt >= ${new Date(f.updatedSince).getTime()}`);
  return out;
}
