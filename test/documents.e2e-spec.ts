import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createDeflate } from 'node:zlib';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { makeDocx, makeEncryptedPdf, makeOdt, makePdf, makeScannedPdf, makeZipBombDocx } from './fixtures/sample-documents';
import { startTestApp, TestApp } from './helpers/test-app';
import { hasPdftotext, stagingFiles, waitFor } from './helpers/processes';
import { execSql } from './helpers/sql';
import { factories } from './helpers/factories';
import { RecordType } from '../src/catalogue/enums';

const PHRASE = 'the human rights council monitors the plan every year';
const UPLOAD_LIMIT = 2_000_000;

/** Every stored original under DATA_DIR/files (not the staging area). */
function storedBlobs(dataDir: string): string[] {
  const root = join(dataDir, 'files');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'tmp') walk(path);
      } else out.push(name);
    }
  };
  walk(root);
  return out;
}

const DOCUMENT_FIELDS = 'id filename mediaType byteSize sha256 pageCount language status failureReason title duplicateOf fileUrl indexedAt';

describe('documents: upload, extraction, passages in search (real files, real extractors, real Meilisearch)', () => {
  let t: TestApp;
  let toolId: string;
  let planId: string;
  let draftPlanId: string;

  const upload = (bytes: Buffer, filename: string, fields: Record<string, string> = {}, contentType?: string) => {
    const req = t.http().post('/documents').set('authorization', t.bearer('editor'));
    for (const [k, v] of Object.entries({ recordType: 'TOOL', recordId: toolId, ...fields })) req.field(k, v);
    return req.attach('file', bytes, { filename, contentType: contentType ?? 'application/octet-stream' });
  };
  const documentById = async (id: string) => (await t.gql(`query($id: ID!) { document(id: $id) { ${DOCUMENT_FIELDS} } }`, { id })).data.document;
  const searchPassages = async (query: string, extra = '') => {
    const res = await t.gql(
      `query($q: String!) { search(query: $q, types: [PASSAGE]${extra}) { totalCount items { type id page sectionPath snippet highlightedTitle document { id language } record { ... on Tool { id } ... on ActionPlan { id } } } } }`,
      { q: query },
    );
    expect(res.errors).toBeUndefined();
    return res.data.search as { totalCount: number; items: any[] };
  };
  const uploadAndSettle = async (bytes: Buffer, filename: string, fields: Record<string, string> = {}) => {
    const res = await upload(bytes, filename, fields);
    expect(res.status).toBe(201);
    await t.documentsSettled();
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT), STAGING_SWEEP_MS: '300' } });
    const lg = (await t.gql(`{ localGovernments(limit: 1) { items { id } } }`)).data.localGovernments.items[0].id;
    toolId = (await factories(t).record(RecordType.TOOL, { title: 'Monitoring guide for local plans', year: 2021, summary: 'How cities monitor their plans.' })).id;
    const plan = await t.gql(
      `mutation($lg: ID!) { createActionPlan(input: { title: "Plan with documents", summary: "A plan with uploaded documents.", kind: HUMAN_RIGHTS, lifecycle: ADOPTED, localGovernmentId: $lg, periodStart: 2020 }) { id } }`,
      { lg },
    );
    planId = plan.data.createActionPlan.id;
    await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { id } }`, { id: planId });
    const draft = await t.gql(
      `mutation($lg: ID!) { createActionPlan(input: { title: "Draft plan with a document", summary: "Not yet published.", kind: HUMAN_RIGHTS, lifecycle: IN_PREPARATION, localGovernmentId: $lg }) { id } }`,
      { lg },
    );
    draftPlanId = draft.data.createActionPlan.id;
    await t.documentsSettled(); // the seed collection's own documents
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds a phrase from page 37 of a 40-page PDF with page 37, and serves the original for #page=37', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => `Page ${i + 1} of the Springfield plan. It describes housing, schooling and transport measures for the year ${2000 + i}.`);
    pages[36] = `Chapter 9 Monitoring. Under this plan ${PHRASE} and publishes its findings.`;
    const pdf = await makePdf(pages);
    const res = await upload(pdf, 'springfield-plan.pdf', { recordType: 'ACTION_PLAN', recordId: planId, title: 'Springfield human rights plan' }, 'application/pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'PENDING', mediaType: 'application/pdf', byteSize: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });
    await t.documentsSettled();

    const hits = await searchPassages(PHRASE);
    expect(hits.items[0]).toMatchObject({ type: 'PASSAGE', page: 37, document: { id: res.body.id }, record: { id: planId } });
    expect(hits.items[0].snippet).toContain('<mark>monitors</mark>');

    const doc = await documentById(res.body.id);
    expect(doc).toMatchObject({ status: 'INDEXED', pageCount: 40, language: 'en', filename: 'springfield-plan.pdf', failureReason: null });
    // pdftotext where poppler-utils is installed (CI installs it), pdf.js otherwise.
    const { extractor } = (await t.gql(`query($id: ID!) { document(id: $id) { extractor } }`, { id: res.body.id })).data.document;
    expect(extractor).toBe(hasPdftotext ? 'pdftotext' : 'pdfjs');
    const onPage = await t.gql(`query($id: ID!) { document(id: $id) { passages(page: 37) { totalCount items { page text } } } }`, { id: res.body.id });
    expect(onPage.data.document.passages.items.every((p: any) => p.page === 37)).toBe(true);
    expect(onPage.data.document.passages.items.map((p: any) => p.text).join(' ')).toContain(PHRASE);

    const file = await t
      .http()
      .get(doc.fileUrl)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-length']).toBe(String(pdf.length));
    expect(file.headers['content-disposition']).toMatch(/^inline; filename="springfield-plan.pdf"/);
    expect(Buffer.compare(file.body as Buffer, pdf)).toBe(0);

    const onRecord = await t.gql(`query($id: ID!) { actionPlan(id: $id) { documents { id pageCount } } }`, { id: planId });
    expect(onRecord.data.actionPlan.documents).toEqual([{ id: res.body.id, pageCount: 40 }]);
  });

  it('extracts DOCX, ODT, HTML and a windows-1252 text file, by section with the heading path', async () => {
    const docx = await uploadAndSettle(
      await makeDocx([
        { heading: 'Participation', paragraphs: ['Residents co-wrote the plan.'] },
        { heading: 'Neighbourhood assemblies', level: 2, paragraphs: ['Twelve quarterly assemblies reviewed the budget of the zebrafinch programme.'] },
      ]),
      'plan.docx',
    );
    const odt = await uploadAndSettle(await makeOdt([{ heading: 'Oversight', paragraphs: ['An ombudsperson examines complaints about the kingfisher scheme.'] }]), 'plan.odt');
    const html = await uploadAndSettle(
      Buffer.from(
        '<!DOCTYPE html><html><head><title>x</title><script>var hidden = "nightjar";</script></head><body><h1>Budget</h1><h2>Gender budgeting</h2><p>Each department reports on the sandpiper allocation.</p></body></html>',
      ),
      'page.html',
    );
    const text = await uploadAndSettle(
      iconv.encode("Égalité des élèves : la municipalité finance l'hirondelle éducative dans chaque école du quartier.", 'windows-1252'),
      'note.txt',
    );

    expect((await searchPassages('zebrafinch')).items[0]).toMatchObject({ document: { id: docx }, sectionPath: 'Participation › Neighbourhood assemblies', page: null });
    expect((await searchPassages('kingfisher')).items[0]).toMatchObject({ document: { id: odt }, sectionPath: 'Oversight' });
    expect((await searchPassages('sandpiper')).items[0]).toMatchObject({ document: { id: html }, sectionPath: 'Budget › Gender budgeting' });
    expect((await searchPassages('nightjar')).totalCount).toBe(0); // script content is not text
    const french = await searchPassages('hirondelle');
    expect(french.items[0]).toMatchObject({ document: { id: text, language: 'fr' } });
    expect(french.items[0].snippet).toContain('Égalité des élèves');
    expect((await documentById(docx)).mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await documentById(odt)).mediaType).toBe('application/vnd.oasis.opendocument.text');
  });

  it('finds Arabic and French text by a word in that language', async () => {
    const arabic = await uploadAndSettle(
      Buffer.from('تلتزم البلدية بضمان الحق في السكن اللائق لجميع السكان، وتنشر تقريرا سنويا عن تنفيذ خطة العمل المحلية لحقوق الإنسان في المدينة.'),
      'arabic.txt',
    );
    const french = await uploadAndSettle(
      Buffer.from('# Suivi\n\nLe conseil municipal des droits humains évalue chaque année la mise en œuvre du plan et publie un rapport de suivi.\n'),
      'suivi.md',
    );
    const ar = await searchPassages('السكن');
    expect(ar.items.map((i) => i.document.id)).toContain(arabic);
    expect((await documentById(arabic)).language).toBe('ar');
    const fr = await searchPassages('évalue');
    expect(fr.items[0]).toMatchObject({ document: { id: french, language: 'fr' }, sectionPath: 'Suivi' });
    expect((await documentById(french)).mediaType).toBe('text/markdown');
  });

  it('expands a synonym to what it means, not to words that share its stem, and marks what matched in every passage', async () => {
    // "suivi" (monitoring) and "suivant" (following) share the French stem "suiv".
    const following = await uploadAndSettle(Buffer.from('Le mois suivant, la commission municipale publie son rapport annuel sur le logement des familles.\n'), 'suivant.txt');
    const monitored = await uploadAndSettle(
      Buffer.from('Les indicateurs de suivi du plan local sont publiés chaque année par la ville et discutés avec les habitants.\n'),
      'indicateurs.txt',
    );
    expect((await documentById(following)).language).toBe('fr');
    const monitoring = await searchPassages('monitoring', ', limit: 100');
    expect(monitoring.items.map((i) => i.document.id)).not.toContain(following);
    expect(monitoring.items.map((i) => i.document.id)).toContain(monitored);
    const indicators = await searchPassages('indicateurs de suivi', ', limit: 100');
    expect(indicators.items[0]?.document.id).toBe(monitored);
    expect(indicators.items.map((i) => i.document.id)).not.toContain(following);
    for (const query of ['monitoring', 'indicateurs de suivi', 'suivi', 'surveillance']) {
      const { items } = await searchPassages(query, ', limit: 100');
      for (const hit of items) expect({ query, snippet: hit.snippet }).toEqual({ query, snippet: expect.stringContaining('<mark>') });
    }
  });

  it('stores titles, texts and file names without bidi overrides or zero-width spaces, keeping the joiners words need', async () => {
    // U+202E reverses what follows; U+200B splits a word invisibly; U+200F, U+061C and U+FEFF are marks; U+200C joins Persian "می‌خواهیم".
    const persian = 'می\u200cخواهیم';
    const tool = await factories(t).record(RecordType.TOOL, {
      title: `\ufeffRapport\u202e annuel\u200b du\u200f suivi\u061c ${persian}`,
      summary: `Un résumé\u200b avec\u202a un\u2066 isolat\u2069 et une marque\u200f gardée. ${persian}`,
    });
    const stored = (await t.gql(`query($id: ID!) { tool(id: $id) { title summary } }`, { id: tool.id })).data.tool;
    expect(stored).toEqual({ title: `Rapport annuel du suivi ${persian}`, summary: `Un résumé avec un isolat et une marque\u200f gardée. ${persian}` });

    const renamed = await t.gql(`mutation($id: ID!) { updateTool(id: $id, input: { title: "Guide\\u2067 du\\u200b suivi" }) { title } }`, { id: tool.id });
    expect(renamed.data.updateTool.title).toBe('Guide du suivi');

    const res = await upload(Buffer.from('Un court plan de suivi.'), `rapport\u200f\u061c\u202efdp.txt`, {
      recordId: tool.id,
      title: `Rapport\u200b\u2066 de suivi\u200f ${persian}`,
    });
    expect(res.status).toBe(201);
    const doc = await documentById(res.body.id);
    expect({ filename: doc.filename, title: doc.title }).toEqual({ filename: 'rapportfdp.txt', title: `Rapport de suivi ${persian}` });
  });

  it('sweeps staging files a crash left while it runs, not only at the next start', async () => {
    const staging = join(t.dataDir, 'files', 'tmp');
    mkdirSync(staging, { recursive: true });
    const leftover = join(staging, 'crashed-upload.part');
    const recent = join(staging, 'another-replicas-upload.part');
    writeFileSync(leftover, 'half an upload');
    writeFileSync(recent, 'an upload in progress elsewhere');
    const anHourAgo = new Date(Date.now() - 3600_000);
    utimesSync(leftover, anHourAgo, anHourAgo);
    await waitFor(() => !existsSync(leftover), 'the periodic sweep to remove the old staging file', 15000);
    expect(existsSync(recent)).toBe(true); // younger than 5 minutes: perhaps another replica's upload
    rmSync(recent);
  });

  it('refuses bad uploads with a clear code and keeps nothing', async () => {
    const blobsBefore = storedBlobs(t.dataDir).length;
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(100, 1)]);
    const wrongType = await upload(gif, 'picture.gif', {}, 'image/gif');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detected: 'a GIF image' });

    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(4000, 0)]);
    const renamed = await upload(elf, 'action-plan.pdf', {}, 'application/pdf');
    expect(renamed.status).toBe(415);
    expect(renamed.body.message).toMatch(/Linux executable/);

    const empty = await upload(Buffer.alloc(0), 'empty.pdf');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });

    const missing = await t.http().post('/documents').set('authorization', t.bearer('editor')).field('recordType', 'TOOL').field('recordId', toolId);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });

    const tooLarge = await upload(Buffer.alloc(UPLOAD_LIMIT + 500_000, 0x61), 'huge.txt');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const unknown = await upload(Buffer.from('hello world, a small text'), 'a.txt', { recordId: '6f1c2b8e-9d4a-4c3b-8e2f-1a2b3c4d5e6f' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');

    const badType = await upload(Buffer.from('hello world, a small text'), 'a.txt', { recordType: 'LOCAL_GOVERNMENT' });
    expect(badType.status).toBe(400);
    expect(badType.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recordType' });

    const notMultipart = await t.http().post('/documents').set('authorization', t.bearer('editor')).set('content-type', 'application/json').send({ recordId: toolId });
    expect(notMultipart.status).toBe(400);

    expect(storedBlobs(t.dataDir).length).toBe(blobsBefore);
    expect(stagingFiles(t.dataDir)).toEqual([]);
  });

  it('fails broken and hostile files with their reason while the service keeps serving', async () => {
    const plain = await makePdf(['A short valid page about accessible transport for everyone.']);
    const cases: [string, Buffer, RegExp][] = [
      ['corrupt.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<<'), Buffer.alloc(3000, 0x37)]), /damaged or truncated/],
      ['encrypted.pdf', await makeEncryptedPdf(), /encrypted/],
      // pictures without words: recognised (OCR), and nothing found
      ['scanned.pdf', await makeScannedPdf(3), /no text layer, and text recognition \(OCR, tesseract\.js\) found none/],
      ['truncated.docx', (await makeDocx([{ heading: 'A', paragraphs: ['Some text of the docx.'] }])).subarray(0, 400), /damaged or truncated/],
      ['bomb.docx', await makeZipBombDocx(150), /zip bomb/],
    ];
    const ids: Record<string, string> = {};
    for (const [name, bytes] of cases) {
      const res = await upload(bytes, name);
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
    }
    const valid = await upload(plain, 'valid.pdf');
    await t.documentsSettled();
    for (const [name, , reason] of cases) {
      const doc = await documentById(ids[name]);
      expect({ name, status: doc.status }).toEqual({ name, status: 'FAILED' });
      expect(doc.failureReason).toMatch(reason);
    }
    expect((await documentById(valid.body.id)).status).toBe('INDEXED');
    expect((await t.http().get('/health')).status).toBe(200);

    // retry queues it again; it fails again with the same reason
    const retried = await t.gql(`mutation($id: ID!) { retryDocument(id: $id) { status failureReason } }`, { id: ids['encrypted.pdf'] });
    expect(retried.data.retryDocument).toEqual({ status: 'PENDING', failureReason: null });
    await t.documentsSettled();
    expect((await documentById(ids['encrypted.pdf'])).failureReason).toMatch(/encrypted/);
  });

  it('stores the same bytes once and says which document it repeats', async () => {
    const bytes = Buffer.from('Duplicate detection sample: the ptarmigan report on municipal participation budgets.');
    const first = await upload(bytes, 'first.txt');
    expect(first.status).toBe(201);
    const blobs = storedBlobs(t.dataDir).length;
    const again = await upload(bytes, 'again.txt');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, alreadyAttached: true });
    const elsewhere = await upload(bytes, 'copy.txt', { recordType: 'ACTION_PLAN', recordId: planId });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.duplicateOf).toBe(first.body.id);
    expect(storedBlobs(t.dataDir).length).toBe(blobs);
    await t.documentsSettled();
    const grouped = await searchPassages('ptarmigan', ', group: RECORD');
    expect(grouped.items.map((i) => i.record.id).sort()).toEqual([toolId, planId].sort());
  });

  it("keeps an unpublished record's passages out of public search and downloads until it is published", async () => {
    const id = await uploadAndSettle(Buffer.from('Draft content: the cormorant strategy for shelters.'), 'draft.txt', { recordType: 'ACTION_PLAN', recordId: draftPlanId });
    expect((await searchPassages('cormorant')).totalCount).toBe(0);
    expect(await documentById(id)).toBeNull();
    expect((await t.http().get(`/documents/${id}/file`)).status).toBe(404);

    await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { id } }`, { id: draftPlanId });
    await t.searchSettled();
    expect((await searchPassages('cormorant')).items[0]).toMatchObject({ document: { id } });

    await t.gql(`mutation($id: ID!) { archiveActionPlan(id: $id) { id } }`, { id: draftPlanId });
    await t.searchSettled();
    expect((await searchPassages('cormorant')).totalCount).toBe(0);
  });

  it('renames, and archiving removes the passages from search and the file from downloads', async () => {
    const id = await uploadAndSettle(Buffer.from('The lapwing observatory publishes indicators twice a year.'), 'lapwing.txt');
    const renamed = await t.gql(`mutation($id: ID!) { updateDocument(id: $id, input: { title: "Observatory report", language: "en" }) { title language } }`, { id });
    expect(renamed.data.updateDocument).toEqual({ title: 'Observatory report', language: 'en' });
    await t.searchSettled();
    expect((await searchPassages('lapwing')).items[0].highlightedTitle).toBe('Observatory report');

    const bad = await t.gql(`mutation($id: ID!) { updateDocument(id: $id, input: { language: "english" }) { id } }`, { id });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    await t.gql(`mutation($id: ID!) { archiveDocument(id: $id) { archivedAt } }`, { id });
    await t.searchSettled();
    expect((await searchPassages('lapwing')).totalCount).toBe(0);
    expect((await t.http().get(`/documents/${id}/file`)).status).toBe(404);
  });
});

