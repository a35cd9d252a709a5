import { ExtractionFailure } from '../extraction/extraction-failure';
import type { ExtractedText, FileFormat } from './file-format';

/** No text at all, or text that is mostly not letters, is a failure with its reason, never an empty success. */
export function assertReadable(result: ExtractedText, format: FileFormat): void {
  const all = result.units.map((u) => u.text).join('\n');
  const visible = all.replace(/\s+/g, '');
  const letters = (all.match(/\p{L}/gu) ?? []).length;
  if (letters < 3) {
    throw new ExtractionFailure(format.failures?.noText(result) ?? 'The file contains no text.');
  }
  const broken = (all.match(/[\uFFFD\uE000-\uF8FF]/gu) ?? []).length;
  if (visible.length >= 40 && (letters / visible.length < 0.4 || broken / visible.length > 0.1)) {
    throw new ExtractionFailure(format.failures?.unreadable ?? 'The text is unreadable (mostly symbols or undecodable characters).');
  }
}
