import { readFile } from 'node:fs/promises';
import { ExtractionFailure } from '../extraction/extraction-failure';
import { pageImageWithin, tiffPage, tiffPageCount } from '../ocr/page-images';
import { ocrNotes, recognisePages, type PageImage } from '../ocr/recognise-pages';
import type { ExtractedText, ExtractionOptions, FileFormat } from './file-format';

/**
 * Photographed or scanned pages: their text is recognised (OCR), each image (each page of a TIFF)
 * one page of the document.
 */
function imageFormat(id: string, mediaType: string, name: string, signatures: number[][], pages: PageSource): FileFormat {
  return {
    id,
    mediaType,
    name,
    mayRecognise: true,
    recognise: (probe) => signatures.some((bytes) => probe.startsWith(bytes)),
    extract: (path, options) => extractImage(path, options, pages),
    failures: {
      noText: (result) =>
        [
          `No text was recognised in the image (${result.pageCount ?? 1} page(s), ${result.ocr?.engine ?? 'OCR'}); upload a sharper scan (300 dpi) if it holds text.`,
          ...(result.ocr ? ocrNotes(result.ocr) : []),
        ].join(' '),
      unreadable: 'The text recognised in the image is unreadable (mostly symbols); upload a sharper scan (300 dpi).',
    },
  };
}

interface PageSource {
  count(bytes: Buffer): Promise<number>;
  page(bytes: Buffer, index: number, maxPixels: number): Promise<PageImage>;
}

const SINGLE_IMAGE: PageSource = { count: async () => 1, page: (bytes, _index, maxPixels) => pageImageWithin(bytes, maxPixels) };
const TIFF_PAGES: PageSource = { count: tiffPageCount, page: tiffPage };

export const PNG_FORMAT = imageFormat('png', 'image/png', 'PNG', [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]], SINGLE_IMAGE);
export const JPEG_FORMAT = imageFormat('jpeg', 'image/jpeg', 'JPEG', [[0xff, 0xd8, 0xff]], SINGLE_IMAGE);
export const TIFF_FORMAT = imageFormat(
  'tiff',
  'image/tiff',
  'TIFF',
  [
    [0x49, 0x49, 0x2a, 0x00],
    [0x4d, 0x4d, 0x00, 0x2a],
  ],
  TIFF_PAGES,
);

async function extractImage(path: string, options: ExtractionOptions, source: PageSource): Promise<ExtractedText> {
  if (!options.ocr) throw new ExtractionFailure('Images are read by text recognition (OCR), which is switched off here (OCR_ENGINE=off).');
  const bytes = await readFile(path);
  const count = await source.count(bytes);
  if (!count) throw new ExtractionFailure('The image holds no picture that could be read.');
  const pages = Array.from({ length: count }, (_, i) => i + 1);
  const { texts, summary } = await recognisePages(pages, (page) => source.page(bytes, page - 1, options.ocr!.maxPixels), options.ocr);
  const units = pages.map((page) => {
    const recognised = texts.get(page);
    return { page, headings: [], text: recognised?.text ?? '', ...(recognised ? { ocrConfidence: recognised.confidence } : {}) };
  });
  return { extractor: summary.engine, pageCount: count, units, ocr: summary };
}