describe('documents: extraction jobs survive a restart', () => {
  it('a job interrupted by a shutdown or a crash is resumed by the next start', async () => {
    const env = { EXTRACTION_LEASE_MS: '1000', PDF_EXTRACTOR: 'pdfjs' };
    const first = await startTestApp({ env });
    let second: TestApp | undefined;
    try {
      const tool = (await first.gql(`{ tools(limit: 1) { items { id } } }`)).data.tools.items[0].id;
      await first.documentsSettled();
      const pages = Array.from({ length: 300 }, (_, i) => `Page ${i + 1}. The osprey programme covers district ${i} with rights-based services.`);
      const res = await first
        .http()
        .post('/documents')
        .set('authorization', first.bearer('editor'))
        .field('recordType', 'TOOL')
        .field('recordId', tool)
        .attach('file', await makePdf(pages), 'long.pdf');
      expect(res.status).toBe(201);
      await first.close({ keepData: true });
      // What a crash leaves: the job claimed by a process that is gone, its lease lapsed.
      await execSql(
        first.storage,
        `UPDATE document SET status = 'PROCESSING', lease_expires_at = '2000-01-01 00:00:00', indexed_at = NULL, attempts = 1 WHERE id = '${res.body.id}'`,
      );

      second = await startTestApp({ env, reuse: first.storage });
      await second.documentsSettled();
      const doc = (await second.gql(`query($id: ID!) { document(id: $id) { status pageCount indexedAt extractor } }`, { id: res.body.id })).data.document;
      // PDF_EXTRACTOR=pdfjs: the pdf.js path keeps its coverage where pdftotext is installed too.
      expect(doc).toMatchObject({ status: 'INDEXED', pageCount: 300, extractor: 'pdfjs' });
      expect(doc.indexedAt).not.toBeNull();
      const hits = await second.gql(`{ search(query: "osprey district 287", types: [PASSAGE], limit: 1) { items { page } } }`);
      expect(hits.data.search.items[0].page).toBe(288);
    } finally {
      if (second) await second.close();
      else await first.close().catch(() => undefined);
    }
  });
});

