import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
// What `autoLoadEntities` reads: every entity a module registers with TypeOrmModule.forFeature.
import { EntitiesMetadataStorage } from '@nestjs/typeorm/dist/entities-metadata.storage';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { TEST_JWT_SECRET, withPostgres } from './helpers/test-app';

/**
 * The hand-written migrations must build exactly the schema the entities describe, on both engines:
 * after every migration has run on a fresh database, the migration TypeORM would generate is empty.
 * SQLite always; PostgreSQL too when the run has DATABASE_URL (CI's second pass).
 */
describe('Migrations produce the entities’ schema', () => {
  // Loading the app module registers its entities, as at start-up.
  const entities = () => {
    expect(AppModule).toBeDefined();
    const registered = EntitiesMetadataStorage.getEntitiesByDataSource('default');
    expect(registered.length).toBeGreaterThan(10);
    return registered;
  };

  /** Runs every migration on an empty database, then returns what TypeORM would still change to match the entities. */
  async function pendingQueries(env: NodeJS.ProcessEnv): Promise<string[]> {
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'error', ...env });
    const dataSource = new DataSource({ ...dataSourceOptions(config), entities: entities(), migrationsRun: false, logging: false });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const sql = await dataSource.driver.createSchemaBuilder().log();
      return sql.upQueries.map((q) => q.query + (q.parameters?.length ? `  -- ${JSON.stringify(q.parameters)}` : ''));
    } finally {
      await dataSource.destroy();
    }
  }

  /** Passes when nothing is pending; else fails listing the statements, which is the drift to fix. */
  function expectNoDrift(engine: string, queries: string[]): void {
    if (queries.length === 0) return;
    throw new Error(
      `On ${engine}, the entities differ from what the migrations build; TypeORM would still run:\n${queries.join(';\n')}\n` +
        'Add a migration (src/database/migrations, listed in MIGRATIONS) or correct the entity.',
    );
  }

  it('on SQLite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lrkb-migrations-'));
    try {
      expectNoDrift('SQLite', await pendingQueries({ DATA_DIR: dataDir }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL;
  (adminUrl ? it : it.skip)('on PostgreSQL (DATABASE_URL)', async () => {
    const name = `lrkb_migrations_${randomBytes(6).toString('hex')}`;
    await withPostgres(adminUrl!, (c) => c.query(`CREATE DATABASE ${name}`));
    const dataDir = mkdtempSync(join(tmpdir(), 'lrkb-migrations-'));
    try {
      const url = new URL(adminUrl!);
      url.pathname = `/${name}`;
      expectNoDrift('PostgreSQL', await pendingQueries({ DATA_DIR: dataDir, DATABASE_URL: url.toString() }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await withPostgres(adminUrl!, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });
});
