import { ByteProbe } from './formats/byte-probe';
import { FILE_FORMATS } from './formats/registry';
import { MAX_SCANNED_ENTRIES } from './extraction/zip-archive';

export type Detection = { supported: true; format: string; mediaType: string } | { supported: false; detected: string };

/** Signatures of common formats we refuse, so the error can say what the file is. */
const REFUSED_SIGNATURES: { bytes: number[]; offset?: number; name: string }[] = [
  { bytes: [0x4d, 0x5a], name: 'a Windows executable (MZ)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], name: 'a Linux executable (ELF)' },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], name: 'a macOS executable (Mach-O)' },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], name: 'a Java class or macOS universal binary' },
  { bytes: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
  { bytes: [0x52, 0x49, 0x46, 0x46], name: 'a RIFF media file (WebP, WAV or AVI)' },
  { bytes: [0x1f, 0x8b], name: 'a gzip archive' },
  { bytes: [0x42, 0x5a, 0x68], name: 'a bzip2 archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], name: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], name: 'a RAR archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'an xz archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'a legacy Excel or PowerPoint file (XLS/PPT) or another OLE container; save it as PDF' },
  { bytes: [0x00, 0x61, 0x73, 0x6d], name: 'a WebAssembly module' },
  { bytes: [0x66, 0x74, 0x79, 0x70], offset: 4, name: 'an MP4/QuickTime media file' },
  { bytes: [0x49, 0x44, 0x33], name: 'an MP3 audio file' },
  { bytes: [0x1a, 0x45, 0xdf, 0xa3], name: 'a Matroska/WebM media file' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], name: 'an SQLite database' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], name: 'an empty ZIP archive' },
  // Text, but not text we read.
  { bytes: [0x25, 0x21, 0x50, 0x53], name: 'a PostScript file' },
];

/** The refused format these bytes start like, if any (then they are not read as text, whatever they look like). */
function refusedSignature(probe: Pick<ByteProbe, 'startsWith'>): string | undefined {
  return REFUSED_SIGNATURES.find((s) => probe.startsWith(s.bytes, s.offset))?.name;
}

/**
 * Decides the format from the bytes only, never from the name: each format of the registry is asked in
 * turn (formats/registry.ts); when none recognises the file, the answer says what it is, if we know.
 */
export async function detectMediaType(path: string): Promise<Detection> {
  const probe = await ByteProbe.of(path, (p) => !!refusedSignature(p));
  for (const format of FILE_FORMATS) if (await format.recognise(probe)) return { supported: true, format: format.id, mediaType: format.mediaType };
  return { supported: false, detected: await whatItIs(probe) };
}

/** A refused file's description, for the error message. */
async function whatItIs(probe: ByteProbe): Promise<string> {
  if (probe.isZip) {
    const odf = probe.odfMimeType;
    if (odf.startsWith('application/vnd.oasis.opendocument.')) return `an OpenDocument file other than text (${odf.split(/[^\w./+-]/)[0]})`;
    const parts = await probe.zipParts();
    if (!parts) return 'a damaged ZIP archive';
    if (parts.found.has('xl/workbook.xml')) return 'an Excel workbook (XLSX)';
    if (parts.found.has('ppt/presentation.xml')) return 'a PowerPoint presentation (PPTX)';
    return parts.complete ? 'a ZIP archive' : `a ZIP archive with more than ${MAX_SCANNED_ENTRIES} entries`;
  }
  const refused = refusedSignature(probe);
  if (refused) return refused;
  if (probe.isXml) return 'an XML document that is not HTML';
  return 'binary data of an unknown format';
}
