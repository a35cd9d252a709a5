import { Logger as NestLogger } from '@nestjs/common';
import { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM logger that counts every SQL statement (tests use the count to prove there is no N+1)
 * and prints statements only at LOG_LEVEL=debug/verbose.
 */
export class QueryCountingLogger implements TypeOrmLogger {
  private static count = 0;
  /** The most recent statements, for diagnosing a count that is off. */
  static readonly recent: string[] = [];
  private readonly nest = new NestLogger('SQL');

  constructor(private readonly printQueries: boolean) {}

  static get queryCount(): number {
    return QueryCountingLogger.count;
  }

  logQuery(query: string): void {
    QueryCountingLogger.count += 1;
    QueryCountingLogger.recent.push(query);
    if (QueryCountingLogger.recent.length > 200) QueryCountingLogger.recent.shift();
    if (this.printQueries) this.nest.debug(query);
  }

  logQueryError(error: string | Error, query: string): void {
    this.nest.error(`${error instanceof Error ? error.message : error} — in: ${query}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.nest.warn(`slow query (${time} ms): ${query}`);
  }

  logSchemaBuild(message: string): void {
    if (this.printQueries) this.nest.debug(message);
  }

  logMigration(message: string): void {
    this.nest.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.nest.warn(String(message));
    else if (this.printQueries) this.nest.debug(String(message));
  }
}
