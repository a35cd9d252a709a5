import * as yauzl from 'yauzl';
import { ExtractionFailure } from './extraction-failure';

export interface ZipLimits {
  /** Most bytes all entries may inflate to together. */
  maxTotalBytes: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 200 * 1024 * 1024, maxEntryBytes: 100 * 1024 * 1024 };

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
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, file) =>
        error ? reject(new ExtractionFailure(`The ${label} is damaged or truncated: it is not a complete ZIP archive (${error.message}).`)) : resolve(file!),
      ),
    );
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

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** One entry's bytes, inflated under the limits checked at open. */
  async read(name: string, label = 'file'): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new ExtractionFailure(`The ${label} has no ${name}.`);
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, s) => (error ? reject(new ExtractionFailure(`The ${label} is damaged: ${error.message}.`)) : resolve(s!))),
    );
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    } catch (error) {
      throw new ExtractionFailure(`The ${label} is damaged or truncated (${(error as Error).message}).`);
    }
    return Buffer.concat(chunks);
  }

  close(): void {
    this.zip.close();
  }
}
