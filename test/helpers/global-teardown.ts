import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/** Removes the run's seeded templates: their data directories and, on PostgreSQL, the template database. */
export default async function globalTeardown(): Promise<void> {
  const root = process.env.LRKB_TEST_TEMPLATE_DIR;
  if (!root) return;
  for (const engine of ['sqlite', 'postgres']) {
    const ready = join(root, `${engine}.json`);
    if (!existsSync(ready)) continue;
    const template = JSON.parse(readFileSync(ready, 'utf8')) as { dataDir: string; databaseName?: string };
    rmSync(template.dataDir, { recursive: true, force: true });
    const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL;
    if (template.databaseName && adminUrl) {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${template.databaseName} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    }
  }
  rmSync(root, { recursive: true, force: true });
}
