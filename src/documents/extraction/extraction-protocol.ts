/** What the service and the extraction child process (extraction-child.ts) say to each other. */
import type { ExtractionOptions, OcrSummary } from '../formats/file-format';

/** The child's first message: its code is loaded and it waits for the request. */
export const CHILD_READY = 'ready';

export interface ExtractionRequest {
  path: string;
  /** The id of the file's format (formats/registry.ts). */
  format: string;
  options: ExtractionOptions;
  /** This file's temporary folder (TMPDIR while it is read), removed by the runner afterwards. */
  scratch?: string;
}

export interface ExtractedPassage {
  seq: number;
  page: number | null;
  sectionPath: string | null;
  text: string;
  language: string | null;
  /** Recognised from an image of the page (OCR): the engine's confidence, 0–100; null for a text layer. */
  ocrConfidence: number | null;
}

export type ExtractionReply =
  | { ok: true; extractor: string; pageCount: number | null; language: string | null; passages: ExtractedPassage[]; ocr: OcrSummary | null }
  | { ok: false; reason: string; unexpected: boolean };

/** A job's wall-clock limit: the extraction's, plus the recognition budget for a format that may need OCR. */
export function jobTimeLimitMs(options: ExtractionOptions, mayRecognise: boolean): number {
  return options.timeoutMs + (mayRecognise && options.ocr ? options.ocr.documentTimeoutMs : 0);
}
