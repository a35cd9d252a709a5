/**
 * Documents as scanners and photocopiers make them, generated from known text (for the OCR tests
 * and `npm run bench:ocr`): text drawn on a page image at a low resolution, slightly skewed, with
 * noise, then placed in a PDF or a TIFF. Knowing the text, the tests measure what recognition got.
 */
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface ScanOptions {
  /** Dots per inch of the scan (150: a cheap office scanner). */
  dpi?: number;
  /** Rotation of the sheet on the glass, in degrees. */
  skewDegrees?: number;
  /** Grey noise amplitude (0–255) and share of black specks. */
  noise?: number;
  specks?: number;
  /** Text size in points. */
  fontPoints?: number;
  /** The page's height as a share of A4 (a short page makes a small image). */
  heightShare?: number;
  /** A seed for the noise, so that a benchmark scans the same way every run. */
  seed?: number;
  rightToLeft?: boolean;
  /** How the page image is stored in a PDF: PNG (lossless) or JPEG (as most scanners send it, much smaller). */
  encoding?: 'png' | 'jpeg';
}

/** A4 in inches. */
const A4 = { width: 8.27, height: 11.69 };

/** A small, seedable random generator (mulberry32): the same noise every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The text as a scanned page: a PNG (or JPEG), greyscale content on white, at `dpi`. */
export function scanImage(text: string, options: ScanOptions = {}): { png: Buffer; width: number; height: number; rgba: Uint8Array } {
  const dpi = options.dpi ?? 150;
  const width = Math.round(A4.width * dpi);
  const height = Math.round(A4.height * dpi * (options.heightShare ?? 1));
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  g.save();
  g.translate(width / 2, height / 2);
  g.rotate(((options.skewDegrees ?? 0.7) * Math.PI) / 180);
  g.translate(-width / 2, -height / 2);
  g.fillStyle = '#161616';
  const size = Math.round(((options.fontPoints ?? 12) * dpi) / 72);
  g.font = `${size}px serif`;
  const margin = Math.round(dpi * 0.9);
  const lineHeight = Math.round(size * 1.5);
  let y = margin + size;
  if (options.rightToLeft) {
    g.direction = 'rtl';
    g.textAlign = 'right';
  }
  const x = options.rightToLeft ? width - margin : margin;
  for (const paragraph of text.split(/\n\s*\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (g.measureText(candidate).width > width - 2 * margin && line) {
        g.fillText(line, x, y);
        y += lineHeight;
        line = word;
      } else line = candidate;
    }
    if (line) g.fillText(line, x, y);
    y += lineHeight * 1.6;
  }
  g.restore();
  const image = g.getImageData(0, 0, width, height);
  const d = image.data;
  const next = random(options.seed ?? 1);
  const noise = options.noise ?? 40;
  const specks = options.specks ?? 0.0015;
  for (let i = 0; i < d.length; i += 4) {
    const grey = Math.max(0, Math.min(255, (d[i] + d[i + 1] + d[i + 2]) / 3 + (next() - 0.5) * noise));
    const value = next() < specks ? 0 : grey;
    d[i] = d[i + 1] = d[i + 2] = value;
  }
  g.putImageData(image, 0, 0);
  return {
    png: options.encoding === 'jpeg' ? canvas.toBuffer('image/jpeg', 70) : canvas.toBuffer('image/png'),
    width,
    height,
    rgba: new Uint8Array(d.buffer, d.byteOffset, d.byteLength),
  };
}

/** A PDF of scanned pages: each page one image, no text layer (what a photocopier sends by e-mail). */
export async function makeScannedTextPdf(pages: string[], options: ScanOptions = {}): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (const [i, text] of pages.entries()) await addScannedPage(pdf, text, { ...options, seed: (options.seed ?? 1) + i });
  return Buffer.from(await pdf.save());
}

async function addScannedPage(pdf: PDFDocument, text: string, options: ScanOptions): Promise<void> {
  const { png } = scanImage(text, options);
  const image = options.encoding === 'jpeg' ? await pdf.embedJpg(png) : await pdf.embedPng(png);
  const height = 842 * (options.heightShare ?? 1);
  pdf.addPage([595, height]).drawImage(image, { x: 0, y: 0, width: 595, height });
}

/** Page 1 typed (a text layer), page 2 scanned: the signed council decision attached to a typed plan. */
export async function makeMixedPdf(typed: string, scanned: string, options: ScanOptions = {}): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  let y = 780;
  for (const line of wrap(typed, 80)) {
    page.drawText(line, { x: 50, y, size: 11, font });
    y -= 16;
  }
  await addScannedPage(pdf, scanned, options);
  return Buffer.from(await pdf.save());
}

function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > columns) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A multi-page TIFF of scanned pages (fax and scanner output): 8-bit grey, uncompressed. */
export async function makeScannedTiff(pages: string[], options: ScanOptions = {}): Promise<Buffer> {
  const UTIF = await import('utif2');
  const frames = pages.map((text, i) => scanImage(text, { ...options, seed: (options.seed ?? 1) + i }));
  const greys = frames.map((f) => {
    const grey = new Uint8Array(f.width * f.height);
    for (let i = 0; i < grey.length; i++) grey[i] = f.rgba[i * 4];
    return grey;
  });
  // The directories first (UTIF.encode writes them, within its 20,000-byte buffer), then each page's pixels.
  const HEADER = 20000;
  let offset = HEADER;
  const ifds = frames.map((f, i) => {
    const ifd = { t256: [f.width], t257: [f.height], t258: [8], t259: [1], t262: [1], t273: [offset], t277: [1], t278: [f.height], t279: [greys[i].length], t284: [1] };
    offset += greys[i].length;
    return ifd;
  });
  const header = new Uint8Array(UTIF.encode(ifds as unknown as Parameters<typeof UTIF.encode>[0]));
  const out = Buffer.alloc(offset);
  out.set(header, 0);
  let at = HEADER;
  for (const grey of greys) {
    out.set(grey, at);
    at += grey.length;
  }
  return out;
}

/** How many of the words of `expected` the recognised text holds (case and accents aside), 0–1: the word recall. */
export function wordRecall(expected: string, recognised: string): number {
  const words = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const found = new Map<string, number>();
  for (const w of words(recognised)) found.set(w, (found.get(w) ?? 0) + 1);
  const wanted = words(expected);
  let hits = 0;
  for (const w of wanted) {
    const n = found.get(w) ?? 0;
    if (n > 0) {
      hits++;
      found.set(w, n - 1);
    }
  }
  return wanted.length ? hits / wanted.length : 1;
}
