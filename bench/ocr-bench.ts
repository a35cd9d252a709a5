/**
 * npm run bench:ocr — text recognition end to end: a generated 20-page scanned PDF (known text drawn
 * at 150 dpi, slightly skewed, with noise; no text layer) uploaded to the server, until INDEXED.
 * Prints pages per second and the word recall against the known text, with the bundled engine
 * (tesseract.js) and, when installed, Debian's tesseract; then how long a small upload waits while
 * three long scans are being recognised (BENCH_LONG_PAGES pages each).
 */
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tesseractProgramLanguages } from '#app/documents/ocr/ocr-languages';
import { startBenchServer } from './bench-server';
import { makePdf } from '../test/fixtures/sample-documents';
import { makeScannedTextPdf, wordRecall } from '../test/fixtures/scanned-documents';

const PAGES = Number(process.env.BENCH_PAGES ?? 20);
const LONG_PAGES = Number(process.env.BENCH_LONG_PAGES ?? 300);

const SENTENCES = [
  'The city council adopted the local action plan for human rights after a public consultation with residents and associations.',
  'Each measure names the department responsible, its budget and the indicators used to monitor progress every year.',
  'The ombudsperson receives complaints about discrimination in housing, employment and access to public services.',
  'Children and young people took part in workshops on safety in schools, parks and public transport.',
  'An annual report is presented to the municipal assembly and published in plain language and in accessible formats.',
  'Women’s organisations asked for shelters, legal advice and training for the staff of the police and social services.',
  'The plan follows the Sustainable Development Goals, in particular reduced inequalities and peaceful, inclusive cities.',
  'Migrants and refugees are informed of their rights in several languages at the welcome desk of the town hall.',
];

/** About 150 words a page, each page its own order of the sentences and a page marker. */
function pageText(page: number): string {
  const sentences = Array.from({ length: 6 }, (_, i) => SENTENCES[(page * 3 + i * 5) % SENTENCES.length]);
  return `Page ${page + 1}. ${sentences.slice(0, 3).join(' ')}\n\n${sentences.slice(3).join(' ')}`;
}

async function recognitionRun(engine: string, scanPath: string, texts: string[]): Promise<string> {
  const server = await startBenchServer('ocr', { OCR_ENGINE: engine });
  try {
    const started = Date.now();
    const res = await server.upload(scanPath);
    if (res.status !== 201) throw new Error(`upload failed: ${JSON.stringify(res.body)}`);
    const status = await server.waitStatus(res.body.id);
    const seconds = (Date.now() - started) / 1000;
    const doc = (
      await server.gql(`query($id: ID!) { document(id: $id) { extractor recognisedPageCount passages(limit: 100) { items { page text ocrConfidence } } } }`, { id: res.body.id })
    ).document;
    const recalls = texts.map((text, i) =>
      wordRecall(
        text,
        doc.passages.items
          .filter((p: any) => p.page === i + 1)
          .map((p: any) => p.text)
          .join(' '),
      ),
    );
    const confidences = doc.passages.items.map((p: any) => p.ocrConfidence ?? 0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return [
      `  ${engine.padEnd(13)} ${status.slice(0, 60).padEnd(8)} ${seconds.toFixed(1).padStart(6)} s  ${(texts.length / seconds).toFixed(2).padStart(5)} pages/s`,
      `word recall ${(mean(recalls) * 100).toFixed(1)} % (lowest page ${(Math.min(...recalls) * 100).toFixed(1)} %)`,
      `mean confidence ${mean(confidences).toFixed(0)}  (${doc.extractor}, ${doc.recognisedPageCount} pages recognised)`,
    ].join('  ');
  } finally {
    await server.stop();
  }
}

/** How long a small upload takes alone, and while three long scans are being recognised. */
async function queueRun(engine: string): Promise<string> {
  const server = await startBenchServer('ocr-queue', { OCR_ENGINE: engine, MAX_UPLOAD_BYTES: String(200 * 1024 * 1024) });
  try {
    const dir = server.dir;
    process.stdout.write(`Generating a ${LONG_PAGES}-page scan (JPEG pages)… `);
    const long = join(dir, 'long-0.pdf');
    writeFileSync(
      long,
      await makeScannedTextPdf(
        Array.from({ length: LONG_PAGES }, (_, p) => `Register page ${p + 1}. ${SENTENCES[p % SENTENCES.length]}`),
        { heightShare: 0.2, encoding: 'jpeg' },
      ),
    );
    // Three different files (other bytes at the end: a PDF comment), so none is taken for a duplicate.
    for (const n of [1, 2]) {
      copyFileSync(long, join(dir, `long-${n}.pdf`));
      appendFileSync(join(dir, `long-${n}.pdf`), `\n% copy ${n}\n`);
    }
    console.log('done');
    const small = async (n: number) => {
      const path = join(dir, `small-${n}.pdf`);
      writeFileSync(path, await makePdf([`Small typed document ${n}, page one.`, 'Page two.']));
      const t0 = Date.now();
      const res = await server.upload(path);
      await server.waitStatus(res.body.id);
      return (Date.now() - t0) / 1000;
    };
    const alone = await small(1);
    const longIds = [];
    for (const n of [0, 1, 2]) longIds.push((await server.upload(join(dir, `long-${n}.pdf`))).body.id);
    await new Promise((r) => setTimeout(r, 3000)); // the long ones are being recognised
    const behind = await small(2);
    return `  ${engine}: a 2-page typed PDF read alone in ${alone.toFixed(2)} s; while 3 × ${LONG_PAGES}-page scans are recognised: ${behind.toFixed(2)} s`;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  // The engines the service would find: Debian's where `tesseract --list-langs` answers.
  const engines = ['tesseract.js', ...((await tesseractProgramLanguages()) ? ['tesseract'] : [])];
  const texts = Array.from({ length: PAGES }, (_, p) => pageText(p));
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-ocr-bench-'));
  const results: string[] = [];
  const queue: string[] = [];
  try {
    process.stdout.write(`Generating a ${PAGES}-page scanned PDF (150 dpi, 0.7° skew, noise, JPEG pages)… `);
    const scanPath = join(dir, 'scan.pdf');
    writeFileSync(scanPath, await makeScannedTextPdf(texts, { encoding: 'jpeg' }));
    console.log(`${Math.round(statSync(scanPath).size / 1024)} KB`);
    for (const engine of engines) {
      results.push(await recognitionRun(engine, scanPath, texts));
      console.log(results[results.length - 1]);
    }
    for (const engine of engines) {
      queue.push(await queueRun(engine));
      console.log(queue[queue.length - 1]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nOCR benchmark: ${PAGES}-page scanned PDF end to end (upload → recognition → INDEXED; SQLite, embedded Meilisearch, this machine)`);
  for (const line of results) console.log(line);
  if (!engines.includes('tesseract')) console.log('  tesseract      not installed (Debian: apt-get install tesseract-ocr)');
  console.log('\nSmall uploads behind long scans:');
  for (const line of queue) console.log(line);
}

void (async () => {
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
})();
