import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, QueryFailedError, QueryRunner } from 'typeorm';
import type { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver';
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import type { Database } from 'better-sqlite3';

/** The error a write transaction ends with when it could not start within the busy timeout. */
class SqliteBusyError extends Error {
  /** SQLite's own code for a locked database, so callers that retry busy writes recognise this one too. */
  readonly code = 'SQLITE_BUSY';

  constructor(message: string) {
    super(message);
    this.name = 'SqliteBusyError';
  }
}

/**
 * One write transaction at a time on this process's connection, first come first served. TypeORM
 * shares one better-sqlite3 connection among all its query runners, so two transactions started
 * together would otherwise nest as savepoints of one another: the first's commit waits for the
 * second's, and a rollback of either undoes both.
 */
class TransactionTurns {
  private queue: Array<() => void> = [];
  private held = false;

  /** Resolves with the function that gives the turn back; refuses after `timeoutMs` of waiting. */
  take(timeoutMs: number): Promise<() => void> {
    const giveBack = () => {
      const next = this.queue.shift();
      if (next) next();
      else this.held = false;
    };
    if (!this.held) {
      this.held = true;
      return Promise.resolve(giveBack);
    }
    return new Promise((resolve, reject) => {
      const granted = () => {
        clearTimeout(timer);
        resolve(giveBack);
      };
      const timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(granted), 1);
        reject(new SqliteBusyError(`another transaction of this process held the database for over ${timeoutMs} ms (SQLITE_BUSY_TIMEOUT_MS)`));
      }, timeoutMs);
      this.queue.push(granted);
    });
  }
}

interface SqliteTransactionOptions {
  /** How long a write transaction may wait for the database (other processes and this one). */
  busyTimeoutMs: number;
}

function isBusy(error: unknown): boolean {
  return String((error as { code?: string }).code).startsWith('SQLITE_BUSY');
}

/**
 * A query runner whose transactions are write transactions from their first statement
 * (`BEGIN IMMEDIATE`): the server and the command line share the SQLite file, and a deferred
 * transaction that reads, then writes while another process writes fails at once with "database is
 * locked" (SQLite cannot wait there: its snapshot is already stale). Waiting for the write lock
 * happens before anything is read, asynchronously, so the event loop keeps serving reads meanwhile.
 */
class ImmediateTransactionQueryRunner extends BetterSqlite3QueryRunner {
  private giveBackTurn: (() => void) | undefined;

  constructor(
    driver: BetterSqlite3Driver,
    private readonly turns: TransactionTurns,
    private readonly options: SqliteTransactionOptions,
    statements: Map<string, unknown>,
  ) {
    super(driver);
    // Prepared statements belong to the one connection: every runner shares them.
    (this as unknown as { stmtCache: Map<string, unknown> }).stmtCache = statements;
  }

  override async startTransaction(isolationLevel?: IsolationLevel): Promise<void> {
    // Nested in this runner's own transaction: TypeORM makes it a savepoint.
    if (this.transactionDepth > 0) return super.startTransaction(isolationLevel);
    this.giveBackTurn = await this.turns.take(this.options.busyTimeoutMs);
    try {
      await super.startTransaction(isolationLevel); // its BEGIN is made IMMEDIATE in query()
    } catch (error) {
      this.forgetTransaction(); // TypeORM marks the transaction active before its BEGIN
      this.endTurn();
      throw error;
    }
  }

  override async commitTransaction(): Promise<void> {
    await super.commitTransaction();
    if (this.transactionDepth === 0) this.endTurn();
  }

  override async rollbackTransaction(): Promise<void> {
    try {
      await super.rollbackTransaction();
    } catch (error) {
      // SQLite may already have rolled back by itself (e.g. after an I/O error): nothing is left open.
      if (this.transactionDepth <= 1 && !this.sqlite.inTransaction) this.forgetTransaction();
      throw error;
    } finally {
      if (this.transactionDepth === 0) this.endTurn();
    }
  }

  override async release(): Promise<void> {
    // A runner given back with its transaction still open would keep everyone else waiting.
    if (this.giveBackTurn && this.isTransactionActive) {
      await this.query('ROLLBACK').catch(() => undefined);
      this.forgetTransaction();
      this.endTurn();
    }
    return super.release();
  }

  override query(...[query, parameters, useStructuredResult]: Parameters<BetterSqlite3QueryRunner['query']>): ReturnType<BetterSqlite3QueryRunner['query']> {
    if (query === 'BEGIN TRANSACTION') return this.beginImmediate();
    return super.query(query, parameters, useStructuredResult);
  }

  /**
   * Takes the write lock, retrying while another process holds it until the busy timeout. SQLite's
   * own busy handler would sleep inside the call and stop this whole process meanwhile.
   */
  private async beginImmediate(): Promise<void> {
    this.driver.dataSource.logger.logQuery('BEGIN IMMEDIATE', [], this);
    const deadline = Date.now() + this.options.busyTimeoutMs;
    for (let pause = 2; !this.tryBeginImmediate(); pause = Math.min(pause * 2, 50)) {
      if (Date.now() >= deadline)
        throw new SqliteBusyError(`the database stayed locked by another process for ${this.options.busyTimeoutMs} ms (SQLITE_BUSY_TIMEOUT_MS): nothing was written`);
      await sleep(pause + Math.random() * pause);
    }
  }

  /** One attempt without SQLite's busy handler; the busy timeout is back before anything else of this process runs. */
  private tryBeginImmediate(): boolean {
    const busyTimeout = this.sqlite.pragma('busy_timeout', { simple: true }) as number;
    this.sqlite.pragma('busy_timeout = 0');
    try {
      this.sqlite.exec('BEGIN IMMEDIATE');
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw new QueryFailedError('BEGIN IMMEDIATE', [], error as Error);
    } finally {
      this.sqlite.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }

  /** TypeORM types its connection as `any`. */
  private get sqlite(): Database {
    return this.driver.databaseConnection as Database;
  }

  private forgetTransaction(): void {
    this.isTransactionActive = false;
    this.transactionDepth = 0;
  }

  private endTurn(): void {
    const giveBack = this.giveBackTurn;
    this.giveBackTurn = undefined;
    giveBack?.();
  }
}

/**
 * Makes every transaction of an SQLite data source (TypeORM's own included: `transaction()`,
 * `save()`, migrations) take the write lock when it starts and run alone in this process, waiting up
 * to the data source's busy timeout (its `timeout` option, which plain statements get from
 * better-sqlite3). Call it before `initialize()`. PostgreSQL: nothing to do.
 */
export function useImmediateSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const driver = dataSource.driver as BetterSqlite3Driver;
  const options: SqliteTransactionOptions = { busyTimeoutMs: dataSource.options.timeout ?? 5000 };
  const turns = new TransactionTurns();
  const statements = new Map<string, unknown>();
  // A runner per caller (TypeORM's is one for all), so each knows whether it holds the transaction.
  driver.createQueryRunner = (): QueryRunner => new ImmediateTransactionQueryRunner(driver, turns, options, statements);
}
