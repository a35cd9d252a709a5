import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { SQLITE_FILE } from '../../src/database/data-source-options';
import type { TestApp } from './test-app';

/** Runs SQL straight on a stopped app's database (to simulate what a crash leaves behind). */
export async function execSql(storage: TestApp['storage'], sql: string): Promise<void> {
  if (storage.databaseUrl) {
    const client = new Client({ connectionString: storage.databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(join(storage.dataDir, SQLITE_FILE));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}
