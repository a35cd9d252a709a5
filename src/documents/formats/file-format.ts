import type { TextUnit } from '../extraction/passages';
import type { ByteProbe } from './byte-probe';

export type PdfExtractorName = 'pdftotext' | 'pdfjs';

export interface ExtractionOptions {
  /** PDF extractors to try, in order (the next is the fallback when one fails). */
  pdfExtractors: PdfExtractorName[];
  timeoutMs: number;
  memoryMb: number;
  /** Text recognition for pages without a readable text layer and for images of pages; null: none. */
  ocr: OcrOptions | null;
}

export interface OcrOptions {
  /** Debian's `tesseract` program, or Tesseract compiled to WebAssembly (tesseract.js) in the extraction process. */
  engine: 'tesseract' | 'tesseract.js';
  /** How PDF pages become images: Debian's `pdftoppm`, or pdf.js drawing on a canvas. */
  renderer: 'pdftoppm' | 'pdfjs';
  /** Tesseract language codes, e.g. ["eng", "fra"]. */
  languages: string[];
  /** Pages recognised per document at most; the others are marked "not recognised". */
  maxPages: number;
  pageTimeoutMs: number;
  documentTimeoutMs: number;
  /** Rendered pages are scaled down to at most this many pixels (WebAssembly memory sits outside the heap limit). */
  maxPixels: number;
  /** Where tesseract.js finds its trained data (links into node_modules) and keeps its cache. */
  langPath: string;
  cachePath: string;
}

/** What text recognition did for one document. */
export interface OcrSummary {
  engine: string;
  /** Pages (or images) whose text was recognised. */
  pagesRecognised: number;
  /** Pages recognised with a low confidence (flagged, not hidden). */
  lowConfidencePages: number[];
  /** Pages scanned at too low a resolution for all their text to be read, e.g. "about 40 dpi". */
  lowResolutionPages: { page: number; resolution: string }[];
  /** Pages that needed recognition but did not get it, grouped by why. */
  notRecognised: { pages: number[]; reason: string }[];
}

export interface ExtractedText {
  extractor: string;
  pageCount: number | null;
  units: TextUnit[];
  ocr?: OcrSummary;
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
  /** False for a format recognised only to say why it cannot be read (left out of "Accepted: …"). */
  accepted?: false;
  /** Whether reading it may take text recognition: its options carry the OCR settings, and recognition its own time budget. */
  mayRecognise?: true;
  /** Whether these bytes are this format. Asked in FILE_FORMATS order: the first that says yes wins. */
  recognise(probe: ByteProbe): boolean | Promise<boolean>;
  extract(path: string, options: ExtractionOptions): Promise<ExtractedText>;
  /** What to say when the extracted text is empty or unreadable, when the generic words would mislead. */
  failures?: { noText(result: ExtractedText): string; unreadable: string };
}
