import { stripControls } from '../../common/input/text';
import type { ExtractedText, ExtractionOptions } from '../formats/file-format';
import { assertReadable } from '../formats/readability';
import { formatById } from '../formats/registry';
import { ExtractionFailure } from './extraction-failure';

/** Extracts a file's text with its format's extractor (in the extraction child process). */
export async function extract(path: string, formatId: string, options: ExtractionOptions): Promise<ExtractedText> {
  const format = formatById(formatId);
  if (!format) throw new ExtractionFailure(`No extractor for the format "${formatId}".`);
  const result = await format.extract(path, options);
  // Ligatures, full-width forms and compatibility characters become what people type.
  for (const unit of result.units) {
    unit.text = stripControls(unit.text.normalize('NFKC'));
    unit.headings = unit.headings.map((h) => stripControls(h.normalize('NFKC')));
  }
  assertReadable(result, format);
  return result;
}
