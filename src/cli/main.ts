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
import { SeedModule } from '../seed/seed.module';
import { SeedService } from '../seed/seed.service';
import { progressBar } from './progress-bar';
import { schemaSdl } from './schema-sdl';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  seed             Load taxonomies and the seed collection (idempotent; existing records are kept).
  schema           Write schema.graphql from the code-first GraphQL types.
  schema --check   Exit 1 if schema.graphql differs from what the code generates.
  help             Show this help.

Configuration comes from the environment, as for the server (DATA_DIR, DATABASE_URL, LOG_LEVEL).`;

@Module({ imports: [ConfigModule, DatabaseModule, SeedModule] })
class SeedCliModule {}

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
  Object.assign(process.env, { DATA_DIR: dataDir, SEED_ON_START: 'false' });
  delete process.env.DATABASE_URL;
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
    case 'schema':
      return schema(rest.includes('--check'));
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
