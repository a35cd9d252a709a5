import { ocrLanguagesFor } from './ocr-languages';
import { ocrNotes } from './recognise-pages';

describe('recognition notes and languages', () => {
  it('words what was left out, pages as people write them', () => {
    expect(
      ocrNotes({
        engine: 'tesseract.js',
        pagesRecognised: 3,
        lowConfidencePages: [2],
        lowResolutionPages: [{ page: 6, resolution: 'about 30 dpi' }],
        notRecognised: [
          { pages: [4, 5], reason: 'the limit of 3 recognised pages per document was reached (OCR_MAX_PAGES)' },
          { pages: [9, 7, 8, 12], reason: 'recognition failed (bad image)' },
          { pages: [20], reason: 'the page could not be turned into an image (broken)' },
        ],
      }),
    ).toEqual([
      'Pages 4 and 5 not recognised: the limit of 3 recognised pages per document was reached (OCR_MAX_PAGES).',
      'Pages 7–9 and 12 not recognised: recognition failed (bad image).',
      'Page 20 not recognised: the page could not be turned into an image (broken).',
      'Page 6 is a low-resolution scan (about 30 dpi): some of its text may be missing; scan it again at 300 dpi.',
      'Page 2 recognised with low confidence (under 60 %): check the text against the file.',
    ]);
    expect(ocrNotes({ engine: 'tesseract', pagesRecognised: 1, lowConfidencePages: [], lowResolutionPages: [], notRecognised: [] })).toEqual([]);
  });

  it('recognises in the document’s or record’s languages the engine has (at most three), else English and French', () => {
    const all = new Set(['eng', 'fra', 'ara', 'spa', 'deu', 'por']);
    expect(ocrLanguagesFor(['ar', 'en'], all)).toEqual(['ara', 'eng']);
    expect(ocrLanguagesFor(['ES', 'es', null], all)).toEqual(['spa']);
    expect(ocrLanguagesFor(['ru'], all)).toEqual(['eng', 'fra']);
    expect(ocrLanguagesFor(['ru'], new Set([...all, 'rus']))).toEqual(['rus']);
    expect(ocrLanguagesFor(['de', 'fr', 'pt', 'es'], all)).toEqual(['deu', 'fra', 'por']);
    expect(ocrLanguagesFor([], new Set(['eng']))).toEqual(['eng']);
  });
});
