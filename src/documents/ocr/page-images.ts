import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esmImport } from '../extraction/esm-import';
import { ExtractionFailure } from '../extraction/extraction-failure';
import type { PageImage } from './recognise-pages';

/**
 * pdf.js 5 (inside unpdf) moves font data with ArrayBuffer.prototype.transferToFixedLength (ES2024:
 * Node 21 and later). On Node 20 drawing any page with text threw inside pdf.js and the page never
 * came: a copy does the same work (pdf.js does not use the source afterwards).
 */
const arrayBufferPrototype = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
if (typeof arrayBufferPrototype.transferToFixedLength !== 'function') {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length: number = this.byteLength): ArrayBuffer {
      const copy = new ArrayBuffer(length);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy;
    },
  });
}

/** Tesseract reads printed text best at about 300 dots per inch: the most pages are drawn at, within the pixel cap. */
const RENDER_DPI = 300;

type Canvas = typeof import('@napi-rs/canvas');

function canvasModule(): Promise<Canvas> {
  return import('@napi-rs/canvas');
}

/** The scale that brings `width × height` within `maxPixels` (never enlarging past `preferred`). */
function scaleWithin(width: number, height: number, maxPixels: number, preferred = 1): number {
  return Math.min(preferred, Math.sqrt(maxPixels / Math.max(1, width * height)));
}

interface PdfPageProxy {
  getViewport(options: { scale: number }): { width: number; height: number };
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  cleanup(): void;
}

/** pdf.js's operator codes for drawing an image (`[objId, width, height]`) and a 1-bit image mask (`[{ width, height }]`). */
const PAINT_IMAGE = 85;
const PAINT_IMAGE_MASK = 83;
/** Below this, small print is lost; a scan at 150 dpi is recognised at 150 (drawing it at 300 only adds pixels to read). */
const MIN_DPI = 150;
/** A page scanned under this is flagged: text of ordinary size cannot all be read from it. */
const LOW_SCAN_DPI = 100;
/** An image of a page narrower than this is flagged likewise (an A4 page at 100 dpi is 827 pixels wide). */
const LOW_IMAGE_WIDTH = 800;

/** The resolution of the widest image on the page (a scan covers its width), in dots per inch; null without images. */
async function scanDpi(page: PdfPageProxy, widthPoints: number): Promise<number | null> {
  const { fnArray, argsArray } = await page.getOperatorList();
  let widest = 0;
  fnArray.forEach((fn, i) => {
    const args = argsArray[i] ?? [];
    const width = fn === PAINT_IMAGE ? Number(args[1]) : fn === PAINT_IMAGE_MASK ? Number((args[0] as { width?: number } | undefined)?.width) : 0;
    if (Number.isFinite(width) && width > widest) widest = width;
  });
  return widest ? (widest * 72) / widthPoints : null;
}
interface PdfDocumentProxy {
  numPages: number;
  getPage(n: number): Promise<PdfPageProxy>;
  destroy(): Promise<void>;
}

/**
 * Renders pages of a PDF as PNG images for recognition: with Debian's `pdftoppm` when asked (faster),
 * else with pdf.js drawing on an @napi-rs/canvas (its binary comes from the npm registry). Either way
 * at 300 dpi, scaled down to the pixel cap. Open once per document; `close()` when done.
 */
export class PdfPageRenderer {
  private constructor(
    private readonly path: string,
    private readonly pdf: PdfDocumentProxy,
    private readonly renderer: 'pdftoppm' | 'pdfjs',
    private readonly maxPixels: number,
  ) {}

