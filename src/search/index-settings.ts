/**
 * The search index's settings, versioned in code and applied idempotently at every start and to
 * every fresh index a reindex builds.
 */
export const INDEX_SETTINGS_VERSION = 2;

export const SEARCHABLE_ATTRIBUTES = [
  'title',
  'originalTitle',
  'summary',
  'description',
  'participation',
  'monitoring',
  'outcomes',
  'lessonsLearned',
  'adoptingBody',
  'publisher',
  'localGovernmentName',
  'countryName',
  'themeNames',
  'targetGroupNames',
  'sdgTitles',
  // Passages of uploaded documents:
  'sectionPath',
  'text',
];

/** Fields a snippet may be cropped from, in order of preference. */
export const SNIPPET_ATTRIBUTES = ['summary', 'description', 'participation', 'monitoring', 'outcomes', 'lessonsLearned', 'text'];

export const FILTERABLE_ATTRIBUTES = ['type', 'recordId', 'documentId', 'seq', 'isPublic', 'createdBy', 'status', 'themes', 'sdgs', 'region', 'subregion', 'country', 'localGovernmentId', 'year', 'languages', 'targetGroups'];

/** Facets returned with every search. */
export const FACET_ATTRIBUTES = ['type', 'themes', 'sdgs', 'region', 'subregion', 'country', 'year', 'targetGroups'];

export const MAX_TOTAL_HITS = 10000;

/** Words practitioners use interchangeably (multi-way synonyms are listed for each member). */
const SYNONYM_GROUPS: string[][] = [
  ['hrba', 'human rights-based approach', 'human rights based approach', 'rights-based approach'],
  ['sdg', 'sdgs', 'sustainable development goal', 'sustainable development goals', 'global goals'],
  ['lgbti', 'lgbtiq', 'lgbt', 'lgbtq', 'lgbtiq+', 'queer'],
  ['ombudsperson', 'ombudsman', 'ombudswoman', 'ombuds office'],
  ['action plan', 'action programme', 'action program', 'programme of action'],
  ['gbv', 'gender-based violence', 'violence against women'],
  ['roma', 'romani', 'travellers'],
  ['disability', 'disabilities', 'disabled', 'accessibility'],
  ['anti-racism', 'antiracism', 'racism', 'racial discrimination'],
  ['participation', 'participatory', 'involvement', 'co-creation'],
  ['monitoring', 'follow-up', 'evaluation', 'oversight'],
  ['indicators', 'indicator', 'metrics'],
  ['human rights city', 'human-rights city', 'human rights cities'],
];

export function synonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) for (const word of group) out[word] = group.filter((w) => w !== word);
  return out;
}

export const INDEX_SETTINGS = {
  searchableAttributes: SEARCHABLE_ATTRIBUTES,
  filterableAttributes: FILTERABLE_ATTRIBUTES,
  sortableAttributes: ['year', 'titleSort', 'createdAt'],
  displayedAttributes: ['*'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
  faceting: { maxValuesPerFacet: 300 },
  synonyms: synonyms(),
};
