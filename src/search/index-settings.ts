import { FILTER_FIELDS } from '../catalogue/filter-fields';
import { KEY_TERM_GROUPS } from './text-analysis';

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
  'recordId',
  'documentId',
  'seq',
  'isPublic',
  'createdBy',
  'status',
  // The filter table's (yearFrom and yearTo share `year`).
  ...new Set(FILTER_FIELDS.flatMap((f) => f.engine.attributes)),
];

/** Facets returned with every search. */
export const FACET_ATTRIBUTES = ['type', ...FILTER_FIELDS.filter((f) => f.facet).flatMap((f) => f.engine.attributes)];

export const MAX_TOTAL_HITS = 10000;

/**
 * The field's key terms across languages (seeds/search/synonyms.json): every phrase of a group, as a
 * query holds it (see analyseQuery), finds the others as they are written — and a phrase of several
 * words also as normalised. A word's stem is not a synonym of the others: stems collide with unrelated
 * words ("suivi", monitoring, and "suivant", following, are both "suiv" in French), so only the word
 * itself expands to its stem (its own inflections).
 */
function synonyms(): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const group of KEY_TERM_GROUPS) {
    const found = group.flatMap((term) => term.asIndexed);
    for (const term of group) {
      for (const key of term.asQueried) {
        const targets = (out[key] ??= new Set<string>());
        for (const form of [...found, ...(term.stem ? [term.stem] : [])]) if (form !== key) targets.add(form);
      }
    }
  }
  return Object.fromEntries(Object.entries(out).map(([word, others]) => [word, [...others].sort()]));
}

const SYNONYMS = synonyms();

/** The words a normalised query (analyseQuery) is found by: its own and its synonyms' (what a snippet may mark). */
export function termsMatching(query: string): Set<string> {
  const terms = new Set<string>();
  for (const word of query.split(' ')) {
    terms.add(word);
    for (const synonym of SYNONYMS[word] ?? []) synonym.split(' ').forEach((w) => terms.add(w));
  }
  // Phrases of several words ("defensor del pueblo") are keys too.
  for (const [key, targets] of Object.entries(SYNONYMS))
    if (key.includes(' ') && ` ${query} `.includes(` ${key} `)) targets.forEach((t) => t.split(' ').forEach((w) => terms.add(w)));
  return terms;
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
  synonyms: SYNONYMS,
  // Proximity stays by word distance (the default). By attribute, word-pair proximity would no longer
  // be indexed — 45 % of the engine's indexing time for passages (measured: 900 passages into both
  // indexes 3.8 s → 1.8 s) — but a passage holding the words side by side would no longer outrank one
  // holding them apart: "osprey district 287" found page 287 ("… district 286") before page 288
  // ("district 287"). Relevance for phrase-like queries wins over indexing speed.
  // Facet counts come with every search; the facet-value search endpoint is not used.
  facetSearch: false,
};
