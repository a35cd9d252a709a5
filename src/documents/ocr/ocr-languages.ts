import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readlink, rename, symlink, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** ISO 639-1 codes (as records and documents store them) → Tesseract's language codes. */
const TESSERACT_CODES: Record<string, string> = {
  en: 'eng',
  fr: 'fra',
  ar: 'ara',
  es: 'spa',
  de: 'deu',
  pt: 'por',
  ru: 'rus',
  it: 'ita',
  nl: 'nld',
  pl: 'pol',
  tr: 'tur',
  el: 'ell',
  uk: 'ukr',
  cs: 'ces',
  hu: 'hun',
  ro: 'ron',
  sv: 'swe',
  fi: 'fin',
  da: 'dan',
  no: 'nor',
  zh: 'chi_sim',
  ja: 'jpn',
  ko: 'kor',
  fa: 'fas',
  ur: 'urd',
  hi: 'hin',
  bn: 'ben',
  sw: 'swa',
};

/** The languages recognised when neither the document nor its record says which (the field's two working languages). */
const DEFAULT_OCR_LANGUAGES = ['eng', 'fra'];

/** The trained data shipped as npm packages (@tesseract.js-data/<code>), one for each language of ours the registry has. */
const EMBEDDED_OCR_LANGUAGES = ['eng', 'fra', 'ara', 'spa', 'deu', 'por'];

/**
 * The Tesseract languages to recognise a document in: those of the document (when the curator set
 * it) or of its record, that the engine has; else English and French. At most three, since every
 * language loaded slows recognition down.
 */
export function ocrLanguagesFor(isoCodes: readonly (string | null | undefined)[], available: ReadonlySet<string>): string[] {
  const wanted = [...new Set(isoCodes.map((c) => (c ? TESSERACT_CODES[c.toLowerCase()] : undefined)).filter((c): c is string => !!c && available.has(c)))];
  return wanted.length ? wanted.slice(0, 3) : DEFAULT_OCR_LANGUAGES.filter((c) => available.has(c));
}

/** The embedded trained data file of a language: the LSTM model ("best_int") of its npm package; null when not installed. */
function embeddedTrainedData(code: string): string | null {
  try {
    const file = join(dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), '4.0.0_best_int', `${code}.traineddata.gz`);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/**
 * tesseract.js loads every language from one folder: DATA_DIR/ocr/tessdata holds a link to each
 * installed package's file (nothing is downloaded, ever), and DATA_DIR/ocr/cache the unpacked copies
 * it reads first. The service unpacks them here, once, each written whole then renamed: extraction
 * processes only read the cache (two writing the same file at once could hand a third half of it).
 * Returns the folders and the languages found.
 */
export async function prepareEmbeddedOcrData(dataDir: string): Promise<{ langPath: string; cachePath: string; languages: Set<string> }> {
  const langPath = join(dataDir, 'ocr', 'tessdata');
  const cachePath = join(dataDir, 'ocr', 'cache');
  await mkdir(langPath, { recursive: true });
  await mkdir(cachePath, { recursive: true });
  const languages = new Set<string>();
  for (const code of EMBEDDED_OCR_LANGUAGES) {
    const source = embeddedTrainedData(code);
    if (!source) continue;
    const link = join(langPath, `${code}.traineddata.gz`);
    const current = await readlink(link).catch(() => null);
    if (current !== source) {
      // A link into an earlier checkout's node_modules (or a stray file) is replaced.
      await unlink(link).catch(() => undefined);
      await symlink(source, link);
    }
    const cached = join(cachePath, `${code}.traineddata`);
    if (!existsSync(cached)) {
      const partial = `${cached}.${process.pid}.tmp`;
      await pipeline(createReadStream(source), createGunzip(), createWriteStream(partial));
      await rename(partial, cached);
    }
    languages.add(code);
  }
  return { langPath, cachePath, languages };
}

/** The languages Debian's `tesseract` has (`tesseract --list-langs`); null when it is not installed. */
export function tesseractProgramLanguages(): Promise<Set<string> | null> {
  return new Promise((resolve) => {
    execFile('tesseract', ['--list-langs'], { timeout: 10000 }, (error, stdout) => {
      if (error) return resolve(null);
      const codes = String(stdout)
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
        .filter((l) => /^[a-z_]+$/i.test(l) && l !== 'osd');
      resolve(codes.length ? new Set(codes) : null);
    });
  });
}

/** Whether `pdftoppm` (poppler-utils) is installed. */
export function pdftoppmAvailable(): Promise<boolean> {
  return new Promise((resolve) => execFile('pdftoppm', ['-v'], { timeout: 10000 }, (error) => resolve(error?.code !== 'ENOENT')));
}
