import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { RecordType } from '../src/catalogue/enums';
import { OutboxEntry } from '../src/common/outbox/outbox-entry.entity';
import { Document } from '../src/documents/document.entity';
import { makeSlowPdf } from './fixtures/sample-documents';
import { MeiliService } from '../src/search/meili.service';
import { factories } from './helpers/factories';
import { hasPdftotext, waitFor } from './helpers/processes';
import { requestFrom } from './helpers/http';
import { onlyError, startTestApp, TestApp } from './helpers/test-app';

/**
 * Operations: request rate limits (429 in each path's own shape), /metrics behind its token, poison
 * rows parked while the rest goes on (an unreachable engine never counts), and small uploads never
 * queued behind a long extraction. Real app, real engine, real extraction processes.
 */

const graphql = (port: number, query: string, options: { from?: string; bearer?: string } = {}) =>
  requestFrom(port, '/graphql', {
    method: 'POST',
    body: JSON.stringify({ query }),
    from: options.from,
    headers: { 'content-type': 'application/json', ...(options.bearer ? { authorization: options.bearer } : {}) },
  });

describe('request rate limits', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ seed: false, env: { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '4', RATE_LIMIT_SIGNED_IN_PER_MINUTE: '6', METRICS_TOKEN: 'metrics-token-for-the-test' } });
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  it('answer 429 with Retry-After once an address passes its limit: GraphQL as GraphQL, REST as JSON, pages as a page', async () => {
    for (let i = 0; i < 4; i++) expect((await graphql(port, '{ __typename }')).status).toBe(200);
    const refused = await graphql(port, '{ __typename }');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = JSON.parse(refused.text) as { errors: { message: string; extensions: { code: string; retryAfterSeconds: number } }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: retryAfter });
    expect(body.errors[0].message).toContain('per address');

    const rest = await requestFrom(port, '/export/tools.csv');
    expect(rest.status).toBe(429);
    expect(rest.headers['retry-after']).toEqual(expect.any(String));
    expect(JSON.parse(rest.text)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });

    const page = await requestFrom(port, '/fr/');
    expect(page.status).toBe(429);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Trop de requêtes');
    expect(page.text).toContain('lang="fr"');

    // Probes are never counted; another address has its own count.
    expect((await requestFrom(port, '/health')).status).toBe(200);
    expect((await graphql(port, '{ __typename }', { from: '127.0.0.2' })).status).toBe(200);
  });

  it('count signed-in clients per user, apart from their address', async () => {
    const editor = t.bearer('editor');
    for (let i = 0; i < 6; i++) expect((await graphql(port, '{ me { email } }', { bearer: editor })).status).toBe(200);
    const refused = await graphql(port, '{ me { email } }', { bearer: editor });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).errors[0].message).toContain('per user');
    // Another user from the same address is another client.
    expect((await graphql(port, '{ me { email } }', { bearer: t.bearer('admin') })).status).toBe(200);

    const metrics = await requestFrom(port, '/metrics', { headers: { authorization: 'Bearer metrics-token-for-the-test' } });
    expect(metrics.text).toMatch(/lrkb_rate_limited_requests_total\{client="signed-in"\} 1\b/);
    expect(Number(/lrkb_rate_limited_requests_total\{client="anonymous"\} (\d+)/.exec(metrics.text)?.[1])).toBeGreaterThanOrEqual(3);
  });

  it('guards /metrics with METRICS_TOKEN, checked before any account token', async () => {
    expect((await requestFrom(port, '/metrics')).status).toBe(401);
    expect((await requestFrom(port, '/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    // An account's token is not the metrics token, even an admin's.
    expect((await requestFrom(port, '/metrics', { headers: { authorization: t.bearer('admin') } })).status).toBe(401);
    const ok = await requestFrom(port, '/metrics', { headers: { authorization: 'Bearer metrics-token-for-the-test' } });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toContain('text/plain');
  });
});

describe('poison rows, metrics and a fair extraction queue', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let toolId: string;
  const scrape = async () => (await t.http().get('/metrics').expect(200)).text;
  const searchCount = async (q: string) => (await t.gql(`query($q: String!) { search(query: $q, types: [TOOL, PASSAGE]) { totalCount } }`, { q })).data.search.totalCount as number;
  const upload = (bytes: Buffer, filename: string) =>
    t.http().post('/documents').set('authorization', t.bearer('editor')).field('recordType', 'TOOL').field('recordId', toolId).attach('file', bytes, { filename });
  const documentOf = (id: string) => dataSource.getRepository(Document).findOneByOrFail({ id });

  beforeAll(async () => {
    // One extraction at a time (plus the slot for small files); few attempts and short leases, so poison is parked quickly.
    t = await startTestApp({
      seed: false,
      env: { METRICS_TOKEN: '', OUTBOX_MAX_ATTEMPTS: '2', EXTRACTION_MAX_ATTEMPTS: '2', EXTRACTION_LEASE_MS: '600', EXTRACTION_CONCURRENCY: '1', EXTRACTION_TIMEOUT_MS: '15000' },
    });
    dataSource = t.app.get(DataSource);
    toolId = (await factories(t).record(RecordType.TOOL, { title: 'Tool holding the operations documents' })).id;
  });
  afterAll(() => t?.close());

  it('parks an outbox row the index keeps refusing, while the changes behind it reach the index; an admin lists and retries it', async () => {
    const repo = dataSource.getRepository(OutboxEntry);
    // A row this version cannot apply (as one written by a newer version would be), ahead of everything else.
    const now = new Date();
    const poison = await repo.save(
      repo.create({ recordType: 'NO_SUCH_TYPE', recordId: 'written-by-a-newer-version', enqueuedAt: now, nextAttemptAt: now, attempts: 0, lastError: null, parkedAt: null }),
    );
    await factories(t).record(RecordType.TOOL, { title: 'Heliotrope accountability toolkit' });
    await waitFor(async () => (await searchCount('heliotrope')) === 1, 'the tool behind the poison row to be searchable', 20000);

    // Parked while the others succeed: other changes keep going in meanwhile.
    const parkedWhileOthersGoIn = (what: string) =>
      waitFor(
        async () => {
          await factories(t).record(RecordType.TOOL, { title: 'Another change behind the poison row' });
          await new Promise((r) => setTimeout(r, 1000));
          return !!(await repo.findOneByOrFail({ id: poison.id })).parkedAt;
        },
        what,
        40000,
      );
    await parkedWhileOthersGoIn('the poison row to be parked');
    const parked = await repo.findOneByOrFail({ id: poison.id });
    expect(parked.attempts).toBe(2);
    expect(parked.lastError).toContain('unknown record type "NO_SUCH_TYPE"');
    await t.searchSettled(); // parked rows are not waited for

    const list = `{ parkedJobs { queue id recordType recordId attempts lastError parkedAt } }`;
    expect(onlyError(await t.gql(list, {}, { as: 'editor' })).extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.gql(list, {}, { as: 'admin' })).data.parkedJobs).toEqual([
      {
        queue: 'SEARCH_INDEX',
        id: String(poison.id),
        recordType: 'NO_SUCH_TYPE',
        recordId: 'written-by-a-newer-version',
        attempts: 2,
        lastError: expect.stringContaining('unknown record type'),
        parkedAt: expect.any(String),
      },
    ]);
    expect(await scrape()).toMatch(/lrkb_parked_search_outbox_rows 1\b/);

    const retry = `mutation($id: ID!) { retryParkedJob(queue: SEARCH_INDEX, id: $id) { id attempts parkedAt } }`;
    expect(onlyError(await t.gql(retry, { id: '999999' }, { as: 'admin' })).extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.gql(retry, { id: String(poison.id) }, { as: 'admin' })).data.retryParkedJob).toEqual({ id: String(poison.id), attempts: 0, parkedAt: null });
    expect((await repo.findOneByOrFail({ id: poison.id })).parkedAt).toBeNull();
    // Still poison: parked again after its attempts, counted afresh while other changes keep going in.
    await parkedWhileOthersGoIn('the retried row to be parked again');
    await repo.delete({ id: poison.id });
  });

  it('never counts an unreachable engine against a row: everything waits, then converges', async () => {
    const engine = t.app.get(MeiliService).embedded;
    if (!engine) return; // an external engine (MEILI_HOST) cannot be stopped from here; CI runs the embedded one
    await engine.stop();
    try {
      await factories(t).record(RecordType.TOOL, { title: 'Marigold participation charter' });
      const repo = dataSource.getRepository(OutboxEntry);
      // Several drains fail meanwhile (one a second): more than OUTBOX_MAX_ATTEMPTS, none counted.
      await new Promise((r) => setTimeout(r, 4000));
      const waiting = await repo.find();
      expect(waiting.length).toBeGreaterThan(0);
      for (const row of waiting) expect({ ...row, lastError: row.lastError?.slice(0, 300) }).toMatchObject({ attempts: 0, parkedAt: null });
      expect(Number(/lrkb_search_outbox_failures_total\{reason="unreachable"\} (\d+)/.exec(await scrape())?.[1])).toBeGreaterThanOrEqual(2);
    } finally {
      await engine.start();
    }
    await waitFor(async () => (await searchCount('marigold')) === 1, 'the change made during the outage to be searchable', 30000);
  });

  it('notices the engine is back within a second or two and applies what waited, however long the back-off had grown', async () => {
    const engine = t.app.get(MeiliService).embedded;
    if (!engine) return; // an external engine (MEILI_HOST) cannot be stopped from here
    const repo = dataSource.getRepository(OutboxEntry);
    const dueIn = async () => Math.min(...(await repo.find()).map((row) => new Date(row.nextAttemptAt).getTime())) - Date.now();
    await engine.stop();
    let backAt: number;
    let retryWasDueIn: number;
    try {
      await factories(t).record(RecordType.TOOL, { title: 'Hollyhock accessibility audit' });
      // Drains fail one after another (1 s, 2 s, 4 s, 8 s, 16 s… apart): every waiting row's back-off grows past 12 s.
      await waitFor(async () => (await dueIn()) > 12000, 'the back-off of every waiting row to grow past 12 s', 60000);
    } finally {
      await engine.start();
      backAt = Date.now();
      retryWasDueIn = await dueIn();
    }
    // The old worker waited out the back-off (here over 10 s) before trying again; this one asks the engine's
    // health meanwhile and applies the change long before (a second or two; the margin is for a loaded machine).
    expect(retryWasDueIn).toBeGreaterThan(10000);
    await waitFor(async () => (await searchCount('hollyhock')) === 1, 'the change made during the outage to be searchable', 30000);
    expect(Date.now() - backAt).toBeLessThan(retryWasDueIn - 3000);
  });

  it('parks an extraction job whose results keep being refused, while other uploads are read; an admin retries it', async () => {
    // The database refuses this document's passages (a trigger): what a job that keeps failing looks like.
    const marker = 'poisonousmarkerword';
    if (t.engine === 'postgres') {
      await dataSource.query(
        `CREATE FUNCTION refuse_marked_passages() RETURNS trigger AS $$ BEGIN IF NEW.text LIKE '%${marker}%' THEN RAISE EXCEPTION 'passages refused by the test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await dataSource.query(`CREATE TRIGGER refuse_passages BEFORE INSERT ON document_passage FOR EACH ROW EXECUTE FUNCTION refuse_marked_passages()`);
    } else {
      await dataSource.query(
        `CREATE TRIGGER refuse_passages BEFORE INSERT ON document_passage WHEN NEW.text LIKE '%${marker}%' BEGIN SELECT RAISE(ABORT, 'passages refused by the test trigger'); END`,
      );
    }
    const bad = (await upload(Buffer.from(`A plan whose passages the database refuses: ${marker}.`), 'refused.txt').expect(201)).body.id as string;
    const good = (await upload(Buffer.from('An ordinary plan about zinnia gardens and water for everyone.'), 'ordinary.txt').expect(201)).body.id as string;

    await waitFor(async () => (await documentOf(good)).status === 'INDEXED', 'the ordinary upload to be read', 30000);
    await waitFor(async () => !!(await documentOf(bad)).parkedAt, 'the refused upload to be parked', 30000);
    const parked = await documentOf(bad);
    expect(parked).toMatchObject({ status: 'FAILED', attempts: 2 });
    expect(parked.failureReason).toContain('passages refused by the test trigger');
    expect((await t.gql(`{ parkedJobs { queue id attempts } }`, {}, { as: 'admin' })).data.parkedJobs).toEqual([{ queue: 'EXTRACTION', id: bad, attempts: 2 }]);
    expect(await scrape()).toMatch(/lrkb_parked_extraction_jobs 1\b/);

    // The cause fixed, the admin retries it: read, and no longer parked.
    await dataSource.query(t.engine === 'postgres' ? 'DROP TRIGGER refuse_passages ON document_passage' : 'DROP TRIGGER refuse_passages');
    const retried = await t.gql(`mutation($id: ID!) { retryParkedJob(queue: EXTRACTION, id: $id) { id parkedAt } }`, { id: bad }, { as: 'admin' });
    expect(retried.data.retryParkedJob).toEqual({ id: bad, parkedAt: null });
    await waitFor(async () => (await documentOf(bad)).status === 'INDEXED', 'the retried upload to be read', 30000);
    expect((await documentOf(bad)).parkedAt).toBeNull();
    await t.documentsSettled();
    expect(await searchCount(marker)).toBe(1);
  });

  (hasPdftotext || process.env.CI ? it : it.skip)('reads a small upload while a long extraction runs (one worker configured)', async () => {
    // ~25 s of pdftotext (cut at the 15 s time limit), then a two-line text file.
    const slow = (await upload(makeSlowPdf(40), 'long-scan.pdf').expect(201)).body.id as string;
    await waitFor(async () => (await documentOf(slow)).status === 'PROCESSING', 'the long extraction to start', 15000);
    const started = Date.now();
    const small = (await upload(Buffer.from('Two lines about the asphodel housing charter.\nThat is all.'), 'small.txt').expect(201)).body.id as string;
    await waitFor(async () => (await documentOf(small)).status === 'INDEXED', 'the small upload to be read', 12000);
    const waited = Date.now() - started;
    expect((await documentOf(slow)).status).toBe('PROCESSING'); // it did not wait for the long one
    expect(waited).toBeLessThan(12000);
    const metrics = await scrape();
    expect(metrics).toMatch(/lrkb_extraction_queue_depth\{status="PROCESSING"\} 1\b/);
    expect(metrics).toMatch(/lrkb_extraction_duration_seconds_count\{outcome="indexed"\} [1-9]/);
    await waitFor(async () => (await documentOf(slow)).status === 'FAILED', 'the long extraction to reach its time limit', 30000);
  });

  it('exports request, GraphQL, search and queue metrics in Prometheus format', async () => {
    await t.gql(`query SearchForMetrics { search(query: "zinnia") { totalCount } }`);
    await t.http().get('/en/search?q=zinnia').expect(200);
    const text = await scrape();
    expect(text).toMatch(/lrkb_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} \d+/);
    expect(text).toMatch(/lrkb_http_request_duration_seconds_count\{method="GET",route="\/:lang\/search",status="200"\} 1\b/);
    expect(text).toMatch(/lrkb_graphql_operation_duration_seconds_count\{operation="SearchForMetrics",type="query",outcome="ok"\} 1\b/);
    expect(Number(/lrkb_search_duration_seconds_count\{outcome="ok"\} (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/lrkb_search_outbox_depth \d+/);
    expect(text).toMatch(/lrkb_search_outbox_lag_seconds \d/);
    expect(Number(/lrkb_documents\{status="INDEXED"\} (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/lrkb_extraction_queue_depth\{status="PENDING"\} 0\b/);
    expect(text).toMatch(/lrkb_process_resident_memory_bytes \d+/);
  });
});
