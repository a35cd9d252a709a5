import { RequestContext } from '../accounts/request-context';
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { ConfigModule } from '../config/config.module';
import { ConfigError, loadConfig, nestLogLevels } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { OutboxModule } from '../common/outbox/outbox.module';
import { MetricsModule } from '../common/metrics/metrics.module';
import { MeiliService } from '../search/meili.service';
import { SearchIndexService } from '../search/search-index.service';
import { SearchModule } from '../search/search.module';
import { SeedModule } from '../seed/seed.module';
import { SeedService } from '../seed/seed.service';
import { progressBar } from './progress-bar';
import { randomBytes } from 'node:crypto';
import { Role } from '../accounts/actor';
import { AccountsCoreModule } from '../accounts/accounts.module';
import { CreateUserInput } from '../accounts/accounts.inputs';
import { AccountsService } from '../accounts/accounts.service';
import { validatePlain } from '../common/input/validation';
import { schemaSdl } from './schema-sdl';
import { ImportsModule } from '../imports/imports.module';
import { ImportService } from '../imports/import.service';
import { importReportCsv, importSummary, problemText } from '../imports/import-report';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  seed             Load taxonomies and the seed collection (idempotent; existing records are kept).
  reindex          Rebuild the search index from the database into a fresh index and swap it in
                   atomically (searches keep answering meanwhile). Uses the running server's embedded
                   engine when there is one, else MEILI_HOST, else starts the engine itself.
  user:create --email <email> --role <ADMIN|EDITOR|CURATOR> [--name <display name>]
                   Create a user (the first admin, typically). The password comes from the
                   USER_PASSWORD environment variable, else it is asked for (twice, not echoed).
  import FILE --type <action-plans|good-practices|tools|local-governments> [--dry-run] [--as EMAIL] [--report OUT.csv]
                   Create and update records from a CSV in the export's columns (or a ZIP holding that
                   CSV and the documents its "documents" column names). Rows with an id, a slug or a
                   matching natural key update that record; others create drafts. --dry-run writes
                   nothing and reports what would happen. --as: the user the changes are made and
                   audited as (their rights apply); without it, the system. Rows are written 100 to a
                   transaction; progress shows as a bar, or as a line every 500 rows when not on a
                   terminal. Stopped (SIGINT/SIGTERM, the database failing), it still prints the
                   summary and writes the report; run it again to continue. Exit code 1 when a row
                   failed or the import stopped.
  schema           Write schema.graphql from the code-first GraphQL types.
  schema --check   Exit 1 if schema.graphql differs from what the code generates.
  help             Show this help.

Configuration comes from the environment, as for the server (DATA_DIR, DATABASE_URL, MEILI_HOST, LOG_LEVEL).`;

@Module({ imports: [ConfigModule, DatabaseModule, MetricsModule, OutboxModule, AccountsCoreModule, SeedModule] })
class SeedCliModule {}

@Module({ imports: [ConfigModule, DatabaseModule, MetricsModule, OutboxModule, AccountsCoreModule, SearchModule] })
class SearchCliModule {}

@Module({ imports: [ConfigModule, DatabaseModule, AccountsCoreModule] })
class UsersCliModule {}

@Module({ imports: [ConfigModule, DatabaseModule, MetricsModule, OutboxModule, AccountsCoreModule, ImportsModule] })
class ImportCliModule {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

/** Asks for a secret on the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolvePassword, reject) => {
    if (!process.stdin.isTTY) return reject(new Error('no terminal to ask for the password on: set USER_PASSWORD'));
    process.stdout.write(question);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          return resolvePassword(value);
        }
        if (char === '\u0003') {
          stdin.setRawMode(false);
          return reject(new Error('cancelled'));
        }
        if (char === '\u007f') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function createUser(args: string[]): Promise<void> {
  const email = option(args, 'email');
  const role = option(args, 'role')?.toUpperCase();
  if (!email || !role) throw new Error('give --email and --role (ADMIN, EDITOR or CURATOR)');
  if (!Object.values(Role).includes(role as Role)) throw new Error(`--role must be ADMIN, EDITOR or CURATOR (got "${role}")`);
  let password = process.env.USER_PASSWORD;
  if (!password) {
    password = await askHidden(`Password for ${email}: `);
    if ((await askHidden('Repeat it: ')) !== password) throw new Error('the two passwords differ');
  }
  const input = await validatePlain(CreateUserInput, { email, role, displayName: option(args, 'name') ?? email.split('@')[0], password }, '');
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(UsersCliModule, { logger: nestLogLevels(config.logLevel === 'log' ? 'warn' : config.logLevel) });
  try {
    const user = await app.get(AccountsService).createUser(RequestContext.system('user:create'), input);
    console.log(`Created ${user.role} ${user.email} (id ${user.id}). Sign in at /en/login (or /fr/, /ar/) in a browser, or with the GraphQL mutation login(email, password).`);
  } finally {
    await app.close();
  }
}

/** A progress line every this many rows when the output is not a terminal (CI logs, cron mails). */
const IMPORT_PROGRESS_EVERY = 500;

/** The import's progress: the bar on a terminal, else "Imported 500 of 5000 rows…" lines. */
function importProgress(dryRun: boolean): (done: number, total: number) => void {
  if (process.stderr.isTTY) return progressBar().bind(null, dryRun ? 'checking rows' : 'importing rows');
  let printed = 0;
  return (done, total) => {
    if (done - printed < IMPORT_PROGRESS_EVERY && done !== total) return;
    printed = done;
    console.log(`${dryRun ? 'Checked' : 'Imported'} ${done} of ${total} rows…`);
  };
}

async function importFile(args: string[]): Promise<void> {
  const file = args.find((a, i) => !a.startsWith('--') && !['--type', '--as', '--report'].includes(args[i - 1] ?? ''));
  const collection = option(args, 'type');
  if (!file || !collection) throw new Error('give the file and --type (action-plans, good-practices, tools or local-governments)');
  const bytes = readFileSync(resolve(file));
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(ImportCliModule, { logger: nestLogLevels(config.logLevel === 'log' ? 'warn' : config.logLevel) });
  // SIGINT/SIGTERM stop the import after the batch being written; the report still comes out (a second signal ends the process at once).
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping after the rows being written…`);
    stop.abort(signal);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const imports = app.get(ImportService);
    const email = option(args, 'as');
    let ctx = RequestContext.system('import');
    if (email) {
      const user = await app.get(AccountsService).userByEmail(email);
      if (!user || !user.active) throw new Error(`no active user ${email}`);
      ctx = RequestContext.forRequest({ userId: user.id, email: user.email, role: user.role, via: 'session' });
    }
    const dryRun = args.includes('--dry-run');
    const report = await imports.run(ctx, imports.typeOf(collection), { bytes, filename: file }, { dryRun, signal: stop.signal }, importProgress(dryRun));
    for (const row of report.rows.filter((r) => r.outcome === 'ERROR')) console.log(`line ${row.line}: ${row.problems.map(problemText).join('; ')}`);
    for (const line of importSummary(report)) console.log(line);
    const out = option(args, 'report');
    if (out) {
      writeFileSync(resolve(out), importReportCsv(report));
      console.log(`Report (one row per line of the file): ${out}`);
    }
    if (report.counts.ERROR || report.stopped) process.exitCode = 1;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await app.close();
  }
}

