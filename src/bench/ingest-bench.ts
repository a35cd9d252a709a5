/**
 * npm run bench:ingest — documents end to end: upload over HTTP (multipart, streamed from disk), extraction,
 * passages in Meilisearch, until the last page's words are searchable. Prints pages per second next to
 * `pdftotext` alone on the same files, and the server's peak memory (VmHWM) around a 50 MB upload.
 * The server runs as a child process (`node dist/main.js`) in a temporary DATA_DIR, removed afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { makePdf } from './sample-documents';

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

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

let bearer = '';

async function gql(port: number, query: string, variables: object = {}): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = bearer;
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** A multipart upload streamed from disk: the client holds no more of the file in memory than the server does. */
function upload(port: number, path: string, fields: Record<string, string>): Promise<{ status: number; body: any }> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head =
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.split('/').pop()}"\r\nContent-Type: application/pdf\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const length = Buffer.byteLength(head) + statSync(path).size + Buffer.byteLength(tail);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/documents',
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length, authorization: bearer },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(path);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}

async function waitSearchable(port: number, word: string, timeoutMs = 600000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const data = await gql(port, `query($q: String!) { search(query: $q, types: [PASSAGE], limit: 1) { totalCount } }`, { q: word });
    if (data.search.totalCount > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`"${word}" never became searchable`);
}

async function waitStatus(port: number, id: string): Promise<string> {
  for (;;) {
    const data = await gql(port, `query($id: ID!) { document(id: $id) { status failureReason } }`, { id });
    if (['INDEXED', 'FAILED'].includes(data.document.status)) return `${data.document.status}${data.document.failureReason ? `: ${data.document.failureReason}` : ''}`;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-ingest-bench-'));
  const dataDir = join(dir, 'data');
  const port = await freePort();
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

  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    SEED_ON_START: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    NODE_ENV: 'production',
    MAX_UPLOAD_BYTES: String(60 * 1024 * 1024),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    RATE_LIMIT_SIGNED_IN_PER_MINUTE: '0',
    JWT_SECRET: randomBytes(48).toString('base64'),
  };
  // An editor to upload as, made with the command line as a new deployment's first user is.
  const password = randomBytes(18).toString('base64');
  execFileSync(process.execPath, [join(__dirname, '..', 'cli', 'main.js'), 'user:create', '--email', 'bench@example.org', '--role', 'EDITOR'], {
    env: { ...env, USER_PASSWORD: password },
    stdio: 'ignore',
  });
  const child = spawn(process.execPath, [join(__dirname, '..', 'main.js')], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error('the server did not start');
      // Ready, not just up: the first build of the (empty) index is start-up work, not ingestion.
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const session = await gql(port, `mutation($p: String!) { login(email: "bench@example.org", password: $p) { accessToken } }`, { p: password });
    bearer = `Bearer ${session.login.accessToken}`;
    const tool = await gql(port, `mutation { createTool(input: { title: "Benchmark tool", summary: "Documents for the ingest benchmark.", kind: GUIDE }) { id } }`);
    await gql(port, `mutation($id: ID!) { publishTool(id: $id) { id } }`, { id: tool.createTool.id });
    const fields = { recordType: 'TOOL', recordId: tool.createTool.id };
    // Documents are uploaded to a record that is already in the index, as curators do: its own
    // indexing (which re-projects its documents' passages) is not part of what is measured.
    for (let i = 0; (await gql(port, `{ search(query: "Benchmark tool", types: [TOOL]) { totalCount } }`)).search.totalCount === 0; i++) {
      if (i > 600) throw new Error('the benchmark tool never became searchable');
      await new Promise((r) => setTimeout(r, 100));
    }

    // Pages per second, end to end.
    const started = Date.now();
    for (const path of files) {
      const res = await upload(port, path, fields);
      if (res.status !== 201) throw new Error(`upload failed: ${JSON.stringify(res.body)}`);
    }
    await waitSearchable(port, `marker${FILES - 1}x${PAGES}`);
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
      const res = await upload(port, path, fields);
      if (res.status !== 201) throw new Error(`upload failed: ${JSON.stringify(res.body)}`);
      await waitStatus(port, res.body.id);
      return (Date.now() - t0) / 1000;
    };
    const smallAlone = await timeToRead(smallPath);
    const longUploads = Promise.all(longPaths.map((path) => upload(port, path, fields)));
    await new Promise((r) => setTimeout(r, 300)); // the long ones are being read
    writeFileSync(smallPath, await makePdf([pageText(501, 0), pageText(501, 1)])); // other bytes: a new document
    const smallBehind = await timeToRead(smallPath);
    const longIds = (await longUploads).map((r) => r.body.id as string);
    const longStart = Date.now();
    for (const id of longIds) await waitStatus(port, id);
    const longRest = (Date.now() - longStart) / 1000;

    // Memory around the big upload.
    const before = { rss: rssMb(child.pid!), peak: peakRssMb(child.pid!) };
    const t1 = Date.now();
    const res = await upload(port, bigPath, fields);
    const uploadSeconds = (Date.now() - t1) / 1000;
    const afterUpload = peakRssMb(child.pid!);
    const status = res.status === 201 ? await waitStatus(port, res.body.id) : `HTTP ${res.status}`;
    const afterExtraction = peakRssMb(child.pid!);
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
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
