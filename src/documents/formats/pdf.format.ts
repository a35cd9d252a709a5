import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esmImport } from '../extraction/esm-import';
import { ExtractionFailure } from '../extraction/extraction-failure';
import { assertReadable } from './readability';
import type { ExtractedText, ExtractionOptions, FileFormat } from './file-format';

export const PDF_FORMAT: FileFormat = {
  id: 'pdf',
  mediaType: 'application/pdf',
  name: 'PDF',
  // PDF readers accept the header anywhere in the first 1024 bytes.
  recognise: (probe) => probe.sample.subarray(0, 1024).includes('%PDF-'),
  extract: (path, options) => extractPdf(path, options),
  failures: {
    noText: (result) => `The PDF has no text layer (${result.pageCount ?? 0} page(s) of images only, probably scanned); run OCR on it and upload the result.`,
    unreadable: "The PDF's text layer is unreadable (its fonts do not map to Unicode characters); export it again from the source document or run OCR on it.",
  },
};

async function extractPdf(path: string, options: ExtractionOptions): Promise<ExtractedText> {
  const failures: ExtractionFailure[] = [];
  for (const name of options.pdfExtractors) {
    try {
      const pages = name === 'pdftotext' ? await pdftotextPages(path, options) : await pdfjsPages(path);
      const result: ExtractedText = { extractor: name, pageCount: pages.length, units: pages.map((text, i) => ({ page: i + 1, headings: [], text })) };
      assertReadable(result, PDF_FORMAT);
      return result;
    } catch (error) {
      if (!(error instanceof ExtractionFailure)) throw error;
      failures.push(error);
    }
  }
  // Every extractor failed: the first one's reason, unless a later one knows better (e.g. encryption).
  throw failures.find((f) => /encrypted/.test(f.message)) ?? failures[0] ?? new ExtractionFailure('No PDF extractor is available.');
}

/** `pdftotext` from poppler-utils: one page per form feed. Run under the job's time and memory limits. */
async function pdftotextPages(path: string, options: ExtractionOptions): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lrkb-pdf-'));
  const out = join(dir, 'text.txt');
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        'sh',
        ['-c', `ulimit -v ${options.memoryMb * 1024 * 2} 2>/dev/null; exec pdftotext -enc UTF-8 "$0" "$1"`, path, out],
        { timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const message = String(stderr).trim().split('\n').filter(Boolean).pop() ?? error.message;
          if (/ENOENT|not found/.test(message) && /pdftotext/.test(message)) return reject(new ExtractionFailure('pdftotext is not installed.'));
          if (/password/i.test(message)) return reject(new ExtractionFailure('The PDF is encrypted (password-protected); upload a copy without a password.'));
          if (error.killed) return reject(new ExtractionFailure(`pdftotext was stopped after ${Math.round(options.timeoutMs / 1000)} s (time limit).`));
          reject(new ExtractionFailure(`The PDF is damaged or truncated and could not be read (pdftotext: ${message}).`));
        },
      );
    });
    const text = await readFile(out, 'utf8');
    const pages = text.split('\f');
    if (pages.length > 1 && pages[pages.length - 1].trim() === '') pages.pop();
    return pages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** pdf.js (through unpdf), in the extraction process. */
async function pdfjsPages(path: string): Promise<string[]> {
  const { getDocumentProxy, extractText } = await esmImport<{
    getDocumentProxy: (data: Uint8Array, options?: object) => Promise<{ destroy: () => Promise<void> }>;
    extractText: (pdf: unknown, options: { mergePages: false }) => Promise<{ totalPages: number; text: string[] }>;
  }>('unpdf');
  const data = new Uint8Array(await readFile(path));
  let pdf: { destroy: () => Promise<void> } | undefined;
  try {
    pdf = await getDocumentProxy(data, { isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
    const { text } = await extractText(pdf, { mergePages: false });
    return text;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException') throw new ExtractionFailure('The PDF is encrypted (password-protected); upload a copy without a password.');
    throw new ExtractionFailure(`The PDF is damaged or truncated and could not be read (pdf.js: ${(error as Error).message}).`);
  } finally {
    await pdf?.destroy().catch(() => undefined);
  }
}
