/**
 * npm run bench:ingest — documents end to end: upload over HTTP (multipart, streamed from disk), extraction,
 * passages in Meilisearch, until the last page's words are searchable. Prints pages per second next to
 * `pdftotext` alone on the same files, and the server's peak memory (VmHWM) around a 50 MB upload.
 * The server runs as a child process (bench-server.ts) in a temporary DATA_DIR, removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { type BenchServer, memoryMb, startBenchServer } from './bench-server';
import { makePdf } from '../test/fixtures/sample-documents';

const FILES = Number(process.env.BENCH_FILES ?? 6);
const PAGES = Number(process.env.BENCH_PAGES ?? 150);
const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 50);

const WORDS =
  'participation monitoring indicators council residents equality women children housing water education health budget accountability report charter migrants inclusion safety justice'.split(
    ' ',
  );

function pageText(file: number, page: number): string {
  const words = Array.from({ length: 220 }, (_, i) => WORDS[(file * 31 + page * 7 + i * 13) % WORDS.length]);
  return `File ${file} page ${page + 1}. marker${file}x${page + 1} ${words.join(' ')}.`;
}

async function waitSearchable(server: BenchServer, word: string, timeoutMs = 600000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const data = await server.gql(`query($q: String!) { search(query: $q, types: [PASSAGE], limit: 1) { totalCount } }`, { q: word });
    if (data.search.totalCount > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`"${word}" never became searchable`);
}

async function main(): Promise<void> {
  const server = await startBenchServer('ingest', { MAX_UPLOAD_BYTES: String(60 * 1024 * 1024) });
  const { dir } = server;
  try {
    const files: string[] = [];
    process.stdout.write(`Generating ${FILES} PDFs of ${PAGES} pages and a ${BIG_MB} MB PDF… `);
    for (let f = 0; f < FILES; f++) {
      const path = join(dir, `plan-${f}.pdf`);
      writeFileSync(path, await makePdf(Array.from({ length: PAGES }, (_, p) => pageText(f, p))));
      files.push(path);
    }
    // The large file: 200 text pages plus an incompressible 50 MB attachment (as scanned annexes make plans big).
    const bigPath = join(dir, 'big.pdf');
    const big = await PDFDocument.load(await makePdf(Array.from({ length: 200 }, (_, p) => pageText(99, p))));
    await big.attach(randomBytes(BIG_MB * 1024 * 1024 - 400 * 1024), 'annex.bin', { mimeType: 'application/octet-stream' });
    writeFileSync(bigPath, await big.save({ useObjectStreams: false }));
    console.log('done');

    // Pages per second, end to end.
    const started = Date.now();
    for (const path of files) {
      const res = await server.upload(path);
      if (res.status !== 201) throw new Error(`upload failed: ${JSON.stringify(res.body)}`);
    }
    await waitSearchable(server, `marker${FILES - 1}x${PAGES}`);
    const endToEnd = (Date.now() - started) / 1000;

    let pdftotext: number | null = null;
    try {
      const t0 = Date.now();
      for (const path of files) execFileSync('pdftotext', ['-enc', 'UTF-8', path, join(dir, 'out.txt')]);
      pdftotext = (Date.now() - t0) / 1000;
    } catch {
      pdftotext = null;
    }
    const pages = FILES * PAGES;

    // A small upload behind long ones: a 2-page PDF alone, then right after 3 long documents (300 pages
    // each, with a 3 MB annex as real plans have images): how much later is it read?
    const smallPath = join(dir, 'small.pdf');
    writeFileSync(smallPath, await makePdf([pageText(500, 0), pageText(500, 1)]));
    const longPaths: string[] = [];
    for (let l = 0; l < 3; l++) {
      const long = await PDFDocument.load(await makePdf(Array.from({ length: 300 }, (_, p) => pageText(600 + l, p))));
      await long.attach(randomBytes(3 * 1024 * 1024), 'annex.bin', { mimeType: 'application/octet-stream' });
      longPaths.push(join(dir, `long-${l}.pdf`));
      writeFileSync(longPaths[l], await long.save({ useObjectStreams: false }));
    }
    const timeToRead = async (path: string) => {
      const t0 = Date.now();
      const res = await server.upload(path);
      if (res.status !== 201) throw new Error(`upload failed: ${JSON.stringify(res.body)}`);
      await server.waitStatus(res.body.id);
      return (Date.now() - t0) / 1000;
    };
    const smallAlone = await timeToRead(smallPath);
    const longUploads = Promise.all(longPaths.map((path) => server.upload(path)));
    await new Promise((r) => setTimeout(r, 300)); // the long ones are being read
    writeFileSync(smallPath, await makePdf([pageText(501, 0), pageText(501, 1)])); // other bytes: a new document
    const smallBehind = await timeToRead(smallPath);
    const longIds = (await longUploads).map((r) => r.body.id as string);
    const longStart = Date.now();
    for (const id of longIds) await server.waitStatus(id);
    const longRest = (Date.now() - longStart) / 1000;

    // Memory around the big upload.
    const before = { rss: memoryMb(server.pid, 'VmRSS'), peak: memoryMb(server.pid, 'VmHWM') };
    const t1 = Date.now();
    const res = await server.upload(bigPath);
    const uploadSeconds = (Date.now() - t1) / 1000;
    const afterUpload = memoryMb(server.pid, 'VmHWM');
    const status = res.status === 201 ? await server.waitStatus(res.body.id) : `HTTP ${res.status}`;
    const afterExtraction = memoryMb(server.pid, 'VmHWM');
    const bigMb = Math.round(statSync(bigPath).size / 1048576);

    console.log(`\nIngest benchmark (${FILES} PDFs × ${PAGES} pages = ${pages} pages, text-only; SQLite, embedded Meilisearch, this machine)`);
    console.log(`  end to end (upload → extraction → searchable): ${endToEnd.toFixed(1)} s  = ${(pages / endToEnd).toFixed(0)} pages/s`);
    console.log(
      `  pdftotext alone, same files:                   ${pdftotext === null ? 'not installed' : `${pdftotext.toFixed(1)} s  = ${(pages / pdftotext).toFixed(0)} pages/s`}`,
    );
    console.log(
      `\nA 2-page PDF read alone: ${smallAlone.toFixed(2)} s; uploaded while 3 × 300-page PDFs are read: ${smallBehind.toFixed(2)} s (they needed ${longRest.toFixed(1)} s more)`,
    );
    console.log(`\n${bigMb} MB PDF (200 text pages + incompressible annex): upload ${uploadSeconds.toFixed(1)} s (HTTP ${res.status}), extraction ${status}`);
    console.log(`  server RSS before: ${before.rss} MB (peak so far ${before.peak} MB)`);
    console.log(`  server peak RSS after the upload: ${afterUpload} MB; after its extraction: ${afterExtraction} MB`);
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
