import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esmImport } from '../extraction/esm-import';
import { ExtractionFailure } from '../extraction/extraction-failure';
import type { TextUnit } from '../extraction/passages';
import { ocrNotes, recognisePages } from '../ocr/recognise-pages';
import { PdfPageRenderer } from '../ocr/page-images';
import { letterCount, textQuality } from './readability';
import type { ExtractedText, ExtractionOptions, FileFormat } from './file-format';

export const PDF_FORMAT: FileFormat = {
  id: 'pdf',
  mediaType: 'application/pdf',
  name: 'PDF',
  mayRecognise: true,
  // PDF readers accept the header anywhere in the first 1024 bytes.
  recognise: (probe) => probe.sample.subarray(0, 1024).includes('%PDF-'),
  extract: (path, options) => extractPdf(path, options),
  failures: {
    noText: (result) => {
      const pages = `${result.pageCount ?? 0} page(s)`;
      if (!result.ocr) return `The PDF has no text layer (${pages} of images only, probably scanned), and text recognition is switched off (OCR_ENGINE=off).`;
      const engine = `text recognition (OCR, ${result.ocr.engine})`;
      const lead = result.ocr.notRecognised.length
        ? `The PDF has no text layer (${pages} of images only, probably scanned), and ${engine} did not read them all.`
        : `No text was found in the PDF: its ${pages} have no text layer, and ${engine} found none.`;
      return [lead, ...ocrNotes(result.ocr)].join(' ');
    },
    unreadable: "The PDF's text layer is unreadable (its fonts do not map to Unicode characters), and text recognition is switched off (OCR_ENGINE=off).",
  },
};

/** A page with fewer letters than this in its text layer may be a scan (or hold one): it is recognised. */
const MIN_LAYER_LETTERS = 20;

/**
 * The text of each page: from its text layer where that reads as text, else recognised from an image
 * of the page (OCR) — page by page, so a scan with a typed cover page, or a paper whose fonts stop
 * mapping to Unicode after page 1, keeps the good text layer and gets the rest recognised.
 */
async function extractPdf(path: string, options: ExtractionOptions): Promise<ExtractedText> {
  const failures: ExtractionFailure[] = [];
  let best: { extractor: string; pages: string[]; toRecognise: number[] } | null = null;
  for (const name of options.pdfExtractors) {
    try {
      const pages = name === 'pdftotext' ? await pdftotextPages(path, options) : await pdfjsPages(path);
      const toRecognise = pages.flatMap((text, i) => (textQuality(text, MIN_LAYER_LETTERS) === 'text' ? [] : [i + 1]));
      if (!best || toRecognise.length < best.toRecognise.length) best = { extractor: name, pages, toRecognise };
      if (!toRecognise.length) break;
    } catch (error) {
      if (!(error instanceof ExtractionFailure)) throw error;
      failures.push(error);
    }
  }
  // Every extractor failed: the first one's reason, unless a later one knows better (e.g. encryption).
  if (!best) throw failures.find((f) => /encrypted/.test(f.message)) ?? failures[0] ?? new ExtractionFailure('No PDF extractor is available.');
  const units: TextUnit[] = best.pages.map((text, i) => ({ page: i + 1, headings: [], text }));
  const result: ExtractedText = { extractor: best.extractor, pageCount: units.length, units };
  if (!best.toRecognise.length || !options.ocr) return result;
  const renderer = await PdfPageRenderer.open(path, options.ocr.renderer, options.ocr.maxPixels);
  let recognition: Awaited<ReturnType<typeof recognisePages>>;
  try {
    recognition = await recognisePages(best.toRecognise, (page) => renderer.render(page), options.ocr);
  } finally {
    await renderer.close();
  }
  for (const page of best.toRecognise) {
    const unit = units[page - 1];
    const recognised = recognition.texts.get(page);
    // Recognised text replaces a layer with fewer letters (or an unreadable one); garbage in a layer is never kept.
    if (recognised && letterCount(recognised.text) > (textQuality(unit.text) === 'unreadable' ? 0 : letterCount(unit.text))) {
      unit.text = recognised.text;
      unit.ocrConfidence = recognised.confidence;
    } else if (textQuality(unit.text) === 'unreadable') {
      unit.text = '';
    }
  }
  return { ...result, extractor: `${best.extractor}+${recognition.summary.engine}`, ocr: recognition.summary };
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
