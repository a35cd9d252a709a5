import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { QueryCountingLogger } from './query-counter';
import { MIGRATIONS } from './migrations';

export const SQLITE_FILE = 'local-rights-kb.sqlite';

/** One code path for both engines: SQLite file under DATA_DIR by default, PostgreSQL with DATABASE_URL. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = {
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: true,
    logger: new QueryCountingLogger(config.logLevel === 'debug' || config.logLevel === 'verbose'),
  };
  if (config.databaseUrl) {
    return { ...common, type: 'postgres', url: config.databaseUrl, extra: { max: 10 } };
  }
  mkdirSync(config.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(config.dataDir, SQLITE_FILE),
    enableWAL: true, // readers don't block the writer; foreign keys are switched on by the driver
    // better-sqlite3's busy timeout: a statement outside a transaction waits this long for another process's write.
    timeout: config.sqliteBusyTimeoutMs,
  };
}
