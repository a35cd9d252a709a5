import { transliterate } from 'transliteration';

/**
 * A URL-safe slug from a title: ASCII letters and digits joined by hyphens, at most 80 characters.
 * Letters of other scripts are romanised (Arabic, Cyrillic, Korean…), so a non-Latin title gets a
 * readable slug rather than the record type's fallback; Latin letters only lose their accents.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^ -~]+/g, (rest) => transliterate(rest)) // anything outside printable ASCII
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}
