/** What the service and the extraction child process (extraction-child.ts) say to each other. */
import type { ExtractionOptions, OcrSummary } from '../formats/file-format';

/** The child's first message: its code is loaded and it waits for the request. */
export const CHILD_READY = 'ready';
/** Sent when the file's pages start being recognised (OCR): its time limit grows by the recognition budget. */
export const CHILD_RECOGNISING = 'recognising';

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

/** The longest a job may take: the extraction's limit, plus the recognition budget (the child's own backstop). */
export function jobTimeLimitMs(options: ExtractionOptions): number {
  return options.timeoutMs + (options.ocr?.documentTimeoutMs ?? 0);
}
