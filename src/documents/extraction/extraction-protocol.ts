/** What the service and the extraction child process (extraction-child.ts) say to each other. */
import type { ExtractionOptions } from '../formats/file-format';

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
}

export type ExtractionReply =
  { ok: true; extractor: string; pageCount: number | null; language: string | null; passages: ExtractedPassage[] } | { ok: false; reason: string; unexpected: boolean };
