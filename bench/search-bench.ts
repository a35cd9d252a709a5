/**
 * npm run bench:search — GraphQL `search` next to the same queries sent straight to Meilisearch, over a
 * synthetic collection of 20,000 records, with 16 concurrent clients. Prints p50/p95 latency and throughput.
 * Everything runs on this machine (loopback), in a temporary DATA_DIR that is removed afterwards.
 */
import './production-env';
import 'reflect-metadata';
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import inspector from 'node:inspector';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '#app/app.module';
import { RecordType } from '#app/catalogue/enums';
import { MeiliService } from '#app/search/meili.service';
import { FACETS_OF_FIELD, SearchService } from '#app/search/search.service';
import { SearchArgs } from '#app/search/search.types';
import { RequestContext } from '#app/accounts/request-context';
import { OutboxWorker } from '#app/search/outbox-worker.service';
import { SearchIndexService } from '#app/search/search-index.service';
import { TaxonomyService } from '#app/taxonomy/taxonomy.service';
import { progressBar } from '#app/cli/progress-bar';
import { generate, WORDS } from './bench-data';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 20000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1600);
/** Synthetic document passages next to the records (the 200,000-passage run: BENCH_PASSAGES=200000). */
const PASSAGES = Number(process.env.BENCH_PASSAGES ?? 0);

const QUERIES: { query: string; filter?: Record<string, unknown>; types?: RecordType[] }[] = [
  { query: 'participation' },
  { query: 'particpation' },
  { query: 'monitoring council', filter: { sdgs: [16] } },
  { query: 'women violence', filter: { regions: ['002'] } },
  { query: 'indicators', filter: { themes: ['accountability'] }, types: [RecordType.ACTION_PLAN] },
  { query: '', filter: { regions: ['150'], sdgs: [10] } },
  { query: 'housing water', filter: { yearFrom: 2015 } },
  { query: 'ombudsman' },
  { query: 'disabilty inclusion' },
  { query: 'youth education', types: [RecordType.GOOD_PRACTICE, RecordType.TOOL] },
];

/** A benchmark query as the search page's URL parameters (sdg=5&sdg=16, region=…, type=…). */
function searchPageParams(q: (typeof QUERIES)[number]): URLSearchParams {
  const params = new URLSearchParams();
  if (q.query) params.set('q', q.query);
  const f = (q.filter ?? {}) as { sdgs?: number[]; regions?: string[]; themes?: string[]; yearFrom?: number };
  for (const n of f.sdgs ?? []) params.append('sdg', String(n));
  for (const r of f.regions ?? []) params.append('region', r);
  for (const t of f.themes ?? []) params.append('theme', t);
  if (f.yearFrom) params.set('from', String(f.yearFrom));
  for (const t of q.types ?? []) params.append('type', t);
  return params;
}

