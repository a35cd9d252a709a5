/**
 * The language of a record's own text (its title and summary), for the `lang` attribute that lets a
 * screen reader pronounce it right. Records store no language of their description, so it is told
 * from the text: the script for Arabic, else the most frequent function words of the languages the
 * field writes in. Unsure (too few clues) → null, and no `lang` is claimed.
 */
/** The most frequent function words of each Latin-script language of the field (search's query detection extends them). */
export const FUNCTION_WORDS: Record<'en' | 'fr' | 'es' | 'de' | 'pt', string[]> = {
  en: ['the', 'and', 'of', 'to', 'in', 'for', 'with', 'on', 'is', 'are', 'by', 'its', 'that', 'from', 'an', 'as', 'this', 'their'],
  fr: ['le', 'la', 'les', 'des', 'du', 'et', 'pour', 'dans', 'une', 'un', 'est', 'sur', 'par', 'aux', 'au', 'avec', 'qui', 'ses'],
  es: ['el', 'los', 'las', 'del', 'y', 'para', 'en', 'una', 'con', 'por', 'que', 'es', 'sus', 'al', 'como', 'se'],
  de: ['der', 'die', 'das', 'und', 'für', 'mit', 'von', 'den', 'ist', 'im', 'zur', 'zum', 'eine', 'ein', 'auf', 'des'],
  pt: ['o', 'os', 'as', 'do', 'da', 'dos', 'das', 'e', 'para', 'com', 'em', 'uma', 'um', 'no', 'na', 'pela', 'pelo'],
};
const SETS = Object.fromEntries(Object.entries(FUNCTION_WORDS).map(([lang, words]) => [lang, new Set(words)]));

export const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/** Whether most of these letters are Arabic script. */
export function mostlyArabic(letters: readonly string[]): boolean {
  return letters.filter((c) => ARABIC_SCRIPT.test(c)).length / letters.length > 0.5;
}

export function contentLanguage(text: string): string | null {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 12) return null;
  if (mostlyArabic(letters)) return 'ar';
  const words = text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  let best: string | null = null;
  let bestScore = 0;
  let second = 0;
  for (const [lang, set] of Object.entries(SETS)) {
    const score = words.filter((w) => set.has(w)).length;
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = lang;
    } else if (score > second) second = score;
  }
  // At least two clues, and clearly ahead of the next language.
  return bestScore >= 2 && bestScore >= second * 1.5 ? best : null;
}
