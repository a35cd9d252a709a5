// The parts of @nlpjs/lang-* the search analysis uses (the packages ship JavaScript only).
interface NlpjsStemmer {
  stemWord(word: string): string;
}
interface NlpjsStopwords {
  dictionary: Record<string, boolean>;
}
declare module '@nlpjs/lang-en' {
  export const StemmerEn: new () => NlpjsStemmer;
  export const StopwordsEn: new () => NlpjsStopwords;
}
declare module '@nlpjs/lang-fr' {
  export const StemmerFr: new () => NlpjsStemmer;
  export const StopwordsFr: new () => NlpjsStopwords;
}
declare module '@nlpjs/lang-es' {
  export const StemmerEs: new () => NlpjsStemmer;
  export const StopwordsEs: new () => NlpjsStopwords;
}
declare module '@nlpjs/lang-pt' {
  export const StemmerPt: new () => NlpjsStemmer;
  export const StopwordsPt: new () => NlpjsStopwords;
}
declare module '@nlpjs/lang-de' {
  export const StemmerDe: new () => NlpjsStemmer;
}
declare module '@nlpjs/lang-ar' {
  export const StemmerAr: new () => NlpjsStemmer;
}
