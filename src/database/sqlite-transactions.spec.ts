import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { useImmediateSqliteTransactions } from './sqlite-transactions';

/**
 * The SQLite file is shared by processes (the server, the command line) and, within one process, by
 * every request on TypeORM's single connection. A second process plays the other side here.
 */
describe('SQLite write transactions (BEGIN IMMEDIATE, one at a time, busy timeout)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-sqlite-tx-'));
  const file = join(dir, 'shared.sqlite');
  let db: DataSource;
  const children: ChildProcess[] = [];

  /** Another process writing a row every few milliseconds for `ms`, then exiting with 0 when all its writes went through. */
  const otherWriter = (ms: number) => {
    const script = `
      const db = new (require('better-sqlite3'))(${JSON.stringify(file)}, { timeout: 10000 });
      db.pragma('journal_mode = WAL');
      const insert = db.prepare("INSERT INTO entries (owner) VALUES ('other')");
      const end = Date.now() + ${ms};
      process.stdout.write('ready\\n');
      const tick = () => { insert.run(); if (Date.now() < end) setTimeout(tick, 3); else process.exit(0); };
      tick();`;
    const child = spawn(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    return { ready, exited };
  };

  beforeAll(async () => {
    db = new DataSource({ type: 'better-sqlite3', database: file, enableWAL: true, timeout: 10000 });
    useImmediateSqliteTransactions(db);
    await db.initialize();
    await db.query('CREATE TABLE entries (id INTEGER PRIMARY KEY, owner TEXT NOT NULL)');
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads then writes while another process keeps writing, without "database is locked" on either side', async () => {
    const other = otherWriter(1500);
    await other.ready;
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    try {
      for (let i = 0; i < 5; i++) {
        await db.transaction(async (m) => {
          // A deferred transaction's snapshot goes stale here as the other process commits; its write then fails at once.
          await m.query('SELECT count(*) AS n FROM entries');
          await sleep(60);
          await m.query("INSERT INTO entries (owner) VALUES ('this')");
        });
      }
    } finally {
      clearInterval(ticker);
    }
    expect(await other.exited).toBe(0);
    expect(await db.query("SELECT count(*) AS n FROM entries WHERE owner = 'this'")).toEqual([{ n: 5 }]);
    // Waiting for the lock did not stop this process: its timers kept running.
    expect(ticks).toBeGreaterThan(20);
  });

  it('keeps the busy timeout for plain statements while a transaction waits for the lock', async () => {
    const script = `
      const db = new (require('better-sqlite3'))(${JSON.stringify(file)}, { timeout: 10000 });
      db.exec('BEGIN IMMEDIATE');
      db.prepare("INSERT INTO entries (owner) VALUES ('holder')").run();
      process.stdout.write('holding\\n');
      setTimeout(() => { db.exec('COMMIT'); process.exit(0); }, 400);`;
    const holder = spawn(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(holder);
    const exited = new Promise<number | null>((resolve) => holder.once('exit', resolve));
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const waiting = db.transaction((m) => m.query("INSERT INTO entries (owner) VALUES ('waited')"));
    await sleep(50);
    // Outside any transaction: SQLite's own busy handler waits for the holder.
    await db.query("INSERT INTO entries (owner) VALUES ('plain')");
    await waiting;
    expect(await exited).toBe(0);
    expect(await db.query("SELECT owner FROM entries WHERE owner IN ('holder', 'waited', 'plain') ORDER BY id")).toEqual([
      { owner: 'holder' },
      { owner: 'plain' },
      { owner: 'waited' },
    ]);
  });

  it('runs this process’s transactions one after the other: one that rolls back takes nothing of another with it', async () => {
    const failing = db
      .transaction(async (m) => {
        await m.query("INSERT INTO entries (owner) VALUES ('rolled back')");
        await sleep(100);
        throw new Error('this one fails');
      })
      .catch((error: Error) => error.message);
    const succeeding = db.transaction((m) => m.query("INSERT INTO entries (owner) VALUES ('kept')"));
    expect(await failing).toBe('this one fails');
    await succeeding;
    expect(await db.query("SELECT owner FROM entries WHERE owner IN ('kept', 'rolled back')")).toEqual([{ owner: 'kept' }]);
  });

  it('nests a transaction begun inside another as a savepoint of it', async () => {
    await db.transaction(async (m) => {
      await m.query("INSERT INTO entries (owner) VALUES ('outer')");
      await m
        .transaction(async (inner) => {
          await inner.query("INSERT INTO entries (owner) VALUES ('inner')");
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    expect(await db.query("SELECT owner FROM entries WHERE owner IN ('outer', 'inner')")).toEqual([{ owner: 'outer' }]);
  });

  it('gives up with a clear error when another process holds the lock past the busy timeout', async () => {
    const impatient = new DataSource({ type: 'better-sqlite3', database: file, enableWAL: true, timeout: 300 });
    useImmediateSqliteTransactions(impatient);
    await impatient.initialize();
    const holder = new Database(file, { timeout: 10000 });
    try {
      holder.exec('BEGIN IMMEDIATE');
      await expect(impatient.transaction((m) => m.query('SELECT 1'))).rejects.toThrow(/stayed locked by another process for 300 ms \(SQLITE_BUSY_TIMEOUT_MS\)/);
      holder.exec('ROLLBACK');
      // The lock free again, the next transaction goes through: the failed one left nothing behind.
      await impatient.transaction((m) => m.query("INSERT INTO entries (owner) VALUES ('after')"));
    } finally {
      holder.close();
      await impatient.destroy();
    }
  });
});
