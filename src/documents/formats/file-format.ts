import type { TextUnit } from '../extraction/passages';
import type { ByteProbe } from './byte-probe';

export type PdfExtractorName = 'pdftotext' | 'pdfjs';

export interface ExtractionOptions {
  /** PDF extractors to try, in order (the next is the fallback when one fails). */
  pdfExtractors: PdfExtractorName[];
  timeoutMs: number;
  memoryMb: number;
}

export interface ExtractedText {
  extractor: string;
  pageCount: number | null;
  units: TextUnit[];
}

/**
 * A file format we read: how it is named and served, how its bytes are recognised (never its file
 * name) and how its text is extracted (in the extraction child process). A new format is one file
 * exporting one of these, and its place in FILE_FORMATS (registry.ts).
 */
export interface FileFormat {
  /** Stable id, kept nowhere but in memory (documents store the media type). */
  id: string;
  mediaType: string;
  /** How people call it in the "Accepted: …" message; null for plain text, whose name is translated. */
  name: string | null;
  /** Whether these bytes are this format. Asked in FILE_FORMATS order: the first that says yes wins. */
  recognise(probe: ByteProbe): boolean | Promise<boolean>;
  extract(path: string, options: ExtractionOptions): Promise<ExtractedText>;
  /** What to say when the extracted text is empty or unreadable, when the generic words would mislead. */
  failures?: { noText(result: ExtractedText): string; unreadable: string };
}
