/**
 * npm run bench:load — the service under mixed load, as its users make it: 16 clients for 60 s of
 * lists, record pages, searches, web pages and writes (one operation in ten creates and publishes a
 * tool), on SQLite and then on PostgreSQL. Prints p50/p95 per operation, the errors (the goal: none),
 * and for every acknowledged write whether it is present and how long it took to become searchable
 * (the goal: all of them, within 10 s). Loopback only; the server is `node dist/main.js` in a
 * temporary DATA_DIR (and a temporary PostgreSQL database), removed afterwards.
 *
 * BENCH_CLIENTS (16), BENCH_SECONDS (60), BENCH_DATABASES (sqlite,postgres),
 * BENCH_PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/test).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '#app/search/meili-process';
import { WORDS } from './bench-data';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((d) => d.trim());
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SEARCHABLE_WITHIN_MS = 10000;

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });

interface Answer {
  status: number;
  text: string;
}

function http(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function gql(port: number, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const answer = await http(port, 'POST', '/graphql', JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {});
  const parsed = JSON.parse(answer.text) as { data?: any; errors?: { message: string }[] };
  if (answer.status !== 200 || parsed.errors) throw new Error(`HTTP ${answer.status}: ${parsed.errors?.[0]?.message ?? answer.text.slice(0, 200)}`);
  return parsed.data;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];

interface Write {
  id: string;
  marker: string;
  acknowledgedAt: number;
  searchableAfterMs?: number;
}

async function run(database: 'sqlite' | 'postgres'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-load-bench-'));
  const port = await freePort();
  let databaseName: string | undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: join(dir, 'data'),
    PORT: String(port),
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    SEED_ON_START: 'true',
    JWT_SECRET: randomBytes(48).toString('base64'),
    PUBLIC_URL: 'http://kb.bench',
    // The clients are one address and one user: the limits are not what this measures.
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    RATE_LIMIT_SIGNED_IN_PER_MINUTE: '0',
  };
  delete env.MEILI_HOST;
  delete env.DATABASE_URL;
  if (database === 'postgres') {
    databaseName = `lrkb_load_${randomBytes(5).toString('hex')}`;
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    env.DATABASE_URL = Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${databaseName}` }).toString();
  }
  const password = randomBytes(18).toString('base64');
  execFileSync(process.execPath, [require.resolve('#app/cli/main'), 'user:create', '--email', 'load@bench.example', '--role', 'EDITOR'], {
    env: { ...env, USER_PASSWORD: password },
    stdio: 'ignore',
  });
  const server = spawn(process.execPath, [require.resolve('#app/main')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    process.stdout.write(`\n[${database}] starting the server and loading the seed collection… `);
    for (let i = 0; ; i++) {
      if (i > 1800) throw new Error('the server did not become ready');
      const ready = await http(port, 'GET', '/health/ready').then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const token = (await gql(port, `mutation($p: String!) { login(email: "load@bench.example", password: $p) { accessToken } }`, { p: password })).login.accessToken as string;
    const slugs = ((await gql(port, `{ actionPlans(limit: 100) { items { slug } } }`)).actionPlans.items as { slug: string }[]).map((p) => p.slug);
    console.log(`ready (${slugs.length} plans). ${CLIENTS} clients for ${SECONDS} s…`);

    const timings = new Map<string, number[]>();
    const errors = new Map<string, string[]>();
    const writes: Write[] = [];
    const record = (op: string, ms: number) => (timings.get(op) ?? timings.set(op, []).get(op)!).push(ms);
    const fail = (op: string, error: unknown) => (errors.get(op) ?? errors.set(op, []).get(op)!).push((error as Error).message);
    let n = 0;

    const operations: { name: string; weight: number; run: () => Promise<void> }[] = [
      {
        name: 'list (GraphQL)',
        weight: 30,
        run: () =>
          gql(port, `query($s: [Int!]) { actionPlans(limit: 20, filter: { sdgs: $s }) { totalCount items { title slug localGovernment { name } } } }`, { s: [1 + (n % 17)] }),
      },
      {
        name: 'record (GraphQL)',
        weight: 15,
        run: () => gql(port, `query($s: String) { actionPlan(slug: $s) { title summary themes { name } sdgs { number } } }`, { s: pick(slugs) }),
      },
      {
        name: 'search (GraphQL)',
        weight: 25,
        run: () => gql(port, `query($q: String!) { search(query: $q, limit: 10) { totalCount items { id snippet } } }`, { q: `${pick(WORDS)} ${pick(WORDS)}` }),
      },
      {
        name: 'page (search page)',
        weight: 10,
        run: async () => {
          const page = await http(port, 'GET', `/${pick(['en', 'fr', 'ar'])}/search?q=${encodeURIComponent(pick(WORDS))}`);
          if (page.status !== 200) throw new Error(`HTTP ${page.status}`);
        },
      },
      {
        name: 'page (record page)',
        weight: 10,
        run: () => http(port, 'GET', `/en/plans/${pick(slugs)}`).then((p) => void (p.status !== 200 && Promise.reject(new Error(`HTTP ${p.status}`)))),
      },
      {
        name: 'write (create + publish)',
        weight: 10,
        run: async () => {
          const marker = `loadmark${randomBytes(5).toString('hex')}`;
          const created = await gql(
            port,
            `mutation($i: CreateToolInput!) { createTool(input: $i) { id } }`,
            { i: { title: `Load tool ${marker}`, summary: 'Written by the load benchmark.', kind: 'GUIDE' } },
            token,
          );
          await gql(port, `mutation($id: ID!) { publishTool(id: $id) { id } }`, { id: created.createTool.id }, token);
          writes.push({ id: created.createTool.id as string, marker, acknowledgedAt: Date.now() });
        },
      },
    ];
    const totalWeight = operations.reduce((sum, o) => sum + o.weight, 0);
    const choose = () => {
      let r = Math.random() * totalWeight;
      for (const o of operations) if ((r -= o.weight) < 0) return o;
      return operations[0];
    };

    // While the load runs, a checker notes when each acknowledged write shows in search: one request every
    // 250 ms for the newest tools (a request per write would itself be most of the load).
    let loadOver = false;
    const checker = (async () => {
      for (;;) {
        const pending = writes.filter((w) => w.searchableAfterMs === undefined);
        if (loadOver && (!pending.length || pending.every((w) => Date.now() - w.acknowledgedAt > SEARCHABLE_WITHIN_MS + 5000))) return;
        const newest = await gql(port, `{ search(query: "", types: [TOOL], sort: NEWEST, limit: 100) { items { id } } }`).catch(() => null);
        const ids = new Set(((newest?.search.items ?? []) as { id: string }[]).map((i) => i.id));
        for (const write of pending) if (ids.has(write.id)) write.searchableAfterMs = Date.now() - write.acknowledgedAt;
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < deadline) {
          const op = choose();
          n++;
          const started = performance.now();
          try {
            await op.run();
            record(op.name, performance.now() - started);
          } catch (error) {
            fail(op.name, error);
          }
        }
      }),
    );
    loadOver = true;
    await checker;

    const present = await Promise.all(writes.map(async (w) => !!(await gql(port, `query($id: ID!) { tool(id: $id) { id status } }`, { id: w.id }).catch(() => null))?.tool));
    // Writes the checker missed (out of the newest 100 before it looked): searched one by one, now.
    let searchableLater = 0;
    for (const write of writes.filter((w) => w.searchableAfterMs === undefined)) {
      const found = await gql(port, `query($q: String!) { search(query: $q, types: [TOOL], limit: 1) { totalCount } }`, { q: write.marker }).catch(() => null);
      if (found?.search.totalCount) searchableLater++;
    }
    const lags = writes
      .map((w) => w.searchableAfterMs)
      .filter((v): v is number => v !== undefined)
      .sort((a, b) => a - b);
    const total = [...timings.values()].reduce((sum, t) => sum + t.length, 0);
    const errorCount = [...errors.values()].reduce((sum, e) => sum + e.length, 0);
    console.log(`\nLoad benchmark — ${database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, embedded Meilisearch, ${CLIENTS} clients × ${SECONDS} s (this machine)`);
    console.log(`  ${'operation'.padEnd(26)} ${'count'.padStart(7)} ${'errors'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
    for (const op of operations) {
      const t = (timings.get(op.name) ?? []).sort((a, b) => a - b);
      const e = errors.get(op.name)?.length ?? 0;
      console.log(
        `  ${op.name.padEnd(26)} ${String(t.length).padStart(7)} ${String(e).padStart(7)} ${percentile(t, 50).toFixed(1).padStart(8)} ${percentile(t, 95).toFixed(1).padStart(8)} ${(t.at(-1) ?? NaN).toFixed(0).padStart(8)}`,
      );
    }
    console.log(`  all: ${total} requests in ${SECONDS} s = ${(total / SECONDS).toFixed(0)}/s, errors: ${errorCount}`);
    for (const [op, messages] of errors) console.log(`  errors of ${op}: ${[...new Set(messages)].slice(0, 3).join(' | ')}`);
    console.log(
      `  writes acknowledged: ${writes.length}; present afterwards: ${present.filter(Boolean).length}; searchable within ${SEARCHABLE_WITHIN_MS / 1000} s: ${lags.filter((l) => l <= SEARCHABLE_WITHIN_MS).length}` +
        ` (time to searchable p50 ${percentile(lags, 50).toFixed(0)} ms, p95 ${percentile(lags, 95).toFixed(0)} ms, max ${(lags.at(-1) ?? NaN).toFixed(0)} ms)` +
        (searchableLater ? `; searchable later: ${searchableLater}` : ''),
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    if (databaseName) {
      const admin = new Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

async function main(): Promise<void> {
  for (const database of DATABASES) {
    if (database !== 'sqlite' && database !== 'postgres') throw new Error(`BENCH_DATABASES: sqlite and/or postgres (got "${database}")`);
    await run(database);
  }
  agent.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
