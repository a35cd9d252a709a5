import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

/** GET /health: each dependency reported separately; 503 when the database does not answer. */
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

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
    const up = database.status === 'up';
    res.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: up ? 'ok' : 'degraded', database });
  }
}
