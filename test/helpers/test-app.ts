import { RequestContext } from '../../src/accounts/request-context';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureHttp } from '../../src/http-setup';
import { loadConfig } from '../../src/config/app-config';
import { DataSource } from 'typeorm';
import { Role } from '../../src/accounts/actor';
import { AccountsService, accessClaimsOf } from '../../src/accounts/accounts.service';
import { User } from '../../src/accounts/entities/user.entity';
import { TokensService } from '../../src/accounts/tokens.service';

/** Tests run outside development: the JWT secret must be given, and strong. */
export const TEST_JWT_SECRET = 'e2e-only-4f9c2e71b8d34a6f9e0c5b7a2d1f8e63c9b0a4d7';
import { MeiliService } from '../../src/search/meili.service';
import { OutboxWorker } from '../../src/search/outbox-worker.service';
import { ExtractionQueue } from '../../src/documents/extraction/extraction-queue.service';

export interface GraphqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export type TestRole = 'admin' | 'editor' | 'curator' | 'otherCurator';

export interface TestApp {
  app: INestApplication;
  /** Access tokens of users created for the test: an admin, an editor and two curators. */
  tokens: Record<TestRole, string>;
  users: Record<TestRole, { id: string; email: string; password: string }>;
  dataDir: string;
  /** Which engine this run uses: DATABASE_URL set → PostgreSQL (a fresh database per app), else SQLite. */
  engine: 'sqlite' | 'postgres';
  /**
   * Sends a GraphQL operation. Without `as`, mutations are sent as the editor and queries anonymously
   * (what most tests mean); `as: null` sends no token, `as: 'curator'` (or a raw token) that user's.
   */
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { as?: string | null }): Promise<GraphqlResponse<T>>;
  /** "Bearer …" for a test user, for REST calls. */
  bearer(role: TestRole): string;
  http(): ReturnType<typeof request>;
  /** Waits until every pending change has reached the search index. */
  searchSettled(): Promise<void>;
  /** Waits until no document waits for extraction, then for the search index. */
  documentsSettled(): Promise<void>;
  /** Stops the app; `keepData` leaves its DATA_DIR and database for a restart (`startTestApp({ reuse })`). */
  close(options?: { keepData?: boolean }): Promise<void>;
  /** What a restart needs to find the same data. */
  readonly storage: { dataDir: string; databaseName?: string; databaseUrl?: string; meiliIndex?: string };
}

/** This test file's environment as it was before any app changed it (the template is built from it). */
const PRISTINE_ENV = { ...process.env };

/** Makes process.env exactly `env` (variables it lacks are removed). */
function replaceEnv(env: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
}

/** Where a migrated, seeded, extracted and indexed app was left for this run's suites to copy (see jest.config.js). */
interface SeededTemplate {
  dataDir: string;
  databaseName?: string;
}

/**
 * The run's seeded template for this database engine, built by the first suite that asks (under a
 * lock: suites may run in parallel) and copied by every later one — migrating, seeding and extracting
 * the seed documents took about 25 s per suite. Null outside a jest run with the template directory.
 */
