import { DOCX_FORMAT } from './docx.format';
import type { FileFormat } from './file-format';
import { HTML_FORMAT } from './html.format';
import { JPEG_FORMAT, PNG_FORMAT, TIFF_FORMAT } from './image.format';
import { DOC_FORMAT, ENCRYPTED_OFFICE_FORMAT } from './legacy-office.format';
import { MARKDOWN_FORMAT } from './markdown.format';
import { ODT_FORMAT } from './odt.format';
import { PDF_FORMAT } from './pdf.format';
import { RTF_FORMAT } from './rtf.format';
import { TEXT_FORMAT } from './text.format';

/**
 * The formats we read, in the order their recognisers are asked (the first that says yes wins): the
 * binary formats by their signatures, then the text formats from the most specific to plain text.
 */
export const FILE_FORMATS: readonly FileFormat[] = [
  PDF_FORMAT,
  DOC_FORMAT,
  ENCRYPTED_OFFICE_FORMAT,
  DOCX_FORMAT,
  ODT_FORMAT,
  RTF_FORMAT,
  PNG_FORMAT,
  JPEG_FORMAT,
  TIFF_FORMAT,
  HTML_FORMAT,
  MARKDOWN_FORMAT,
  TEXT_FORMAT,
];

export function formatById(id: string): FileFormat | undefined {
  return FILE_FORMATS.find((f) => f.id === id);
}

export function formatOfMediaType(mediaType: string): FileFormat | undefined {
  return FILE_FORMATS.find((f) => f.mediaType === mediaType);
}

/**
 * The accepted formats as a sentence's list in a language ("PDF, DOCX, …, Markdown and plain text";
 * `disjunction`: "… or plain text"): the upload form's label and the "Accepted: …" message of the API
 * and of the pages say what this registry holds.
 */
export function acceptedFormats(lang: string, plainText: string, type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return new Intl.ListFormat(lang, { type }).format(FILE_FORMATS.filter((f) => f.accepted !== false).map((f) => f.name ?? plainText));
}
