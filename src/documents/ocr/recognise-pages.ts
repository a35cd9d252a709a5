import type { OcrOptions, OcrSummary } from '../formats/file-format';
import { LOW_OCR_CONFIDENCE } from '../document-passage.entity';
import { ocrEngine, RecognitionTimeout, type RecognisedText } from './ocr-engine';

let announceRecognition: () => void = () => undefined;

/** The extraction child tells the service when a file's recognition starts: its time limit then grows by the OCR budget. */
export function whenRecognitionStarts(listener: () => void): void {
  announceRecognition = listener;
}

/** A page as an image to recognise, and, when it was scanned too coarsely to read it all, how coarsely ("about 40 dpi"). */
export interface PageImage {
  bytes: Buffer;
  lowResolution?: string;
}

/**
 * Recognises the text of pages, one at a time, within the document's limits: at most `maxPages`
 * pages, each within `pageTimeoutMs`, all within `documentTimeoutMs`. A page past a limit, or whose
 * image could not be made, is reported "not recognised" with the reason; the others keep their text.
 * `image(page)` makes the page's image (rendered from a PDF, or read from an image file).
 */
export async function recognisePages(
  pages: readonly number[],
  image: (page: number) => Promise<PageImage>,
  options: OcrOptions,
): Promise<{ texts: Map<number, RecognisedText>; summary: OcrSummary }> {
  const engine = ocrEngine(options);
  const texts = new Map<number, RecognisedText>();
  const skipped = new Map<string, number[]>();
  const lowResolution: OcrSummary['lowResolutionPages'] = [];
  const skip = (page: number, reason: string) => skipped.set(reason, [...(skipped.get(reason) ?? []), page]);
  if (pages.length) announceRecognition();
  const deadline = Date.now() + options.documentTimeoutMs;
  const budgetUsedUp = `the document's recognition time of ${seconds(options.documentTimeoutMs)} was used up (OCR_DOCUMENT_TIMEOUT_MS)`;
  for (const [i, page] of pages.entries()) {
    if (i >= options.maxPages) {
      skip(page, `the limit of ${options.maxPages} recognised pages per document was reached (OCR_MAX_PAGES)`);
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      skip(page, budgetUsedUp);
      continue;
    }
    const limit = Math.min(options.pageTimeoutMs, left);
    let pageImage: Buffer;
    try {
      // Drawing a page is bounded too: a page pdf.js cannot draw must not hold the document (seen: one that never came).
      const made = await withTimeout(image(page), limit);
      pageImage = made.bytes;
      if (made.lowResolution) lowResolution.push({ page, resolution: made.lowResolution });
    } catch (error) {
      if (!(error instanceof RecognitionTimeout)) skip(page, `the page could not be turned into an image (${(error as Error).message})`);
      else if (limit < options.pageTimeoutMs) skip(page, budgetUsedUp);
      else skip(page, `drawing the page took longer than ${seconds(options.pageTimeoutMs)} (OCR_PAGE_TIMEOUT_MS)`);
      continue;
    }
    // What is left of the budget once the page is drawn.
    const recogniseLimit = Math.min(options.pageTimeoutMs, deadline - Date.now());
    try {
      if (recogniseLimit <= 0) throw new RecognitionTimeout();
      texts.set(page, await engine.recognise(pageImage, recogniseLimit));
    } catch (error) {
      if (!(error instanceof RecognitionTimeout)) skip(page, `recognition failed (${(error as Error).message})`);
      else if (recogniseLimit < options.pageTimeoutMs) skip(page, budgetUsedUp);
      else skip(page, `recognising the page took longer than ${seconds(options.pageTimeoutMs)} (OCR_PAGE_TIMEOUT_MS)`);
    }
  }
  const recognised = [...texts.entries()].filter(([, t]) => /\p{L}/u.test(t.text));
  return {
    texts,
    summary: {
      engine: engine.name,
      pagesRecognised: recognised.length,
      lowConfidencePages: recognised.filter(([, t]) => t.confidence < LOW_OCR_CONFIDENCE).map(([page]) => page),
      lowResolutionPages: lowResolution,
      notRecognised: [...skipped.entries()].map(([reason, list]) => ({ pages: list, reason })),
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RecognitionTimeout()), ms)))]).finally(() => clearTimeout(timer));
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** "3", "3 and 5", "3–7, 9 and 12": a page list for people. */
function pageList(pages: readonly number[]): string {
  const ranges: string[] = [];
  const sorted = [...pages].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    // Two pages are "4 and 5", three or more a range "4–6".
    if (j === i + 1) ranges.push(String(sorted[i]), String(sorted[j]));
    else ranges.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j;
  }
  return ranges.length > 1 ? `${ranges.slice(0, -1).join(', ')} and ${ranges[ranges.length - 1]}` : (ranges[0] ?? '');
}

/** What recognition left out, in one sentence per reason (the document's notes, and a failure's reason). */
export function ocrNotes(summary: OcrSummary): string[] {
  const notes = summary.notRecognised.map((n) => `${n.pages.length === 1 ? 'Page' : 'Pages'} ${pageList(n.pages)} not recognised: ${n.reason}.`);
  for (const { page, resolution } of summary.lowResolutionPages) {
    notes.push(`Page ${page} is a low-resolution scan (${resolution}): some of its text may be missing; scan it again at 300 dpi.`);
  }
  if (summary.lowConfidencePages.length) {
    const pages = summary.lowConfidencePages;
    notes.push(`${pages.length === 1 ? 'Page' : 'Pages'} ${pageList(pages)} recognised with low confidence (under ${LOW_OCR_CONFIDENCE} %): check the text against the file.`);
  }
  return notes;
}
