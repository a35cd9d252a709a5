import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource, In } from 'typeorm';
import { SharedCounters } from '../common/counters/shared-counters';
import { OutboxEntry } from '../common/outbox/outbox-entry.entity';
import { Document, DocumentStatus } from '../documents/document.entity';
import { MeiliService } from '../search/meili.service';

/**
 * GET /health (liveness): each dependency reported separately. 503 when the database does not answer; search down
 * is "degraded" with 200, since everything but search keeps working; where the rate-limit counters live
 * (memory, or Redis and whether it answers).
 */
@Controller('health')
export class HealthController {
  /** Once ready, ready for good: later trouble with search degrades search, it does not take the replica out. */
  private ready = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly meili: MeiliService,
    private readonly counters: SharedCounters,
  ) {}

  @Get()
  async health(@Res() res: Response): Promise<void> {
    const started = Date.now();
    const engine = this.dataSource.options.type === 'postgres' ? 'postgresql' : 'sqlite';
    let database: Record<string, unknown>;
    try {
      await this.dataSource.query('SELECT 1');
      database = { status: 'up', engine, latencyMs: Date.now() - started };
    } catch (error) {
      database = { status: 'down', engine, error: (error as Error).message };
    }
    const search = await this.meili.health();
    const up = database.status === 'up';
    const status = up && search.status === 'up' ? 'ok' : up ? 'degraded' : 'down';
    // Redis down degrades nothing users see (each replica counts alone meanwhile): reported, not a status.
    res.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status, database, search, counters: this.counters.describe() });
  }

  /**
   * GET /health/ready (readiness, for load balancers and the Docker healthcheck): 503 until the service
   * has done its start-up work — migrations and seeding (before it listens), the first build of the
   * search index (the outbox drained) and the extraction of the documents it started with — 200 after.
   */
  @Get('ready')
  async readiness(@Res() res: Response): Promise<void> {
    if (!this.ready) {
      const waiting: Record<string, number | string> = {};
      try {
        const outbox = await this.dataSource.manager.count(OutboxEntry);
        const documents = await this.dataSource.manager.count(Document, { where: { status: In([DocumentStatus.PENDING, DocumentStatus.PROCESSING]) } });
        if (outbox) waiting.searchIndexChanges = outbox;
        if (documents) waiting.documentsBeingRead = documents;
        if ((await this.meili.health()).status !== 'up') waiting.search = 'not reachable yet';
      } catch (error) {
        waiting.database = (error as Error).message;
      }
      if (Object.keys(waiting).length) return void res.status(HttpStatus.SERVICE_UNAVAILABLE).json({ status: 'starting', waiting });
      this.ready = true;
    }
    res.status(HttpStatus.OK).json({ status: 'ready' });
  }
}
