import { open } from 'node:fs/promises';
import { ZipArchive } from '../extraction/zip-archive';
import { OLE_SIGNATURE, oleSummary } from './ole-container';

const SAMPLE_BYTES = 64 * 1024;

/** The ZIP entries the formats look for (one scan of the central directory serves them all). */
const ZIP_PARTS = ['word/document.xml', 'xl/workbook.xml', 'ppt/presentation.xml', 'content.xml', 'META-INF/manifest.xml'];

type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'legacy';

/**
 * What the formats recognise a file by: its first 64 KB, a ZIP's parts, and — when the bytes are
 * text and start with no known binary signature — the decoded text. Computed once per file, lazily.
 */
export class ByteProbe {
  private zipScan?: Promise<{ found: Set<string>; complete: boolean } | null>;
  private oleScan?: Promise<Awaited<ReturnType<typeof oleSummary>>>;

  private constructor(
    readonly path: string,
    readonly sample: Buffer,
    /** The sample decoded, when it is text (null for binary data or a known binary signature). */
    readonly text: string | null,
  ) {}

  /** `notText`: whether the sample starts like a known format that is not text to read (then it is not decoded, whatever its bytes). */
  static async of(path: string, notText: (probe: Pick<ByteProbe, 'startsWith'>) => boolean): Promise<ByteProbe> {
    const sample = await readHead(path, SAMPLE_BYTES);
    const bare = new ByteProbe(path, sample, null);
    const encoding = notText(bare) ? null : textEncodingOf(sample);
    return new ByteProbe(path, sample, encoding ? decodeSample(sample, encoding) : null);
  }

  startsWith(bytes: number[], offset = 0): boolean {
    return this.sample.length >= offset + bytes.length && bytes.every((b, i) => this.sample[offset + i] === b);
  }

  get isZip(): boolean {
    return this.startsWith([0x50, 0x4b, 0x03, 0x04]);
  }

  /** ODF puts an uncompressed "mimetype" entry first (ODF 1.2, 3.3); its content starts at offset 38. */
  get odfMimeType(): string {
    return this.isZip && this.sample.subarray(30, 38).toString('latin1') === 'mimetype' ? this.sample.subarray(38, 38 + 80).toString('latin1') : '';
  }

  /** The ZIP parts present (of those the formats ask about); null when the archive cannot be read. */
  zipParts(): Promise<{ found: Set<string>; complete: boolean } | null> {
    this.zipScan ??= this.isZip ? ZipArchive.scan(this.path, ZIP_PARTS).catch(() => null) : Promise.resolve(null);
    return this.zipScan;
  }

  /** The streams of an OLE compound file (legacy Office, encrypted OOXML); null for other files or a damaged one. */
  ole(): Promise<Awaited<ReturnType<typeof oleSummary>>> {
    this.oleScan ??= this.startsWith(OLE_SIGNATURE) ? oleSummary(this.path).catch(() => null) : Promise.resolve(null);
    return this.oleScan;
  }

  /** The start of the text, for tests on its first lines. */
  get head(): string | null {
    return this.text === null ? null : this.text.slice(0, 4096);
  }

  /** An XML document (which is not text to read, unless it is HTML: HTML is recognised first). */
  get isXml(): boolean {
    return /^\s*<\?xml/i.test(this.head ?? '');
  }
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Whether the sample is text, and how it is encoded (a legacy 8-bit code page is decoded at extraction). */
function textEncodingOf(sample: Buffer): TextEncoding | null {
  if (sample.length === 0) return null;
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return null;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) controls++;
  }
  if (controls > sample.length / 100) return null;
  return isUtf8(sample) ? 'utf-8' : 'legacy';
}

/** Valid UTF-8, allowing a character cut at the end of the sample. */
function isUtf8(sample: Buffer): boolean {
  for (let cut = 0; cut < 4 && cut < sample.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      // a multi-byte character may have been cut: try shorter
    }
  }
  return false;
}

function decodeSample(sample: Buffer, encoding: TextEncoding): string {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return new TextDecoder(encoding).decode(sample);
  return sample.toString(encoding === 'utf-8' ? 'utf8' : 'latin1');
}
