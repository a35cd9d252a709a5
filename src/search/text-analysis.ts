import { StemmerAr } from '@nlpjs/lang-ar';
import { StemmerDe } from '@nlpjs/lang-de';
import { StemmerEn, StopwordsEn } from '@nlpjs/lang-en';
import { StemmerEs, StopwordsEs } from '@nlpjs/lang-es';
import { StemmerFr, StopwordsFr } from '@nlpjs/lang-fr';
import { StemmerPt, StopwordsPt } from '@nlpjs/lang-pt';
import { ARABIC_SCRIPT, FUNCTION_WORDS, mostlyArabic } from '../common/http/content-language';
import { readSeedFile } from '../seed/seed-files';

/**
 * Language-aware normalisation for search. Meilisearch matches words as written (no stemming, no
 * stop words, elisions and Arabic clitics kept as found), so every record and passage is also indexed
 * in a normalised form — the `norm` attribute — and a query goes through the same steps in its own
 * language: apostrophes and elisions folded (l’éducation, l'éducation → éducation), Arabic diacritics,
 * letter variants and attached prefixes (وال، بال، لل، ال) removed, stop words dropped, words stemmed
 * (Snowball-family stemmers of @nlpjs/lang-*), accents folded.
 */
const ANALYSED_LANGUAGES = ['en', 'fr', 'es', 'de', 'pt', 'ar'] as const;
export type AnalysedLanguage = (typeof ANALYSED_LANGUAGES)[number];

function isAnalysed(lang: string | null | undefined): lang is AnalysedLanguage {
  return !!lang && (ANALYSED_LANGUAGES as readonly string[]).includes(lang);
}

interface Stemmer {
  stemWord(word: string): string;
}

const STEMMERS: Record<AnalysedLanguage, Stemmer> = {
  en: new StemmerEn(),
  fr: new StemmerFr(),
  es: new StemmerEs(),
  de: new StemmerDe(),
  pt: new StemmerPt(),
  ar: new StemmerAr(),
};

