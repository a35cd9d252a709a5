import { esmImport } from './esm-import';

/** franc's ISO 639-3 codes of the languages our users write in, with their ISO 639-1 codes. */
const LIKELY_LANGUAGES: Record<string, string> = {
  eng: 'en',
  fra: 'fr',
  spa: 'es',
  deu: 'de',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  arb: 'ar',
  rus: 'ru',
  pol: 'pl',
  tur: 'tr',
  swe: 'sv',
  ukr: 'uk',
  ces: 'cs',
  hun: 'hu',
  ron: 'ro',
  bul: 'bg',
  hrv: 'hr',
  srp: 'sr',
  bos: 'bs',
  ind: 'id',
  vie: 'vi',
  urd: 'ur',
  pes: 'fa',
  hin: 'hi',
  swh: 'sw',
  tgl: 'tl',
  zul: 'zu',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  ell: 'el',
  heb: 'he',
  tha: 'th',
  ben: 'bn',
  kaz: 'kk',
  bel: 'be',
  yor: 'yo',
  hau: 'ha',
  amh: 'am',
};

type Franc = (text: string, options: { only: string[]; minLength: number }) => string;
let franc: Franc | undefined;

/** Loads the language detector (an ES module); the extraction child does so before its time limit starts. */
export async function loadLanguageDetector(): Promise<void> {
  franc ??= (await esmImport<{ franc: Franc }>('franc-min')).franc;
}

/** ISO 639-1 code of the text's language, or null when unsure (too short, or not a likely language). */
export async function detectLanguage(text: string): Promise<string | null> {
  await loadLanguageDetector();
  if (!franc) return null;
  const sample = text.slice(0, 20000);
  if (sample.replace(/[^\p{L}]/gu, '').length < 30) return null;
  const code = franc(sample, { only: Object.keys(LIKELY_LANGUAGES), minLength: 30 });
  return LIKELY_LANGUAGES[code] ?? null;
}
