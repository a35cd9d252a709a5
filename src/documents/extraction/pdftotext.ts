import { execFile } from 'node:child_process';

/** Whether poppler's pdftotext is on the PATH (Debian package poppler-utils). */
export function pdftotextAvailable(): Promise<boolean> {
  return new Promise((resolve) => execFile('pdftotext', ['-v'], { timeout: 5000 }, (error) => resolve((error as { code?: unknown } | null)?.code !== 'ENOENT')));
}
