import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedMeili, freePort, MeiliEndpoint } from '../src/search/meili-process';
import { requestFrom } from './helpers/http';
import { TEST_JWT_SECRET, withPostgres } from './helpers/test-app';
import { waitFor } from './helpers/processes';

/**
 * Two replicas as an operator runs them: two `node` processes, each with its own DATA_DIR, on one
 * PostgreSQL, one Meilisearch, one Redis and one shared FILES_DIR. Sessions work on either; sign-in
 * throttling and rate limits count across both; writes on both end up in the index exactly as in the
 * database; every upload is extracted once. Runs against this machine's PostgreSQL and Redis
 * (TEST_ADMIN_DATABASE_URL / DATABASE_URL, REDIS_URL, or their local defaults) in both CI passes.
 */

const ROOT = join(__dirname, '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'replica-admin-password';

const withAdmin = <T>(work: (c: Client) => Promise<T>): Promise<T> => withPostgres(ADMIN_URL, work);

describe('two replicas on one PostgreSQL, Meilisearch, Redis and files folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'lrkb-replicas-'));
  const database = `lrkb_replicas_${randomBytes(5).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${database}` }).toString();
  const engine = new EmbeddedMeili(join(root, 'engine'), undefined);
  const started: ChildProcess[] = [];
  let endpoint: MeiliEndpoint;
  let replicas: { port: number; output: () => string }[] = [];

  const env = (name: string, port: number) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MEILI_') && k !== 'DATABASE_URL'));
    return {
      ...base,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATA_DIR: join(root, name),
      FILES_DIR: join(root, 'shared-files'),
      DATABASE_URL: databaseUrl,
      MEILI_HOST: endpoint.host,
      MEILI_API_KEY: endpoint.apiKey,
      MEILI_INDEX: `replicas_${database}`,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${database}:`, // this test's keys, apart from anything else in the Redis
      JWT_SECRET: TEST_JWT_SECRET,
      PUBLIC_URL: 'http://kb.test',
      SEED_ON_START: 'true',
      LOGIN_ATTEMPTS_PER_MINUTE: '4',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '40',
      RATE_LIMIT_SIGNED_IN_PER_MINUTE: '0',
      EXTRACTION_CONCURRENCY: '2',
    };
  };
  const startReplica = async (name: string) => {
    const port = await freePort();
    const child = spawn(process.execPath, [...TS_NODE, join(ROOT, 'src', 'main.ts')], { cwd: ROOT, env: env(name, port), stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let output = '';
    child.stdout.on('data', (c) => (output = (output + c).slice(-20000)));
    child.stderr.on('data', (c) => (output = (output + c).slice(-20000)));
    return { port, output: () => output };
  };
  const url = (i: number, path: string) => `http://127.0.0.1:${replicas[i].port}${path}`;
  /**
   * A GraphQL request to replica i from a loopback address of the test's choosing: anonymous clients
   * are counted per address, so polling (127.0.1.x) does not use up what the rate-limit test (127.0.0.4)
   * and the sign-in test (127.0.0.1) count.
   */
  const gql = async (i: number, query: string, variables: Record<string, unknown> = {}, token?: string, from = '127.0.0.1') => {
    const answer = await requestFrom(replicas[i].port, '/graphql', {
      method: 'POST',
      body: JSON.stringify({ query, variables }),
      from,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    return { status: answer.status, body: JSON.parse(answer.text) as { data?: any; errors?: { message: string; extensions: { code: string } }[] } };
  };
  // Polls come from a rotating range of addresses, each well under the anonymous limit however long they wait.
  let polls = 0;
  const polling = () => `127.0.1.${1 + (polls++ % 250)}`;
  const login = (i: number, password: string) => gql(i, `mutation($p: String!) { login(email: "admin@replicas.test", password: $p) { accessToken } }`, { p: password });

  beforeAll(async () => {
    await withAdmin((c) => c.query(`CREATE DATABASE ${database}`));
    endpoint = await engine.start();
    // Both start at once on the empty database: migrations and the first seeding run once, one after the other.
    replicas = await Promise.all([startReplica('replica-a'), startReplica('replica-b')]);
    for (const [i, replica] of replicas.entries()) {
      await waitFor(
        async () => {
          try {
            return (await fetch(url(i, '/health/ready'))).status === 200;
          } catch {
            return false;
          }
        },
        `replica ${i} to be ready (${replica.output()})`,
        180000,
      );
    }
    // The first admin, made with the command line as an operator does, beside the running replicas.
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        [...TS_NODE, join(ROOT, 'src', 'cli', 'main.ts'), 'user:create', '--email', 'admin@replicas.test', '--role', 'ADMIN'],
        { cwd: ROOT, env: { ...env('cli', 0), USER_PASSWORD: PASSWORD } },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve()),
      ),
    );
  }, 300000);

  afterAll(async () => {
    // Every process this test started: the replicas (SIGTERM, then SIGKILL) and the engine.
    await Promise.all(
      started.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await engine.stop();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }, 60000);

  it('seeded the empty database once, though both started on it together', async () => {
    const counts = await withPostgres(databaseUrl, async (c) => {
      const migrations = await c.query(`SELECT name, COUNT(*)::int AS n FROM migrations GROUP BY name HAVING COUNT(*) > 1`);
      const places = await c.query(`SELECT COUNT(*)::int AS n, COUNT(DISTINCT slug)::int AS distinct_slugs FROM local_government`);
      return { duplicatedMigrations: migrations.rows.length, places: places.rows[0] as { n: number; distinct_slugs: number } };
    });
    expect(counts.duplicatedMigrations).toBe(0);
    expect(counts.places.n).toBeGreaterThan(0);
    expect(counts.places.n).toBe(counts.places.distinct_slugs);
    const health = (await (await fetch(url(1, '/health'))).json()) as { counters: unknown };
    expect(health.counters).toEqual({ store: 'redis', status: 'up' });
    const a = (await gql(0, `{ localGovernments(limit: 0) { totalCount } }`, {}, undefined, polling())).body.data.localGovernments.totalCount;
    expect((await gql(1, `{ localGovernments(limit: 0) { totalCount } }`, {}, undefined, polling())).body.data.localGovernments.totalCount).toBe(a);
  });

  it('keeps a browser session signed in on either replica', async () => {
    const form = await fetch(url(0, '/en/login'));
    const jar = new Map<string, string>();
    const keep = (res: Response) => {
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    };
    const cookies = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    keep(form);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const signIn = await fetch(url(0, '/en/login'), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies() },
      body: new URLSearchParams({ _csrf: csrf, email: 'admin@replicas.test', password: PASSWORD, next: '/en/workspace' }).toString(),
    });
    expect(signIn.status).toBe(303);
    keep(signIn);
    // The session was opened on A; B knows it (sessions live in the database).
    const onB = await fetch(url(1, '/en/workspace'), { redirect: 'manual', headers: { cookie: cookies() } });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain('admin@replicas.test');
  });

  it('writes on both replicas end in the index exactly as in the database, and each upload is read once', async () => {
    const token = (await login(0, PASSWORD)).body.data.login.accessToken as string;
    const create = (i: number, n: number) =>
      gql(
        i,
        `mutation($i: CreateToolInput!) { createTool(input: $i) { id } }`,
        { i: { title: `Replica tool ${n} quillwort`, summary: `Made on replica ${i}.`, kind: 'GUIDE' } },
        token,
      );
    // Interleaved writes on both: create, publish, edit, and archive a few, all at once.
    const ids = (await Promise.all(Array.from({ length: 16 }, (_, n) => create(n % 2, n)))).map((r) => r.body.data.createTool.id as string);
    const noErrors = (answers: { body: { errors?: unknown } }[]) => expect(answers.map((a) => a.body.errors ?? null)).toEqual(answers.map(() => null));
    noErrors(await Promise.all(ids.map((id, n) => gql((n + 1) % 2, `mutation($id: ID!) { publishTool(id: $id) { id } }`, { id }, token))));
    noErrors(
      await Promise.all(
        ids.slice(0, 6).map(async (id, n) => {
          const current = (await gql(n % 2, `query($id: ID!) { tool(id: $id) { version } }`, { id }, token)).body.data.tool.version as number;
          return gql(
            (n + 1) % 2,
            `mutation($id: ID!, $v: Int) { updateTool(id: $id, input: { title: "Edited replica tool ${n} quillwort bladderwort" }, expectedVersion: $v) { id } }`,
            { id, v: current },
            token,
          );
        }),
      ),
    );
    noErrors(await Promise.all(ids.slice(10, 13).map((id, n) => gql(n % 2, `mutation($id: ID!) { archiveTool(id: $id) { id } }`, { id }, token))));

    // Uploads on both replicas, into the shared files folder; either replica may read any of them.
    const uploads = await Promise.all(
      Array.from({ length: 6 }, async (_, n) => {
        const body = new FormData();
        body.set('recordType', 'TOOL');
        body.set('recordId', ids[n]);
        body.set('file', new Blob([`Replica upload ${n}: the sundew monitoring report, number ${n}, in plain text.`], { type: 'text/plain' }), `upload-${n}.txt`);
        const res = await fetch(url(n % 2, '/documents'), { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
        expect(res.status).toBe(201);
        return ((await res.json()) as { id: string }).id;
      }),
    );
    expect(readdirSync(join(root, 'replica-a')).includes('files')).toBe(false); // FILES_DIR, not DATA_DIR/files

    // The database's view (published, not archived) and the index's, asked of different replicas, agree.
    const published = async () => {
      const list = await gql(0, `{ tools(limit: 100) { items { id title } } }`, {}, undefined, polling());
      if (list.body.errors) throw new Error(JSON.stringify(list.body.errors));
      return ((list.body.data?.tools?.items ?? []) as { id: string; title: string }[]).filter((t) => t.title.includes('quillwort'));
    };
    const searched = async () => {
      const hits = await gql(1, `{ search(query: "quillwort", types: [TOOL], limit: 100) { totalCount items { id record { ... on Tool { title } } } } }`, {}, undefined, polling());
      if (hits.body.errors) throw new Error(JSON.stringify(hits.body.errors));
      return ((hits.body.data?.search?.items ?? []) as { id: string; record: { title: string } }[]).map((h) => ({ id: h.id, title: h.record.title }));
    };
    let seen = '';
    const sameSets = async () => {
      const [db, index] = await Promise.all([published(), searched()]);
      const key = (rows: { id: string; title: string }[]) => JSON.stringify(rows.map((r) => `${r.id} ${r.title}`).sort());
      seen = `database: ${key(db)}\nindex: ${key(index)}`;
      return db.length === 13 && key(db) === key(index);
    };
    await waitFor(sameSets, 'the index to show exactly the published tools, edits and archives included', 60000).catch((error: Error) => {
      throw new Error(`${error.message}\n${seen}`);
    });
    const edited = (await searched()).filter((h) => h.title.includes('bladderwort'));
    expect(edited).toHaveLength(6);

    await waitFor(
      async () => {
        const states = await Promise.all(uploads.map(async (id) => (await gql(0, `query($id: ID!) { document(id: $id) { status } }`, { id }, token)).body.data.document?.status));
        return states.every((s) => s === 'INDEXED');
      },
      'every upload to be read',
      60000,
    );
    const attempts = await withPostgres(databaseUrl, async (c) =>
      (await c.query(`SELECT attempts FROM document WHERE id = ANY($1)`, [uploads])).rows.map((r: { attempts: number }) => r.attempts),
    );
    expect(attempts).toEqual(uploads.map(() => 1)); // claimed once each: leases
    await waitFor(
      async () => (await gql(1, `{ search(query: "sundew", types: [PASSAGE]) { totalCount } }`, {}, undefined, polling())).body.data?.search.totalCount === 6,
      'the passages to be searchable',
      30000,
    );
  });

  it('counts failed sign-ins across replicas', async () => {
    for (let n = 0; n < 4; n++) expect((await login(n % 2, 'wrong password')).body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    // Two failures on each: the fifth attempt is refused on both, the right password included.
    for (const i of [0, 1]) expect((await login(i, PASSWORD)).body.errors?.[0].extensions.code).toBe('TOO_MANY_REQUESTS');
  });

  it('counts anonymous requests across replicas (RATE_LIMIT_ANONYMOUS_PER_MINUTE=40 in all)', async () => {
    let accepted = 0;
    let refusedOn = new Set<number>();
    for (let n = 0; n < 60 && refusedOn.size < 2; n++) {
      const res = await gql(n % 2, '{ __typename }', {}, undefined, '127.0.0.4');
      if (res.status === 200) accepted++;
      else {
        expect(res.status).toBe(429);
        expect(res.body.errors?.[0].extensions.code).toBe('TOO_MANY_REQUESTS');
        refusedOn = new Set([...refusedOn, n % 2]);
      }
    }
    expect(refusedOn).toEqual(new Set([0, 1]));
    expect(accepted).toBe(40); // one count for both (each alone would accept 40)
  });
});
