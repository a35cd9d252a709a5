import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { makeMixedPdf, makeScannedTextPdf, makeScannedTiff, scanImage, wordRecall } from './fixtures/scanned-documents';
import { makePdf } from './fixtures/sample-documents';
import { RecordType } from '../src/catalogue/enums';
import { factories } from './helpers/factories';
import { makeEncryptedDocx } from './helpers/office-files';
import { startTestApp, TestApp } from './helpers/test-app';

/** Debian's tesseract, where installed: then every engine test runs a second time with it. */
const hasTesseract = (() => {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const ENGINES = ['tesseract.js', ...(hasTesseract ? ['tesseract'] : [])];

const COUNCIL =
  'The city council adopted the local action plan for human rights after a public consultation with residents, associations and the ombudsperson. The plan sets out measures on housing, education and equal access to public services, with indicators for monitoring each year.';
const OMBUDSPERSON =
  'The ombudsperson of Rivertown publishes a yearly review of complaints about housing discrimination and access to schools, and presents it to the council in a public hearing.';
const TYPED = 'Typed cover page: the Rivertown equality strategy, adopted by the municipal assembly.';

const DOCUMENT_FIELDS = 'id status failureReason pageCount extractor recognisedPageCount recognitionNotes passages(limit: 50) { items { page text ocr ocrConfidence } }';

function uploader(t: TestApp, recordId: () => string) {
  return async (bytes: Buffer, filename: string): Promise<string> => {
    const res = await t
      .http()
      .post('/documents')
      .set('authorization', t.bearer('editor'))
      .field('recordType', 'TOOL')
      .field('recordId', recordId())
      .attach('file', bytes, { filename, contentType: 'application/octet-stream' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
}

async function documentById(t: TestApp, id: string) {
  const res = await t.gql(`query($id: ID!) { document(id: $id) { ${DOCUMENT_FIELDS} } }`, { id });
  expect(res.errors).toBeUndefined();
  return res.data.document;
}

const pageText = (doc: any, page: number | null) =>
  doc.passages.items
    .filter((p: any) => p.page === page)
    .map((p: any) => p.text)
    .join(' ');

describe.each(ENGINES)('OCR with %s: scanned PDFs and images of pages become searchable text, page by page', (engine) => {
  let t: TestApp;
  let toolId: string;
  let upload: (bytes: Buffer, filename: string) => Promise<string>;

  beforeAll(async () => {
    t = await startTestApp({ seed: false, env: { OCR_ENGINE: engine, OCR_MAX_PAGES: '3' } });
    toolId = (await factories(t).record(RecordType.TOOL, { title: 'Scanned council decisions', languages: ['en'] })).id;
    upload = uploader(t, () => toolId);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a scanned PDF (150 dpi, skewed, noisy, no text layer) ends INDEXED; a phrase of page 2 is found by search with its page; word recall ≥ 90 %', async () => {
    const id = await upload(await makeScannedTextPdf([COUNCIL, OMBUDSPERSON]), 'council-decision-scan.pdf');
    await t.documentsSettled();
    await t.searchSettled();
    const doc = await documentById(t, id);
    expect(doc).toMatchObject({ status: 'INDEXED', pageCount: 2, recognisedPageCount: 2, recognitionNotes: [], failureReason: null });
    expect(doc.extractor).toMatch(new RegExp(`\\+${engine.replace('.', '\\.')}$`));
    expect(doc.passages.items.every((p: any) => p.ocr && p.ocrConfidence > 0 && p.ocrConfidence <= 100)).toBe(true);
    expect(wordRecall(COUNCIL, pageText(doc, 1))).toBeGreaterThanOrEqual(0.9);
    expect(wordRecall(OMBUDSPERSON, pageText(doc, 2))).toBeGreaterThanOrEqual(0.9);

    const res = await t.gql(
      `{ search(query: "ombudsperson Rivertown complaints housing discrimination", types: [PASSAGE], limit: 3) { items { page ocr ocrConfidence document { id } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.search.items[0]).toMatchObject({ page: 2, ocr: true, document: { id } });

    // The pages say it too: the hit and the reading view.
    if (engine !== 'tesseract.js') return;
    const searchPage = await t.http().get('/en/search?q=ombudsperson+Rivertown+complaints');
    expect(searchPage.text).toContain('text recognised from a scan');
    const reading = await t.http().get(`/fr/documents/${id}?page=2`);
    expect(reading.status).toBe(200);
    expect(reading.text).toContain('Le texte de cette page a été reconnu à partir d’un scan');
  });

  it('a PDF with a typed page and a scanned page keeps the typed page’s own text layer and recognises the other', async () => {
    const id = await upload(await makeMixedPdf(TYPED, OMBUDSPERSON, { seed: 7 }), 'strategy-with-signed-decision.pdf');
    await t.documentsSettled();
    const doc = await documentById(t, id);
    expect(doc).toMatchObject({ status: 'INDEXED', pageCount: 2, recognisedPageCount: 1 });
    const [typed, ...scanned] = doc.passages.items;
    expect(typed).toMatchObject({ page: 1, text: TYPED, ocr: false, ocrConfidence: null });
    expect(scanned.every((p: any) => p.page === 2 && p.ocr)).toBe(true);
    expect(wordRecall(OMBUDSPERSON, pageText(doc, 2))).toBeGreaterThanOrEqual(0.9);
  });

  it('a typed PDF whose second page holds only a few words reads both (the short page is drawn and recognised, never hangs)', async () => {
    // pdf.js drawing a page of text on Node 20 used to wait for ever (ArrayBuffer.transferToFixedLength is Node 21+).
    const id = await upload(await makePdf([TYPED, 'Annex 2.']), 'strategy-with-annex.pdf');
    await t.documentsSettled();
    const doc = await documentById(t, id);
    expect(doc).toMatchObject({ status: 'INDEXED', pageCount: 2 });
    expect(pageText(doc, 1)).toBe(TYPED);
    expect(pageText(doc, 2)).toMatch(/Annex 2/);
  });

  it('a 2-page TIFF and a PNG photograph of a page are recognised, one page per image', async () => {
    const tiff = await upload(await makeScannedTiff([COUNCIL, OMBUDSPERSON], { heightShare: 0.35 }), 'fax.tiff');
    const png = await upload(scanImage(OMBUDSPERSON, { heightShare: 0.3, skewDegrees: -0.5, seed: 3 }).png, 'photo.png');
    await t.documentsSettled();
    const fax = await documentById(t, tiff);
    expect(fax).toMatchObject({ status: 'INDEXED', pageCount: 2, recognisedPageCount: 2, extractor: engine });
    expect(wordRecall(COUNCIL, pageText(fax, 1))).toBeGreaterThanOrEqual(0.9);
    expect(wordRecall(OMBUDSPERSON, pageText(fax, 2))).toBeGreaterThanOrEqual(0.9);
    const photo = await documentById(t, png);
    expect(photo).toMatchObject({ status: 'INDEXED', pageCount: 1, recognisedPageCount: 1 });
    expect(wordRecall(OMBUDSPERSON, pageText(photo, 1))).toBeGreaterThanOrEqual(0.9);
  });

  it('flags a page scanned at a low resolution (60 dpi): recognised as well as it can be, and the curator told to scan it again', async () => {
    const id = await upload(await makeScannedTextPdf([OMBUDSPERSON], { dpi: 60, heightShare: 0.3 }), 'fax-60dpi.pdf');
    await t.documentsSettled();
    const doc = await documentById(t, id);
    expect(doc).toMatchObject({ status: 'INDEXED', recognisedPageCount: 1 });
    expect(doc.recognitionNotes).toContain('Page 1 is a low-resolution scan (about 60 dpi): some of its text may be missing; scan it again at 300 dpi.');
  });

  it('past the page cap (OCR_MAX_PAGES=3) pages are marked "not recognised" with the reason; the document ends INDEXED with the rest', async () => {
    const pages = [1, 2, 3, 4, 5].map((n) => `Page ${n} of the scanned register. ${n === 2 ? OMBUDSPERSON : 'Residents signed the petition for the plan.'}`);
    const id = await upload(await makeScannedTextPdf(pages, { heightShare: 0.25 }), 'register-scan.pdf');
    await t.documentsSettled();
    const doc = await documentById(t, id);
    expect(doc).toMatchObject({ status: 'INDEXED', pageCount: 5, recognisedPageCount: 3 });
    expect(doc.recognitionNotes).toEqual(['Pages 4 and 5 not recognised: the limit of 3 recognised pages per document was reached (OCR_MAX_PAGES).']);
    expect([...new Set(doc.passages.items.map((p: any) => p.page))]).toEqual([1, 2, 3]);
    expect((await t.http().get('/health')).status).toBe(200);
  });
});

describe('documents as councils have them: .doc, RTF, CP866 text, encrypted DOCX; the recognition time budget', () => {
  let t: TestApp;
  let toolId: string;
  let upload: (bytes: Buffer, filename: string) => Promise<string>;
  const FIXTURES = join(__dirname, 'fixtures/documents');

  beforeAll(async () => {
    // A budget a first page cannot meet: the worker alone takes longer to start.
    t = await startTestApp({ seed: false, env: { OCR_DOCUMENT_TIMEOUT_MS: '300' } });
    toolId = (await factories(t).record(RecordType.TOOL, { title: 'Legacy files of the equality office' })).id;
    upload = uploader(t, () => toolId);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('indexes a Word 97–2003 .doc, an RTF and a CP866 Russian text, and fails an encrypted DOCX as encrypted', async () => {
    const russian = 'План действий города по правам человека: участие жителей, ежегодный отчёт и независимый мониторинг.';
    const ids = {
      doc: await upload(readFileSync(join(FIXTURES, 'plan.doc')), 'plan.doc'),
      rtf: await upload(readFileSync(join(FIXTURES, 'plan.rtf')), 'plan.rtf'),
      cp866: await upload(iconv.encode(russian, 'cp866'), 'plan-dos.txt'),
      encrypted: await upload(makeEncryptedDocx(), 'protected.docx'),
    };
    await t.documentsSettled();
    await t.searchSettled();
    for (const key of ['doc', 'rtf', 'cp866'] as const) expect({ key, status: (await documentById(t, ids[key])).status }).toEqual({ key, status: 'INDEXED' });
    expect(pageText(await documentById(t, ids.cp866), null)).toBe(russian);
    expect(pageText(await documentById(t, ids.doc), null)).toContain('Residents take part in every step of the plan.');
    const encrypted = await documentById(t, ids.encrypted);
    expect(encrypted).toMatchObject({ status: 'FAILED' });
    expect(encrypted.failureReason).toMatch(/encrypted \(password-protected\)/);

    const hits = await t.gql(`{ search(query: "ежегодный отчёт мониторинг", types: [PASSAGE], limit: 3) { items { document { id } } } }`);
    expect(hits.data.search.items[0].document.id).toBe(ids.cp866);
  });

  it('past the recognition time budget a scan fails with the pages "not recognised" and why, a typed PDF uploaded with it is read, and the service keeps serving', async () => {
    const scan = await upload(await makeScannedTextPdf([COUNCIL, OMBUDSPERSON], { heightShare: 0.3 }), 'slow-scan.pdf');
    const typed = await upload(await makePdf(['A typed page about accessible public transport.']), 'typed.pdf');
    expect((await t.http().get('/health')).status).toBe(200);
    await t.documentsSettled();
    const doc = await documentById(t, scan);
    expect(doc.status).toBe('FAILED');
    expect(doc.failureReason).toMatch(
      /^The PDF has no text layer \(2 page\(s\) of images only, probably scanned\), and text recognition \(OCR, tesseract\.js\) did not read them all\. /,
    );
    expect(doc.failureReason).toMatch(/Pages 1 and 2 not recognised: the document's recognition time of 0\.3 s was used up \(OCR_DOCUMENT_TIMEOUT_MS\)\./);
    expect((await documentById(t, typed)).status).toBe('INDEXED');
  });
});