/**
 * A PDF of about 1 MB whose page content is a FlateDecode stream of 1 GiB of zeros: inflated, it lives in
 * buffers outside the heap, which the heap limit does not bound. Deflated here chunk by chunk (the test's
 * own memory stays small).
 */
async function zeroBombPdf(): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 1024; i++) if (!deflate.write(zeros)) await once(deflate, 'drain');
  deflate.end();
  await once(deflate, 'end');
  const stream = Buffer.concat(chunks);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  const length = () => parts.reduce((n, p) => n + p.length, 0);
  objects.forEach((body, i) => {
    offsets.push(length());
    parts.push(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`));
  });
  offsets.push(length());
  parts.push(Buffer.from(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream\nendobj\n'));
  const xref = length();
  const entries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${entries}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}

describe('documents: the extraction memory limit bounds buffers too', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { EXTRACTION_MEMORY_MB: '128', PDF_EXTRACTOR: 'pdfjs' } });
  });
  afterAll(() => t?.close());

  it('stops a PDF whose content inflates to a gigabyte, with the memory reason, and keeps serving', async () => {
    const tool = (await factories(t).record(RecordType.TOOL, { title: 'Tool with a hostile PDF' })).id;
    const bomb = await zeroBombPdf();
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const res = await t
      .http()
      .post('/documents')
      .set('authorization', t.bearer('editor'))
      .field('recordType', 'TOOL')
      .field('recordId', tool)
      .attach('file', bomb, { filename: 'zeros.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    await t.documentsSettled();
    const doc = (await t.gql(`query($id: ID!) { document(id: $id) { status failureReason } }`, { id: res.body.id })).data.document;
    expect(doc.status).toBe('FAILED');
    expect(doc.failureReason).toMatch(/more than 512 MB of memory \(resident limit/);
    expect((await t.http().get('/health')).status).toBe(200);
  });
});
