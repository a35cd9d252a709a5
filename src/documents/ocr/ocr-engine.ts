import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OcrOptions } from '../formats/file-format';

/** A page's recognised text and the engine's mean word confidence (0–100). */
export interface RecognisedText {
  text: string;
  confidence: number;
}

/** Recognition of one page took longer than its time limit (the engine was stopped). */
export class RecognitionTimeout extends Error {}

/** Recognises the text of page images (PNG; PGM too for Debian's tesseract). Runs in the extraction child process. */
export interface OcrEngine {
  readonly name: string;
  recognise(image: Buffer, timeoutMs: number): Promise<RecognisedText>;
}

export function ocrEngine(options: OcrOptions): OcrEngine {
  return options.engine === 'tesseract' ? new TesseractProgram(options.languages) : new TesseractWasm(options);
}

/** Debian's `tesseract`: one process per page, its TSV output read for the words and their confidences. */
class TesseractProgram implements OcrEngine {
  readonly name = 'tesseract';

  constructor(private readonly languages: string[]) {}

  async recognise(image: Buffer, timeoutMs: number): Promise<RecognisedText> {
    // Tesseract tells the image's format from its bytes.
    const file = join(tmpdir(), `page-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.img`);
    await writeFile(file, image);
    try {
      const tsv = await new Promise<string>((resolve, reject) => {
        // One thread: the extraction slots already use the cores (and OpenMP's spinning slows several tesseracts down).
        execFile(
          'tesseract',
          [file, 'stdout', '-l', this.languages.join('+'), '--psm', '3', 'tsv'],
          { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 32 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: '1' } },
          (error, stdout, stderr) => {
            if (!error) return resolve(String(stdout));
            if (error.killed) return reject(new RecognitionTimeout());
            reject(new Error(String(stderr).trim().split('\n').pop() || error.message));
          },
        );
      });
      return fromTsv(tsv);
    } finally {
      await rm(file, { force: true });
    }
  }
}

const DIRECTION_MARKS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

/**
 * Dust, specks and the edge of the sheet come out as short doubtful "words" (".", "~~", "Gt", "oo"):
 * left out. A real word recognised with low confidence ("Consultation" at 10 %, seen) is kept when it
 * has three letters or more; punctuation standing alone only when the engine is sure of it.
 */
function isSpeck(word: string, confidence: number): boolean {
  const letters = word.length - word.replace(/\p{L}/gu, '').length;
  if (!/[\p{L}\p{N}]/u.test(word)) return confidence < 90;
  return confidence < 50 && letters < 3;
}

/** Tesseract's TSV (level, page, block, paragraph, line, word, box, confidence, text) as lines and paragraphs of words. */
function fromTsv(tsv: string): RecognisedText {
  const paragraphs: string[][] = [];
  let lineKey = '';
  let paragraphKey = '';
  let confidences = 0;
  let words = 0;
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells.length < 12 || cells[0] !== '5') continue; // words only (the header, pages, blocks… are not)
    // Direction marks the engine puts around words of right-to-left scripts are no text of the page.
    const word = cells.slice(11).join('\t').replace(DIRECTION_MARKS, '').trim();
    const confidence = Number(cells[10]);
    if (!word || confidence < 0 || isSpeck(word, confidence)) continue;
    const paragraph = `${cells[2]}.${cells[3]}`;
    const line = `${paragraph}.${cells[4]}`;
    if (paragraph !== paragraphKey) paragraphs.push([]);
    const lines = paragraphs[paragraphs.length - 1];
    if (line !== lineKey || paragraph !== paragraphKey) lines.push(word);
    else lines[lines.length - 1] += ` ${word}`;
    paragraphKey = paragraph;
    lineKey = line;
    confidences += confidence;
    words++;
  }
  // One decimal: what passages store and pages show.
  return { text: paragraphs.map((lines) => lines.join('\n')).join('\n\n'), confidence: words ? Math.round((confidences / words) * 10) / 10 : 0 };
}

interface WasmWorker {
  recognize(image: Buffer, options: object, output: { tsv: true; text: false; blocks: false }): Promise<{ data: { tsv: string | null } }>;
  terminate(): Promise<unknown>;
}

/**
 * Tesseract compiled to WebAssembly (tesseract.js), its trained data read from the npm packages
 * (`langPath`) and unpacked once into the cache under DATA_DIR; never downloaded. One worker per
 * set of languages, kept by the extraction process for the next pages and files; a page over its
 * time limit ends the worker (the only way to stop it), and the next page starts another.
 */
class TesseractWasm implements OcrEngine {
  readonly name = 'tesseract.js';
  private static worker: { key: string; ready: Promise<WasmWorker> } | null = null;

  constructor(private readonly options: OcrOptions) {}

  private workerFor(): Promise<WasmWorker> {
    const key = [this.options.languages.join('+'), this.options.langPath, this.options.cachePath].join('|');
    const current = TesseractWasm.worker;
    if (current?.key === key) return current.ready;
    if (current) void current.ready.then((w) => w.terminate()).catch(() => undefined);
    const ready = (async () => {
      const { createWorker, OEM } = await import('tesseract.js');
      const worker = await createWorker(this.options.languages, OEM.LSTM_ONLY, {
        langPath: this.options.langPath,
        cachePath: this.options.cachePath,
        gzip: true,
        // The service filled the cache (ocr-languages.ts); a missing file is read from langPath, never written here.
        cacheMethod: 'readOnly',
        errorHandler: () => undefined,
      });
      return worker as unknown as WasmWorker;
    })();
    TesseractWasm.worker = { key, ready };
    ready.catch(() => {
      if (TesseractWasm.worker?.ready === ready) TesseractWasm.worker = null;
    });
    return ready;
  }

  async recognise(png: Buffer, timeoutMs: number): Promise<RecognisedText> {
    const worker = await this.workerFor();
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        worker.recognize(png, {}, { tsv: true, text: false, blocks: false }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new RecognitionTimeout()), timeoutMs);
        }),
      ]);
      return fromTsv(result.data.tsv ?? '');
    } catch (error) {
      if (error instanceof RecognitionTimeout) {
        TesseractWasm.worker = null;
        await worker.terminate().catch(() => undefined);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
