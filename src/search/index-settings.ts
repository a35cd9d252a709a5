import { readSeedFile } from '../seed/seed-files';
import { analyse, AnalysedLanguage, ANALYSED_LANGUAGES } from './text-analysis';

/**
 * The search index's settings, versioned in code and applied idempotently at every start and to
 * every fresh index a reindex builds.
 */
/** A record's text after its title and summary, in the order a reader meets it (its weight in the ranking too). */
export const RECORD_BODY_FIELDS = [
  'description',
  'participation',
  'monitoring',
  'outcomes',
  'lessonsLearned',
  'adoptingBody',
  'publisher',
  'localGovernmentName',
  'countryName',
] as const;

const SEARCHABLE_ATTRIBUTES = [
  'title',
  'originalTitle',
  'summary',
  // Passages of uploaded documents (a passage is text of the same weight as a record's summary):
  'sectionPath',
  'text',
  ...RECORD_BODY_FIELDS,
  'themeNames',
  'targetGroupNames',
  'sdgTitles',
  // Everything above, normalised for its language (stems, no stop words, elisions and clitics off):
  // last, so that of two equal matches the one in the text as written ranks first.
  'norm',
];

/** Fields a snippet may be cropped from, in order of preference. */
export const SNIPPET_ATTRIBUTES = ['summary', 'description', 'participation', 'monitoring', 'outcomes', 'lessonsLearned', 'text'];

const FILTERABLE_ATTRIBUTES = [
  'type',
  'updatedAt',
  'recordId',
  'documentId',
  'seq',
  'isPublic',
  'createdBy',
  'status',
  'themes',
  'sdgs',
  'region',
  'subregion',
  'country',
  'localGovernmentId',
  'year',
  'languages',
  'targetGroups',
];

/** Facets returned with every search. */
export const FACET_ATTRIBUTES = ['type', 'themes', 'sdgs', 'region', 'subregion', 'country', 'year', 'targetGroups'];

export const MAX_TOTAL_HITS = 10000;

interface SynonymGroups {
  groups: ({ concept: string } & Partial<Record<AnalysedLanguage, string[]>>)[];
}

/**
 * The field's key terms across languages (seeds/search/synonyms.json): every phrase of a group, as
 * written and as normalised in its language (queries reach the engine normalised), finds the others.
 */
function synonyms(): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const group of readSeedFile<SynonymGroups>('search/synonyms.json').groups) {
    const members = new Set<string>();
    for (const lang of ANALYSED_LANGUAGES) {
      for (const phrase of group[lang] ?? []) {
        members.add(phrase.toLowerCase());
        const normalised = analyse(phrase, lang);
        if (normalised) members.add(normalised);
      }
    }
    for (const word of members) out[word] = new Set([...(out[word] ?? []), ...[...members].filter((w) => w !== word)]);
  }
  return Object.fromEntries(Object.entries(out).map(([word, others]) => [word, [...others].sort()]));
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
  // Proximity stays by word distance (the default). By attribute, word-pair proximity would no longer
  // be indexed — 45 % of the engine's indexing time for passages (measured: 900 passages into both
  // indexes 3.8 s → 1.8 s) — but a passage holding the words side by side would no longer outrank one
  // holding them apart: "osprey district 287" found page 287 ("… district 286") before page 288
  // ("district 287"). Relevance for phrase-like queries wins over indexing speed.
  // Facet counts come with every search; the facet-value search endpoint is not used.
  facetSearch: false,
};
