import { DataSource } from 'typeorm';

/** The PostgreSQL advisory lock of this service's start-up work (any fixed number; "lrkb" in ASCII). */
const START_UP_LOCK = 0x6c726b62;

/**
 * Runs start-up work (migrations, the first seeding) one process at a time: replicas started together
 * on one PostgreSQL would otherwise create the same tables, or seed an empty database twice. The
 * others wait, then find the work done. SQLite needs no lock: one server owns its DATA_DIR.
 */
export async function withStartUpLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'postgres') return work();
  // A session lock: taken and given back on one connection, held by no transaction.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [START_UP_LOCK]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [START_UP_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