  static async open(path: string, renderer: 'pdftoppm' | 'pdfjs', maxPixels: number): Promise<PdfPageRenderer> {
    const { getDocumentProxy } = await esmImport<{ getDocumentProxy: (data: Uint8Array, options?: object) => Promise<PdfDocumentProxy> }>('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(await readFile(path)), { isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
    return new PdfPageRenderer(path, pdf, renderer, maxPixels);
  }

  /** Page `n` (from 1) as image bytes (PNG from pdf.js, PGM from pdftoppm), and whether it was scanned too coarsely. */
  async render(n: number): Promise<PageImage> {
    const page = await this.pdf.getPage(n);
    try {
      const size = page.getViewport({ scale: 1 }); // in points, 72 to the inch
      // A scanned page at its own resolution (within 150–300 dpi); text drawn with unmapped fonts at 300.
      const scanned = await scanDpi(page, size.width);
      const dpi = Math.min(RENDER_DPI, Math.max(MIN_DPI, scanned ?? RENDER_DPI));
      const scale = scaleWithin(size.width, size.height, this.maxPixels, dpi / 72);
      const lowResolution = scanned !== null && scanned < LOW_SCAN_DPI ? `about ${Math.round(scanned)} dpi` : undefined;
      if (this.renderer === 'pdftoppm') return { bytes: await pdftoppmPage(this.path, n, Math.max(36, Math.floor(scale * 72))), lowResolution };
      const { renderPageAsImage } = await esmImport<{
        renderPageAsImage: (pdf: PdfDocumentProxy, n: number, options: { canvasImport: () => Promise<Canvas>; scale: number }) => Promise<ArrayBuffer>;
      }>('unpdf');
      return { bytes: Buffer.from(await renderPageAsImage(this.pdf, n, { canvasImport: canvasModule, scale })), lowResolution };
    } finally {
      page.cleanup();
    }
  }

  async close(): Promise<void> {
    await this.pdf.destroy().catch(() => undefined);
  }
}

/**
 * One page through `pdftoppm` (poppler-utils), in grey (colour does not help recognition), as PGM:
 * compressing a noisy scan to PNG took 19 s a page here, writing PGM 0.2 s (Debian's tesseract reads both).
 */
async function pdftoppmPage(path: string, n: number, dpi: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'lrkb-page-'));
  try {
    await new Promise<void>((resolve, reject) =>
      execFile('pdftoppm', ['-f', String(n), '-l', String(n), '-r', String(dpi), '-gray', '-singlefile', path, join(dir, 'page')], { timeout: 60000 }, (error, _o, stderr) =>
        error ? reject(new Error(String(stderr).trim() || error.message)) : resolve(),
      ),
    );
    return await readFile(join(dir, 'page.pgm'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An image of a page (PNG or JPEG bytes) as a PNG within the pixel cap (larger images are scaled down). */
export async function pageImageWithin(bytes: Buffer, maxPixels: number): Promise<PageImage> {
  const { loadImage, createCanvas } = await canvasModule();
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(bytes);
  } catch (error) {
    throw new ExtractionFailure(`The image is damaged or truncated and could not be read (${(error as Error).message}).`);
  }
  const scale = scaleWithin(image.width, image.height, maxPixels);
  const canvas = createCanvas(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff'; // transparent parts read as white paper, not black
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return { bytes: canvas.toBuffer('image/png'), lowResolution: narrow(image.width) };
}

function narrow(width: number): string | undefined {
  return width < LOW_IMAGE_WIDTH ? `${width} pixels wide` : undefined;
}

/** The pages of a TIFF (one image per page: fax and scanner output is often multi-page). */
export async function tiffPageCount(bytes: Buffer): Promise<number> {
  return (await tiffDirectories(bytes)).length;
}

async function tiffDirectories(bytes: Buffer) {
  const UTIF = await import('utif2');
  try {
    return UTIF.decode(bytes).filter((ifd) => ifd.t256 !== undefined && ifd.t257 !== undefined);
  } catch (error) {
    throw new ExtractionFailure(`The TIFF image is damaged and could not be read (${(error as Error).message}).`);
  }
}

const MAX_DECODED_PIXELS = 60_000_000;

/** Page `index` (from 0) of a TIFF as a PNG within the pixel cap. */
export async function tiffPage(bytes: Buffer, index: number, maxPixels: number): Promise<PageImage> {
  const UTIF = await import('utif2');
  const ifd = (await tiffDirectories(bytes))[index];
  const width = Number(ifd.t256),
    height = Number(ifd.t257);
  // Decoded whole before it is scaled down: a huge page would need gigabytes.
  if (width * height > MAX_DECODED_PIXELS) throw new Error(`the page is too large to recognise (${width} × ${height} pixels)`);
  UTIF.decodeImage(bytes, ifd);
  const rgba = UTIF.toRGBA8(ifd);
  const { createCanvas } = await canvasModule();
  const full = createCanvas(ifd.width, ifd.height);
  const context = full.getContext('2d');
  const data = context.createImageData(ifd.width, ifd.height);
  data.data.set(rgba.subarray(0, data.data.length));
  context.putImageData(data, 0, 0);
  const scale = scaleWithin(ifd.width, ifd.height, maxPixels);
  if (scale >= 1) return { bytes: full.toBuffer('image/png'), lowResolution: narrow(ifd.width) };
  const small = createCanvas(Math.max(1, Math.round(ifd.width * scale)), Math.max(1, Math.round(ifd.height * scale)));
  small.getContext('2d').drawImage(full, 0, 0, small.width, small.height);
  return { bytes: small.toBuffer('image/png'), lowResolution: narrow(ifd.width) };
}