const APOSTROPHES = /[\u2019\u2018\u02bc\u02b9`\u00b4\u2032]/g;
/** French (and Catalan, Italian) elided articles and pronouns before a vowel: l’, d’, qu’, jusqu’… */
const ELISION = /(^|[^\p{L}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|dell|all|dall|nell|sull)'(?=\p{L})/giu;
const ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/g;

/** Lower case, accents off (for comparing stems however they were typed). */
function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Arabic: no diacritics or tatweel, one alef, final yeh and teh marbuta as their common forms. */
function arabicLetters(word: string): string {
  return word
    .replace(ARABIC_MARKS, '')
    .replace(/[إأآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه');
}

interface AnalysisData {
  stopWords: Partial<Record<AnalysedLanguage, string[]>>;
  keep: Partial<Record<AnalysedLanguage, string[]>>;
}

function libraryStopWords(Cls: new () => { dictionary: Record<string, boolean> }): string[] {
  return Object.keys(new Cls().dictionary).filter((w) => !/^\d$/.test(w));
}

const STOP_WORDS: Record<AnalysedLanguage, Set<string>> = (() => {
  const data = readSeedFile<AnalysisData>('search/analysis.json');
  const lists: Record<AnalysedLanguage, string[]> = {
    en: libraryStopWords(StopwordsEn),
    fr: libraryStopWords(StopwordsFr),
    es: libraryStopWords(StopwordsEs),
    pt: libraryStopWords(StopwordsPt),
    de: [],
    ar: [],
  };
  const sets = {} as Record<AnalysedLanguage, Set<string>>;
  for (const lang of ANALYSED_LANGUAGES) {
    const keep = new Set((data.keep[lang] ?? []).map((w) => fold(w)));
    sets[lang] = new Set([...lists[lang], ...(data.stopWords[lang] ?? [])].map((w) => fold(lang === 'ar' ? arabicLetters(w) : w)).filter((w) => !keep.has(w)));
  }
  return sets;
})();

/** The article and the prepositions or conjunctions written onto it (وال، فال، بال، كال، لل، ال), when a word is left. */
function arabicPrefixes(word: string): string {
  for (const prefix of ['وال', 'فال', 'بال', 'كال', 'ولل', 'فلل', 'لل', 'ال']) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 3) return word.slice(prefix.length);
  }
  return word;
}

/** The words of a text, apostrophes and elisions folded (language-independent: also for unknown languages). */
function words(text: string): string[] {
  return text
    .normalize('NFC')
    .replace(APOSTROPHES, "'")
    .replace(ELISION, '$1')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

/** One word as the index keeps it in `norm`; null for a stop word. */
function term(word: string, lang: AnalysedLanguage | null): string | null {
  if (lang === 'ar' || ARABIC_SCRIPT.test(word)) {
    const letters = arabicPrefixes(arabicLetters(word));
    if (STOP_WORDS.ar.has(letters)) return null;
    return STEMMERS.ar.stemWord(letters) || letters;
  }
  const lower = word.toLowerCase().replace(/'s$/, '');
  if (!lang) return fold(lower);
  if (STOP_WORDS[lang].has(fold(lower))) return null;
  return fold(STEMMERS[lang].stemWord(lower) || lower);
}

/** The normalised form of a text written in `lang` (null: unknown — folding only, no stemming, no stop words). */
export function analyse(text: string | null | undefined, lang: string | null | undefined): string {
  return normalised(text, lang, false);
}

/**
 * A query's normalised form: as analyse(), except that a key term of one word (seeds/search/synonyms.json)
 * stays as written, lower case. Its synonyms are its other phrases as written (see index-settings), so a
 * key term never reaches the words that merely share its stem: "suivi" (monitoring) and "suivant"
 * (following) are both "suiv" in French.
 */
export function analyseQuery(text: string | null | undefined, lang: string | null | undefined): string {
  return normalised(text, lang, true);
}

function normalised(text: string | null | undefined, lang: string | null | undefined, keepKeyWords: boolean): string {
  if (!text) return '';
  const language = isAnalysed(lang) ? lang : null;
  const out: string[] = [];
  for (const word of words(text)) {
    const t = keepKeyWords && KEY_WORDS.has(word.toLowerCase()) ? word.toLowerCase() : term(word, language);
    if (t) out.push(t);
  }
  return out.join(' ');
}

/** One key term of the field (a phrase of seeds/search/synonyms.json) and how it reaches the engine. */
interface KeyTerm {
  /** The forms a query holds it in (analyseQuery's, and for a phrase of several words analyse()'s too). */
  asQueried: string[];
  /** The forms it is found by in the index: as written (lower case, accents kept and folded), and a phrase of several words also normalised. */
  asIndexed: string[];
  /** A word's own stem, which only the word itself expands to (its inflections in `norm`), never its synonyms. */
  stem: string | null;
}

interface KeyTermGroup {
  concept: string;
  [lang: string]: string | string[];
}

/** The seed's groups, and its key terms of one word, lower case: a query keeps those as written (see analyseQuery). */
const KEY_TERM_SEED = readSeedFile<{ groups: KeyTermGroup[] }>('search/synonyms.json').groups;
const KEY_WORDS = new Set(
  KEY_TERM_SEED.flatMap((group) => ANALYSED_LANGUAGES.flatMap((lang) => (group[lang] as string[] | undefined) ?? []))
    .map((phrase) => words(phrase))
    .filter((list) => list.length === 1)
    .map(([word]) => word.toLowerCase()),
);

function keyTerm(phrase: string, lang: AnalysedLanguage): KeyTerm {
  const written = words(phrase).join(' ').toLowerCase();
  const forms = (...list: string[]) => [...new Set(list.filter(Boolean))];
  if (!written.includes(' ')) return { asQueried: forms(written, fold(written)), asIndexed: forms(written, fold(written)), stem: analyse(phrase, lang) || null };
  const stemmed = analyse(phrase, lang);
  return { asQueried: forms(analyseQuery(phrase, lang), stemmed, written), asIndexed: forms(stemmed, written), stem: null };
}

/** The field's key terms across languages, one group per concept. */
export const KEY_TERM_GROUPS: KeyTerm[][] = KEY_TERM_SEED.map((group) =>
  ANALYSED_LANGUAGES.flatMap((lang) => ((group[lang] as string[] | undefined) ?? []).map((phrase) => keyTerm(phrase, lang))),
);

/**
 * For the terms a query was matched by (its normalised words and their synonyms): a function that marks,
 * in a text the engine did not mark, the words whose normalised form in the text's language, or whose
 * lower-case form, is one of them. The engine marks only what it matched in the text as written, not in
 * `norm` (a stem: "monitored" for "monitoring"; an Arabic word with a prefix written onto it: `للتعذيب`).
 * Stop words are never marked. Null when there is nothing to look for.
 */
export function termMarker(terms: Iterable<string>, open: string, close: string): ((text: string, lang: string | null | undefined) => string) | null {
  const wanted = new Set([...terms].filter(Boolean));
  if (!wanted.size) return null;
  return (text, lang) => {
    const language = isAnalysed(lang) ? lang : null;
    return text.replace(/[\p{L}\p{M}\p{N}]+/gu, (word) => {
      const t = term(word, language);
      return t && (wanted.has(t) || wanted.has(word.toLowerCase()) || wanted.has(fold(word))) ? `${open}${word}${close}` : word;
    });
  };
}

/** Words that tell a query's language: the common function words, and the field's own (droit, derecho…). */
const QUERY_WORDS: Record<Exclude<AnalysedLanguage, 'ar'>, Set<string>> = {
  en: new Set([...FUNCTION_WORDS.en, 'how', 'what', 'may', 'be', 'who', 'shall', 'has']),
  fr: new Set([...FUNCTION_WORDS.fr, 'à', 'de', 'nul', 'ne', 'sera', 'droit', 'droits', 'ville']),
  es: new Set([...FUNCTION_WORDS.es, 'la', 'a', 'de', 'derecho', 'derechos', 'nadie', 'será', 'ciudad']),
  de: new Set([...FUNCTION_WORDS.de, 'recht', 'rechte', 'stadt']),
  pt: new Set([...FUNCTION_WORDS.pt, 'de', 'a', 'direito', 'direitos', 'cidade', 'ninguém']),
};

/** Letters that only one (or two) of our languages write. */
const LETTER_CLUES: [RegExp, Partial<Record<AnalysedLanguage, number>>][] = [
  [/[ñ¿¡]/, { es: 3 }],
  [/[ãõ]/, { pt: 3 }],
  [/ç/, { fr: 1, pt: 1 }],
  [/[ß]/, { de: 3 }],
  [/[äöü]/, { de: 2 }],
  [/[èêëîïôûùœæ]/, { fr: 2 }],
  [/[áíóú]/, { es: 1, pt: 1 }],
  [/(^|[^\p{L}])(l|d|qu|j)'\p{L}/iu, { fr: 3 }],
  [/ção|ções/, { pt: 3 }],
  [/ción|ciones/, { es: 3 }],
];

/**
 * The language of a query: Arabic by its script; else the function words, letters and endings it has.
 * Unsure → the hint (the page's language, or what the client said), else null.
 */
export function detectQueryLanguage(query: string, hint?: string | null): AnalysedLanguage | null {
  const letters = query.match(/\p{L}/gu) ?? [];
  if (!letters.length) return isAnalysed(hint) ? hint : null;
  if (mostlyArabic(letters)) return 'ar';
  const lower = query.toLowerCase().replace(APOSTROPHES, "'");
  const scores: Record<string, number> = { en: 0, fr: 0, es: 0, de: 0, pt: 0 };
  for (const w of lower.split(/[^\p{L}']+/u).filter(Boolean)) {
    for (const [lang, list] of Object.entries(QUERY_WORDS)) if (list.has(w)) scores[lang] += 1;
  }
  for (const [pattern, clue] of LETTER_CLUES) if (pattern.test(lower)) for (const [lang, n] of Object.entries(clue)) scores[lang] += n;
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
  const [[best, top], [, next]] = ranked;
  if (top >= 1 && top > next) return best as AnalysedLanguage;
  return isAnalysed(hint) ? hint : null;
}