async function seededTemplate(adminUrl: string | undefined): Promise<SeededTemplate | null> {
  const root = process.env.LRKB_TEST_TEMPLATE_DIR;
  if (!root || process.env.MEILI_HOST) return null;
  const engine = adminUrl ? 'postgres' : 'sqlite';
  const ready = join(root, `${engine}.json`);
  const lock = join(root, `${engine}.lock`);
  try {
    mkdirSync(lock);
  } catch {
    // Another suite builds it: wait for it.
    for (let waited = 0; !existsSync(ready); waited += 250) {
      if (waited > 240000) throw new Error(`the seeded test template (${ready}) was not built within 4 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return JSON.parse(readFileSync(ready, 'utf8')) as SeededTemplate;
  }
  const current = { ...process.env };
  try {
    replaceEnv(PRISTINE_ENV);
    const built = await startTestApp({ template: false });
    await built.documentsSettled();
    await built.searchSettled();
    await built.close({ keepData: true });
    const template: SeededTemplate = { dataDir: built.storage.dataDir, databaseName: built.storage.databaseName };
    writeFileSync(ready, JSON.stringify(template));
    return template;
  } finally {
    replaceEnv(current);
  }
}

/**
 * Boots the real AppModule over HTTP against a real database: a fresh SQLite file in a temporary
 * DATA_DIR, or, when DATABASE_URL is set, a fresh PostgreSQL database created for this app and
 * dropped afterwards. Nothing is mocked. A seeded app starts from a copy of the run's template (its
 * database, files and search index), unless `template: false`; `seed: false` starts empty.
 * With MEILI_HOST set, apps use that engine (each under its own index names) instead of their own.
 */
export async function startTestApp(options: { seed?: boolean; env?: Record<string, string>; reuse?: TestApp['storage']; template?: boolean } = {}): Promise<TestApp> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL;
  const template = !options.reuse && options.seed !== false && options.template !== false ? await seededTemplate(adminUrl) : null;
  const dataDir = options.reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'lrkb-e2e-'));
  if (template) cpSync(template.dataDir, dataDir, { recursive: true });
  let databaseName: string | undefined = options.reuse?.databaseName;
  let databaseUrl: string | undefined = options.reuse?.databaseUrl;
  if (adminUrl && !options.reuse) {
    databaseName = `lrkb_e2e_${randomBytes(6).toString('hex')}`;
    await withPostgres(adminUrl, (c) => c.query(`CREATE DATABASE ${databaseName}${template?.databaseName ? ` TEMPLATE ${template.databaseName}` : ''}`));
    const url = new URL(adminUrl);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  }
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'error',
    SEED_ON_START: options.seed === false ? 'false' : 'true',
    // Tests that are about rate limits set their own; the others make requests as fast as they can.
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    RATE_LIMIT_SIGNED_IN_PER_MINUTE: '0',
    // The embedded engine, as a fresh machine has it (the OCR suite runs Debian's tesseract too, where installed).
    OCR_ENGINE: 'tesseract.js',
    ...options.env,
  });
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  // Search: the app spawns its own Meilisearch under this DATA_DIR (stopped by close()), unless the
  // run names an engine (MEILI_HOST): then this app's indexes get names of their own there.
  const externalEngine = !!PRISTINE_ENV.MEILI_HOST;
  if (externalEngine) process.env.MEILI_INDEX = options.reuse?.meiliIndex ?? `e2e_${randomBytes(6).toString('hex')}`;
  else {
    delete process.env.MEILI_HOST;
    delete process.env.MEILI_API_KEY;
  }
  const meiliIndex = externalEngine ? process.env.MEILI_INDEX : undefined;

  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttp(app, loadConfig());
  await app.init();

  const server = app.getHttpServer();
  const users = {} as TestApp['users'];
  const tokens = {} as TestApp['tokens'];
  const accounts = app.get(AccountsService);
  const roles: [TestRole, Role][] = [
    ['admin', Role.ADMIN],
    ['editor', Role.EDITOR],
    ['curator', Role.CURATOR],
    ['otherCurator', Role.CURATOR],
  ];
  for (const [name, role] of roles) {
    const email = `${name.toLowerCase()}@test.example`;
    const password = `${name}-password-long-enough`;
    const existing = await app.get(DataSource).manager.findOne(User, { where: { email } });
    const user = existing ?? (await accounts.createUser(RequestContext.system('test: users'), { email, displayName: name, role, password }));
    users[name] = { id: user.id, email, password };
    tokens[name] = app.get(TokensService).signAccess(accessClaimsOf(user)).token;
  }
  const tokenOf = (as: string) => (as in tokens ? tokens[as as TestRole] : as);
  return {
    app,
    tokens,
    users,
    bearer: (role) => `Bearer ${tokens[role]}`,
    dataDir,
    engine: databaseUrl ? 'postgres' : 'sqlite',
    http: () => request(server),
    storage: { dataDir, databaseName, databaseUrl, meiliIndex },
    searchSettled: () => app.get(OutboxWorker).idle(60000),
    async documentsSettled() {
      await app.get(ExtractionQueue).idle(90000);
      await app.get(OutboxWorker).idle(60000);
    },
    async gql(query, variables, options = {}) {
      const as = 'as' in options ? options.as : /^\s*mutation\b/.test(query) ? 'editor' : null;
      const req = request(server).post('/graphql').set('content-type', 'application/json');
      if (as) req.set('authorization', `Bearer ${tokenOf(as)}`);
      const res = await req.send({ query, variables });
      return { status: res.status, data: res.body?.data, errors: res.body?.errors };
    },
    async close(closeOptions = {}) {
      const meili = app.get(MeiliService);
      const engine = meili.embedded;
      // An external engine outlives the app: its indexes of this app go with the data.
      if (externalEngine && !closeOptions.keepData) {
        for (const uid of [meili.indexUid, meili.staffIndexUid]) await meili.call((c) => c.deleteIndex(uid)).catch(() => undefined);
      }
      await app.close();
      // Teardown stops every process the test started: fail loudly if the engine outlived the app.
      if (engine?.running) throw new Error(`Meilisearch (pid ${engine.pid}) still runs after close()`);
      if (closeOptions.keepData) return;
      rmSync(dataDir, { recursive: true, force: true });
      if (adminUrl && databaseName) await withPostgres(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
      if (adminUrl) process.env.DATABASE_URL = adminUrl;
    },
  };
}

/** Runs `work` with a PostgreSQL client connected to `url`, closed afterwards. */
export async function withPostgres<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The error of a GraphQL response, asserting there is exactly one. */
export function onlyError(res: GraphqlResponse): { message: string; extensions?: Record<string, any> } {
  if (!res.errors || res.errors.length !== 1) throw new Error(`expected one error, got ${JSON.stringify(res.errors ?? res.data)}`);
  return res.errors[0];
}
