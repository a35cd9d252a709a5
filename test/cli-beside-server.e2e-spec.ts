import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_FILE } from '../src/database/data-source-options';
import { freePort, meiliPaths } from '../src/search/meili-process';
import { makePdf } from './fixtures/sample-documents';
import { percentile, startWriters } from './helpers/busy-writers';
import { TEST_JWT_SECRET, withPostgres } from './helpers/test-app';
import { isAlive, waitFor } from './helpers/processes';

/**
 * The command line beside a busy server on the embedded database: the server (a real `node` process
 * on a fresh DATA_DIR) extracts large PDFs while 8 clients keep creating and publishing records over
 * GraphQL; meanwhile the CLI imports 2,000 rows, creates users and reindexes, in the same SQLite file
 * (with DATABASE_URL: in a fresh PostgreSQL database, where the CLI is one more client). Every CLI
 * run must succeed, every server write too, and the counts must add up.
 */

const ROOT = join(__dirname, '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];
const IMPORT_ROWS = 2000;
const CLI_USERS = 4;
const WRITERS = 8;
const PASSWORD = 'beside-the-busy-server';

describe(`the command line beside a busy server (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-cli-busy-'));
  const dataDir = join(dir, 'data');
  const spawned: ChildProcess[] = [];
  let port = 0;
  const adminUrl = process.env.DATABASE_URL;
  const databaseName = `lrkb_cli_${randomBytes(6).toString('hex')}`;
  let databaseUrl: string | undefined;

  const env = () => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MEILI_') && k !== 'DATABASE_URL'));
    return {
      ...base,
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PORT: String(port),
      NODE_ENV: 'production',
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_ON_START: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
      RATE_LIMIT_SIGNED_IN_PER_MINUTE: '0',
      EXTRACTION_CONCURRENCY: '1',
    };
  };

  /** Runs the command line as an operator does, to its end. */
  const cli = (args: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [...TS_NODE, join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
      cwd: ROOT,
      env: { ...env(), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    spawned.push(child);
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    return new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  };

  let bearer = '';
  const gql = async (query: string, variables: object = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
    if (body.errors) throw new Error(`${res.status}: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data;
  };

  afterAll(async () => {
    // Every process this test started: the CLI runs, the server, and the engine the server started.
    const engine = existsSync(meiliPaths(dataDir).endpoint) ? (JSON.parse(readFileSync(meiliPaths(dataDir).endpoint, 'utf8')) as { pid: number }).pid : undefined;
    for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(spawned.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once('exit', r)) : Promise.resolve())));
    if (engine && isAlive(engine)) process.kill(engine, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    if (databaseUrl) await withPostgres(adminUrl!, (c) => c.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
  });

  /** A count straight from the database the server and the CLI share. */
  const count = async (sql: string): Promise<number> => {
    if (databaseUrl) return Number((await withPostgres(databaseUrl, (c) => c.query<{ n: string }>(sql))).rows[0].n);
    const db = new Database(join(dataDir, SQLITE_FILE), { readonly: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it(`imports ${IMPORT_ROWS} rows, creates users and reindexes while the server extracts and ${WRITERS} clients write`, async () => {
    port = await freePort();
    if (adminUrl) {
      await withPostgres(adminUrl, (c) => c.query(`CREATE DATABASE ${databaseName}`));
      const url = new URL(adminUrl);
      url.pathname = `/${databaseName}`;
      databaseUrl = url.toString();
    }
    const server = spawn(process.execPath, [...TS_NODE, join(ROOT, 'src', 'main.ts')], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(server);
    let serverOutput = '';
    server.stdout.on('data', (c) => (serverOutput += c));
    server.stderr.on('data', (c) => (serverOutput += c));
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      `the server to be ready (${serverOutput})`,
      120000,
    );

    // The editor the clients write as, made by the command line beside the running server.
    const editor = await cli(['user:create', '--email', 'writer@busy.example', '--role', 'EDITOR'], { USER_PASSWORD: PASSWORD });
    expect(editor).toMatchObject({ code: 0 });
    bearer = `Bearer ${(await gql(`mutation($p: String!) { login(email: "writer@busy.example", password: $p) { accessToken } }`, { p: PASSWORD })).login.accessToken}`;

    // Large PDFs to extract: each ends in one transaction writing thousands of passages.
    const holder = (await gql(`mutation { createTool(input: { title: "Holder of large documents", summary: "Large PDFs.", kind: GUIDE }) { id } }`)).createTool.id as string;
    const page = (n: number) => `Page ${n} of a long local action plan on housing, participation and non-discrimination. `.repeat(30);
    const documentIds: string[] = [];
    for (let d = 0; d < 2; d++) {
      const pdf = await makePdf(Array.from({ length: 600 }, (_, n) => `${page(n)} Volume ${d}.`));
      const form = new FormData();
      form.append('recordType', 'TOOL');
      form.append('recordId', holder);
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), `volume-${d}.pdf`);
      const res = await fetch(`http://127.0.0.1:${port}/documents`, { method: 'POST', headers: { authorization: bearer }, body: form });
      expect(res.status).toBe(201);
      documentIds.push(((await res.json()) as { id: string }).id);
    }

    // The writers: create and publish records until the command line is done.
    const writers = startWriters(gql, WRITERS, 'Writer tool');

    // Meanwhile, the command line: a 2,000-row import; beside it users one after the other, then a reindex.
    const csv = join(dir, 'tools.csv');
    writeFileSync(
      csv,
      [
        'title,kind,summary,year,publisher',
        ...Array.from({ length: IMPORT_ROWS }, (_, i) => `Imported beside the server ${i},GUIDE,Row ${i} of the import.,2024,Busy network`),
      ].join('\n'),
    );
    const report = join(dir, 'report.csv');
    const importStarted = Date.now();
    const importing = cli(['import', csv, '--type', 'tools', '--as', 'writer@busy.example', '--report', report]);
    const others = (async () => {
      const outcomes = [];
      for (let u = 0; u < CLI_USERS; u++) outcomes.push(await cli(['user:create', '--email', `cli-${u}@busy.example`, '--role', 'CURATOR'], { USER_PASSWORD: PASSWORD }));
      // And a rebuild of the search index (into the server's engine) while all that goes on.
      outcomes.push(await cli(['reindex']));
      return outcomes;
    })();
    const [imported, commands] = await Promise.all([importing.then((outcome) => ({ ...outcome, seconds: (Date.now() - importStarted) / 1000 })), others]);
    const { written, errors, latencies } = await writers.stop();

    // Every run exits 0 (else its output is what the failure shows).
    const exitOf = (outcome: { code: number | null; output: string }) => (outcome.code === 0 ? 'exit 0' : `exit ${outcome.code}: ${outcome.output.slice(-1500)}`);
    expect([imported, ...commands].map(exitOf)).toEqual([imported, ...commands].map(() => 'exit 0'));
    expect(imported.output).toContain(`Imported: ${IMPORT_ROWS} created, 0 updated, 0 unchanged, 0 with errors.`);
    expect(commands.at(-1)!.output).toMatch(/Reindexed \d+ records/);
    expect(errors).toEqual([]);
    expect(written).toBeGreaterThan(0);

    // The documents were extracted and saved beside it all.
    for (const id of documentIds)
      await waitFor(
        async () => ['INDEXED', 'FAILED'].includes((await gql(`query($id: ID!) { document(id: $id) { status } }`, { id })).document.status),
        `document ${id} to be extracted`,
        120000,
      );
    for (const id of documentIds)
      expect((await gql(`query($id: ID!) { document(id: $id) { status failureReason } }`, { id })).document).toEqual({ status: 'INDEXED', failureReason: null });

    // The counts in the database add up.
    expect(await count(`SELECT count(*) AS n FROM tool WHERE title LIKE 'Imported beside the server %'`)).toBe(IMPORT_ROWS);
    expect(await count(`SELECT count(*) AS n FROM tool WHERE title LIKE 'Writer tool %' AND status = 'PUBLISHED'`)).toBe(written);
    expect(await count(`SELECT count(*) AS n FROM app_user WHERE email LIKE 'cli-%@busy.example'`)).toBe(CLI_USERS);
    expect(serverOutput).not.toMatch(/database is locked|SQLITE_BUSY/);
    console.log(
      `import: ${imported.seconds.toFixed(1)} s; ${written} records written and published by ${WRITERS} clients beside the CLI; create and publish p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms`,
    );
  }, 600000);
});
