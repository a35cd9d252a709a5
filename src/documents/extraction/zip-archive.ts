import * as yauzl from 'yauzl';
import { ExtractionFailure } from './extraction-failure';

export interface ZipLimits {
  /** Most bytes all entries may inflate to together. */
  maxTotalBytes: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most entries (a real DOCX or ODT has a few dozen; each one listed costs memory). */
  maxEntries?: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 200 * 1024 * 1024, maxEntryBytes: 100 * 1024 * 1024, maxEntries: 10000 };

/** An entry that inflated past the bytes its reader allows (counted as they come, whatever the header says). */
export class ZipEntryTooLarge extends ExtractionFailure {
  constructor(readonly limit: number) {
    super(`The entry inflates to more than ${limit} bytes; it was not read.`);
    this.name = 'ZipEntryTooLarge';
  }
}

/** Entries the upload's type check looks at before giving up (it keeps none of them). */
export const MAX_SCANNED_ENTRIES = 2000;

function openZip(path: string, label: string): Promise<yauzl.ZipFile> {
  return new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, file) =>
      error ? reject(new ExtractionFailure(`The ${label} is damaged or truncated: it is not a complete ZIP archive (${error.message}).`)) : resolve(file),
    ),
  );
}

/**
 * A ZIP container (DOCX, ODT) read defensively: sizes are checked against limits before anything is
 * inflated, and yauzl verifies while inflating that no entry exceeds its declared size, so a zip bomb
 * fails instead of filling memory.
 */
export class ZipArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly entries: Map<string, yauzl.Entry>,
  ) {}

  static async open(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS, label = 'file'): Promise<ZipArchive> {
    const zip = await openZip(path, label);
    if (limits.maxEntries !== undefined && zip.entryCount > limits.maxEntries) {
      zip.close();
      throw new ExtractionFailure(`The ${label} has ${zip.entryCount} entries, more than the ${limits.maxEntries} a document may have; it was not opened.`);
    }
    const entries = new Map<string, yauzl.Entry>();
    let total = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          total += entry.uncompressedSize;
          if (entry.uncompressedSize > limits.maxEntryBytes || total > limits.maxTotalBytes) {
            return reject(
              new ExtractionFailure(
                `The ${label} would inflate to more than ${Math.round((entry.uncompressedSize > limits.maxEntryBytes ? limits.maxEntryBytes : limits.maxTotalBytes) / 1048576)} MB (a "zip bomb" or an unreasonably large archive); it was not opened.`,
              ),
            );
          }
          entries.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.once('end', () => resolve());
        zip.once('error', (error: Error) => reject(new ExtractionFailure(`The ${label} is damaged: ${error.message}.`)));
        zip.readEntry();
      });
    } catch (error) {
      zip.close();
      throw error;
    }
    return new ZipArchive(zip, entries);
  }

  /**
   * Which of `wanted` the archive holds, reading at most `maxEntries` directory entries and keeping
   * none: bounded memory whatever the archive declares (the upload's type check runs in the server).
   */
  static async scan(path: string, wanted: readonly string[], maxEntries = MAX_SCANNED_ENTRIES): Promise<{ found: Set<string>; complete: boolean }> {
    const zip = await openZip(path, 'file');
    const found = new Set<string>();
    try {
      return await new Promise((resolve, reject) => {
        let seen = 0;
        zip.on('entry', (entry: yauzl.Entry) => {
          if (wanted.includes(entry.fileName)) found.add(entry.fileName);
          if (found.size === wanted.length) return resolve({ found, complete: true });
          if (++seen >= maxEntries) return resolve({ found, complete: false });
          zip.readEntry();
        });
        zip.once('end', () => resolve({ found, complete: true }));
        zip.once('error', (error: Error) => reject(new ExtractionFailure(`The file is damaged: ${error.message}.`)));
        zip.readEntry();
      });
    } finally {
      zip.close();
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** One entry's bytes, inflated under the limits checked at open; past `maxBytes` (counted while inflating) ZipEntryTooLarge. */
  async read(name: string, label = 'file', maxBytes = Infinity): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new ExtractionFailure(`The ${label} has no ${name}.`);
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, s) => (error ? reject(new ExtractionFailure(`The ${label} is damaged: ${error.message}.`)) : resolve(s))),
    );
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) throw new ZipEntryTooLarge(maxBytes);
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof ZipEntryTooLarge) throw error;
      throw new ExtractionFailure(`The ${label} is damaged or truncated (${(error as Error).message}).`);
    }
    return Buffer.concat(chunks);
  }

  close(): void {
    this.zip.close();
  }
}