/** `count` distinct requests cycling through the query shapes. */
function distinctRequests(count: number): (typeof QUERIES)[number][] {
  return Array.from({ length: count }, (_, i) => {
    const shape = QUERIES[i % QUERIES.length];
    const round = Math.floor(i / QUERIES.length);
    if (shape.query)
      return { ...shape, query: `${shape.query} ${WORDS[round % WORDS.length]}${round >= WORDS.length ? ` ${WORDS[Math.floor(round / WORDS.length) % WORDS.length]}` : ''}` };
    return { ...shape, filter: { ...shape.filter, yearFrom: 1990 + (round % 30), ...(round >= 30 ? { yearTo: 2025 - (round % 7) } : {}) } };
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lrkb-bench-'));
  // A throw-away instance: its JWT secret only has to be valid.
  Object.assign(process.env, { DATA_DIR: dataDir, SEED_ON_START: 'true', NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET: randomUUID() + randomUUID() });
  delete process.env.DATABASE_URL;
  delete process.env.MEILI_HOST;
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  try {
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    console.log(`Synthetic collection: ${RECORDS} records, ${PASSAGES} passages…`);
    await app.get(OutboxWorker).idle(120000);
    await generate(app.get(DataSource), app.get(TaxonomyService), RECORDS, PASSAGES);
    const bar = progressBar(process.stdout);
    await app.get(SearchIndexService).reindex((done, total) => bar('indexing', done, total));

    const meili = app.get(MeiliService);
    const endpoint = meili.embedded!.endpoint!;
    const gqlQuery = `query($q: String!, $f: CatalogueFilter, $t: [SearchHitType!]) { search(query: $q, filter: $f, types: $t, limit: 20) {
      totalCount processingTimeMs items { type id highlightedTitle snippet record { __typename ... on ActionPlan { title year } ... on GoodPractice { title } ... on Tool { title } ... on LocalGovernment { name } } }
      facets { types { value count } themes { value label count } sdgs { value label count } regions { value label count } countries { value label count } years { value count } targetGroups { value count } } } }`;
    // Every request distinct (no cache can carry the figure): each query shape with another extra word,
    // or another year for the browsing shapes.
    const requests = distinctRequests(REQUESTS);
    const graphqlTarget: LoadTarget = {
      url: `http://127.0.0.1:${port}/graphql`,
      headers: {},
      bodies: requests.map((q) => JSON.stringify({ query: gqlQuery, variables: { q: q.query, f: q.filter ?? null, t: q.types ?? null } })),
    };
    // Exactly the Meilisearch request the GraphQL resolver sends for each (built by the same function,
    // as an anonymous visitor: the public index, the normalised query, the same parameters).
    const search = app.get(SearchService);
    const directTarget: LoadTarget = {
      url: `${endpoint.host}/indexes/${meili.indexUid}/search`,
      headers: { authorization: `Bearer ${endpoint.apiKey}` },
      bodies: await Promise.all(
        requests.map((q) =>
          (async () => {
            const args = Object.assign(new SearchArgs(), { query: q.query, types: q.types ?? null, limit: 20, offset: 0 });
            // The benchmark's GraphQL query selects all seven facet fields.
            const request = await search.engineRequest(RequestContext.anonymous(), args, q.filter ?? null, { facets: Object.values(FACETS_OF_FIELD).flat().sort() });
            return JSON.stringify({ q: request.q, ...request.params });
          })(),
        ),
      ),
    };

    // The search page: the same searches as a browser sends them (the URL parameters of /en/search).
    const pageTarget: LoadTarget = {
      url: `http://127.0.0.1:${port}`,
      method: 'GET',
      headers: { accept: 'text/html' },
      bodies: requests.map((q) => `/en/search?${searchPageParams(q).toString()}`),
    };

    const directResult = await load(directTarget);
    const viaGraphql = await profiled(process.env.BENCH_PROFILE, () => load(graphqlTarget));
    const viaPage = await load(pageTarget);
    const rows = [
      ['Meilisearch direct (HTTP)', directResult],
      ['GraphQL search', viaGraphql],
      ['Search page (HTML)', viaPage],
    ] as const;
    console.log(
      `\n${RECORDS} records, ${PASSAGES} passages, ${QUERIES.length} query shapes (with facets and filters), ${new Set(requests.map((r) => JSON.stringify(r))).size} distinct requests, ${CONCURRENCY} concurrent clients, ${REQUESTS} requests each target`,
    );
    console.log('| target | p50 ms | p95 ms | req/s |');
    console.log('|---|---:|---:|---:|');
    for (const [name, r] of rows) console.log(`| ${name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.throughput.toFixed(0)} |`);
    const [direct, gql] = [rows[0][1], rows[1][1]];
    console.log(`\nGraphQL / direct at p50: ${(gql.p50 / direct.p50).toFixed(2)}×   (goal ≤ 1.3×; p95 goal < 50 ms: ${gql.p95 < 50 ? 'met' : 'not met'})`);
    console.log(`Search page / GraphQL at p50: ${(viaPage.p50 / gql.p50).toFixed(2)}× (the page's own rendering on top of the same search)`);

    // One client at a time: the cost of one request with nothing queued before it.
    const single = { concurrency: 1, requests: Math.min(REQUESTS, 400) };
    const one = { direct: await load(directTarget, single), graphql: await load(graphqlTarget, single), page: await load(pageTarget, single) };
    console.log(
      `\n1 client, ${single.requests} requests each: Meilisearch direct p50 ${one.direct.p50.toFixed(1)} ms, GraphQL p50 ${one.graphql.p50.toFixed(1)} ms (${(one.graphql.p50 / one.direct.p50).toFixed(2)}×), search page p50 ${one.page.p50.toFixed(1)} ms`,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** With BENCH_PROFILE=file.cpuprofile, records a CPU profile of the GraphQL phase only. */
async function profiled<T>(path: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!path) return work();
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) => new Promise<any>((resolve, reject) => session.post(method, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.start');
  const result = await work();
  const { profile } = await post('Profiler.stop');
  writeFileSync(path, JSON.stringify(profile));
  session.disconnect();
  return result;
}

interface LoadTarget {
  url: string;
  /** POST (default): `bodies` are request bodies; GET: paths appended to `url`. */
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  bodies: string[];
}

/**
 * Runs REQUESTS requests from CONCURRENCY clients after a warm-up, in a worker thread so that the load
 * generator does not share the server's event loop. Returns latency percentiles and throughput.
 */
function load(target: LoadTarget, shape = { concurrency: CONCURRENCY, requests: REQUESTS }): Promise<{ p50: number; p95: number; throughput: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_GENERATOR, { eval: true, workerData: { ...target, ...shape } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const LOAD_GENERATOR = `
const http = require('node:http');
const { parentPort, workerData: w } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: w.concurrency * 2 });
const get = w.method === 'GET';
// POST: the body is the request; GET: it is the path after w.url.
const post = (body) => new Promise((resolve, reject) => {
  const req = http.request(get ? w.url + body : w.url, get ? { method: 'GET', agent, headers: w.headers } : { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...w.headers } }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      if (res.statusCode !== 200 || (!get && text.includes('"errors"'))) reject(new Error('HTTP ' + res.statusCode + ': ' + text.slice(0, 300)));
      else resolve();
    });
  });
  req.on('error', reject);
  req.end(get ? undefined : body);
});
(async () => {
  for (let i = 0; i < 50; i++) await post(w.bodies[i % w.bodies.length]);
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: w.concurrency }, async () => {
    while (next < w.requests) {
      const i = next++;
      const t0 = performance.now();
      await post(w.bodies[i % w.bodies.length]);
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  parentPort.postMessage({ p50: at(0.5), p95: at(0.95), throughput: latencies.length / seconds });
  agent.destroy();
})().catch((error) => { throw error; });
`;

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
