import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { MeiliService } from '../search/meili.service';

/**
 * GET /health: each dependency reported separately. 503 when the database does not answer; search down
 * is "degraded" with 200, since everything but search keeps working.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meili: MeiliService,
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
    res.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status, database, search });
  }
}
