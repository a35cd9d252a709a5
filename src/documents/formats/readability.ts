import { ExtractionFailure } from '../extraction/extraction-failure';
import type { ExtractedText, FileFormat } from './file-format';

type Quality = 'text' | 'none' | 'unreadable';

/** UTF-16 units removed by a replace: counted so, not by matching (see textQuality). */
function removedBy(text: string, re: RegExp): number {
  return text.length - text.replace(re, '').length;
}

/** How many letters a text has. */
export function letterCount(text: string): number {
  return removedBy(text, /\p{L}+/gu);
}

/** Whether a text reads as text: 'none' (fewer than `minLetters` letters), 'unreadable' (mostly symbols or undecodable characters), else 'text'. */
export function textQuality(text: string, minLetters = 3): Quality {
  // Counted by what a replace removes (UTF-16 units), not by matching: a 150-page text matched letter by
  // letter builds arrays of a few hundred thousand strings (measured: ~40 ms a check; this, ~1 ms).
  const removed = (re: RegExp) => removedBy(text, re);
  const visible = text.length - removed(/\s+/g);
  const letters = letterCount(text);
  if (letters < minLetters) return 'none';
  const broken = removed(/[\uFFFD\uE000-\uF8FF]+/gu);
  if (visible >= 40 && (letters / visible < 0.4 || broken / visible > 0.1)) return 'unreadable';
  return 'text';
}

/** No text at all, or text that is mostly not letters, is a failure with its reason, never an empty success. */
export function assertReadable(result: ExtractedText, format: FileFormat): void {
  const quality = textQuality(result.units.map((u) => u.text).join('\n'));
  if (quality === 'none') throw new ExtractionFailure(format.failures?.noText(result) ?? 'The file contains no text.');
  if (quality === 'unreadable') throw new ExtractionFailure(format.failures?.unreadable ?? 'The text is unreadable (mostly symbols or undecodable characters).');
}
