import { open } from 'node:fs/promises';
import { MAX_SCANNED_ENTRIES, ZipArchive } from './extraction/zip-archive';

/** The formats we extract text from. */
export type DocumentFormat = 'pdf' | 'docx' | 'odt' | 'html' | 'text' | 'markdown';

/** Each format's media type and its name for people (null: a name to translate, "plain text"). */
const FORMATS: Record<DocumentFormat, { mediaType: string; name: string | null }> = {
  pdf: { mediaType: 'application/pdf', name: 'PDF' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'DOCX' },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', name: 'ODT' },
  html: { mediaType: 'text/html', name: 'HTML' },
  text: { mediaType: 'text/plain', name: null },
  markdown: { mediaType: 'text/markdown', name: 'Markdown' },
};
const MEDIA_TYPES = Object.fromEntries(Object.entries(FORMATS).map(([format, { mediaType }]) => [format, mediaType])) as Record<DocumentFormat, string>;

/**
 * The accepted formats as a sentence's list in a language ("PDF, DOCX, …, plain text and Markdown"),
 * from the table above: the upload error of the API and of the pages says what this table holds.
 */
export function acceptedFormats(lang: string, plainText: string): string {
  const names = Object.values(FORMATS).map((f) => f.name ?? plainText);
  return new Intl.ListFormat(lang, { type: 'conjunction' }).format(names);
}

export function formatOfMediaType(mediaType: string): DocumentFormat | undefined {
  return (Object.keys(MEDIA_TYPES) as DocumentFormat[]).find((f) => MEDIA_TYPES[f] === mediaType);
}

export type Detection = { supported: true; format: DocumentFormat; mediaType: string } | { supported: false; detected: string };

/** Signatures of common formats we refuse, so the error can say what the file is. */
const REFUSED_SIGNATURES: { bytes: number[]; offset?: number; name: string }[] = [
  { bytes: [0x4d, 0x5a], name: 'a Windows executable (MZ)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], name: 'a Linux executable (ELF)' },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], name: 'a macOS executable (Mach-O)' },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], name: 'a Java class or macOS universal binary' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
  { bytes: [0x49, 0x49, 0x2a, 0x00], name: 'a TIFF image' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], name: 'a TIFF image' },
  { bytes: [0x52, 0x49, 0x46, 0x46], name: 'a RIFF media file (WebP, WAV or AVI)' },
  { bytes: [0x1f, 0x8b], name: 'a gzip archive' },
  { bytes: [0x42, 0x5a, 0x68], name: 'a bzip2 archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], name: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], name: 'a RAR archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'an xz archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'a legacy Microsoft Office file (DOC/XLS/PPT); save it as DOCX or PDF' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], name: 'an RTF document; save it as DOCX, ODT or PDF' },
  { bytes: [0x00, 0x61, 0x73, 0x6d], name: 'a WebAssembly module' },
  { bytes: [0x66, 0x74, 0x79, 0x70], offset: 4, name: 'an MP4/QuickTime media file' },
  { bytes: [0x49, 0x44, 0x33], name: 'an MP3 audio file' },
  { bytes: [0x1a, 0x45, 0xdf, 0xa3], name: 'a Matroska/WebM media file' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], name: 'an SQLite database' },
];

const SAMPLE_BYTES = 64 * 1024;

/** Decides the format from the bytes only (magic numbers, then BOM and UTF-8 / text checks); never from the name. */
export async function detectMediaType(path: string): Promise<Detection> {
  const sample = await readHead(path, SAMPLE_BYTES);
  const startsWith = (bytes: number[], offset = 0) => sample.length >= offset + bytes.length && bytes.every((b, i) => sample[offset + i] === b);

  // PDF readers accept the header anywhere in the first 1024 bytes.
  if (sample.subarray(0, 1024).includes('%PDF-')) return ok('pdf');
  if (startsWith([0x50, 0x4b, 0x03, 0x04])) return detectZip(path, sample);
  if (startsWith([0x50, 0x4b, 0x05, 0x06])) return { supported: false, detected: 'an empty ZIP archive' };
  for (const signature of REFUSED_SIGNATURES) if (startsWith(signature.bytes, signature.offset)) return { supported: false, detected: signature.name };
  if (startsWith([0x25, 0x21, 0x50, 0x53])) return { supported: false, detected: 'a PostScript file' };

  const text = textEncodingOf(sample);
  if (!text) return { supported: false, detected: 'binary data of an unknown format' };
  const head = decodeSample(sample, text).slice(0, 4096);
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(head)) return ok('html');
  if (/^\s*<\?xml/i.test(head)) return { supported: false, detected: 'an XML document that is not HTML' };
  if (looksLikeMarkdown(decodeSample(sample, text))) return ok('markdown');
  return ok('text');
}

function ok(format: DocumentFormat): Detection {
  return { supported: true, format, mediaType: MEDIA_TYPES[format] };
}

async function detectZip(path: string, sample: Buffer): Promise<Detection> {
  // ODF puts an uncompressed "mimetype" entry first (ODF 1.2, 3.3); its content starts at offset 38.
  const odfType = sample.subarray(30, 38).toString('latin1') === 'mimetype' ? sample.subarray(38, 38 + 80).toString('latin1') : '';
  if (odfType.startsWith('application/vnd.oasis.opendocument.text')) return ok('odt');
  if (odfType.startsWith('application/vnd.oasis.opendocument.')) return { supported: false, detected: `an OpenDocument file other than text (${odfType.split(/[^\w./+-]/)[0]})` };
  try {
    const { found, complete } = await ZipArchive.scan(path, ['word/document.xml', 'xl/workbook.xml', 'ppt/presentation.xml', 'content.xml', 'META-INF/manifest.xml']);
    if (found.has('word/document.xml')) return ok('docx');
    if (found.has('xl/workbook.xml')) return { supported: false, detected: 'an Excel workbook (XLSX)' };
    if (found.has('ppt/presentation.xml')) return { supported: false, detected: 'a PowerPoint presentation (PPTX)' };
    if (found.has('content.xml') && found.has('META-INF/manifest.xml')) return ok('odt');
    return { supported: false, detected: complete ? 'a ZIP archive' : `a ZIP archive with more than ${MAX_SCANNED_ENTRIES} entries` };
  } catch {
    // A damaged DOCX still says what it is near its start: the first entries name its parts.
    const names = sample.toString('latin1');
    if (names.includes('word/') || names.includes('[Content_Types].xml')) return ok('docx');
    return { supported: false, detected: 'a damaged ZIP archive' };
  }
}

type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'legacy';

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

function looksLikeMarkdown(text: string): boolean {
  const headings = (text.match(/^#{1,6}\s+\S/gm) ?? []).length;
  const links = (text.match(/\[[^\]\n]+\]\([^)\s]+\)/g) ?? []).length;
  const emphasis = (text.match(/(\*\*|__)[^*_\n]+\1/g) ?? []).length;
  return headings >= 1 || links + emphasis >= 2;
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