async function reindex(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(SearchCliModule, { logger: nestLogLevels(config.logLevel === 'log' ? 'warn' : config.logLevel) });
  app.enableShutdownHooks();
  try {
    const meili = app.get(MeiliService);
    await meili.start({ reuseRunning: true });
    const health = await meili.health();
    if (health.status !== 'up') throw new Error(`Meilisearch is not reachable: ${health.error}`);
    const bar = progressBar();
    const started = Date.now();
    const { documents, passages } = await app.get(SearchIndexService).reindex((done, total) => bar('indexing', done, total));
    console.log(`Reindexed ${documents} records and ${passages} document passages into "${config.meiliIndex}" in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await app.close();
  }
}

async function seed(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(SeedCliModule, { logger: nestLogLevels(config.logLevel === 'log' ? 'warn' : config.logLevel) });
  try {
    const report = await app.get(SeedService).seed(progressBar());
    console.log(`Reference rows changed: ${report.referenceRowsChanged}`);
    for (const [name, created] of Object.entries(report.created)) console.log(`${name}: ${created} created, ${report.unchanged[name]} already present`);
  } finally {
    await app.close();
  }
}

async function schema(check: boolean): Promise<void> {
  // Boot the real app (so the SDL is exactly what is served) on a throw-away database.
  const dataDir = mkdtempSync(join(tmpdir(), 'lrkb-schema-'));
  // A throw-away instance: its JWT secret only has to be valid.
  Object.assign(process.env, { DATA_DIR: dataDir, SEED_ON_START: 'false', JWT_SECRET: randomBytes(48).toString('base64') });
  delete process.env.DATABASE_URL;
  delete process.env.MEILI_HOST;
  delete process.env.MEILI_API_KEY;
  const app = await NestFactory.create(AppModule, { logger: ['error'] });
  try {
    await app.init();
    const sdl = schemaSdl(app);
    const path = resolve(__dirname, '..', '..', 'schema.graphql');
    if (check) {
      let committed = '';
      try {
        committed = readFileSync(path, 'utf8');
      } catch {
        /* missing counts as different */
      }
      if (committed !== sdl) {
        console.error('schema.graphql is out of date: run `npm run schema` and commit the result.');
        process.exitCode = 1;
      } else console.log('schema.graphql is up to date.');
    } else {
      writeFileSync(path, sdl);
      console.log(`Wrote ${path}`);
    }
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'seed':
      return seed();
    case 'reindex':
      return reindex();
    case 'schema':
      return schema(rest.includes('--check'));
    case 'user:create':
      return createUser(rest);
    case 'import':
      return importFile(rest);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
