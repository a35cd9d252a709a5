/**
 * npm run bench:export — streams large exports (GET /export/action-plans.csv) from a synthetic
 * collection and prints rows per second and the server's memory while it streams: a small export and
 * a 100,000-row one should need about the same heap (constant memory), not ten times more.
 * The app runs in this process on a temporary DATA_DIR, removed afterwards.
 */
import './production-env';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '#app/app.module';
import { configureHttp } from '#app/http-setup';
import { loadConfig } from '#app/config/app-config';
import { OutboxWorker } from '#app/search/outbox-worker.service';
import { TaxonomyService } from '#app/taxonomy/taxonomy.service';
import { generate } from './bench-data';

// Half of the synthetic records are action plans: 200,000 records give a 100,000-row export.
const RECORDS = Number(process.env.BENCH_RECORDS ?? 200000);

interface Run {
  rows: number;
  bytes: number;
  seconds: number;
  heapPeakMb: number;
  rssPeakMb: number;
}

/** Streams one export, discarding it, while sampling this process's memory. */
function stream(port: number, path: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    global.gc?.();
    const started = Date.now();
    let heapPeak = 0;
    let rssPeak = 0;
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      heapPeak = Math.max(heapPeak, m.heapUsed);
      rssPeak = Math.max(rssPeak, m.rss);
    }, 50);
    get({ host: '127.0.0.1', port, path }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`${path}: HTTP ${res.statusCode}`));
      let bytes = 0;
      let lines = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
      });
      res.on('end', () => {
        clearInterval(sample);
        resolve({ rows: lines - 1, bytes, seconds: (Date.now() - started) / 1000, heapPeakMb: Math.round(heapPeak / 1048576), rssPeakMb: Math.round(rssPeak / 1048576) });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lrkb-export-bench-'));
  Object.assign(process.env, { DATA_DIR: dataDir, SEED_ON_START: 'true', NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET: randomUUID() + randomUUID() });
  delete process.env.DATABASE_URL;
  delete process.env.MEILI_HOST;
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  try {
    configureHttp(app, loadConfig());
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    await app.get(OutboxWorker).idle(120000);
    console.log(`Synthetic collection: ${RECORDS} records…`);
    const t0 = Date.now();
    await generate(app.get(DataSource), app.get(TaxonomyService), RECORDS);
    console.log(`  inserted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    global.gc?.();
    const idle = process.memoryUsage();
    console.log(`Server heap before the exports: ${Math.round(idle.heapUsed / 1048576)} MB (RSS ${Math.round(idle.rss / 1048576)} MB)\n`);
    console.log('export                                  rows      MB    seconds  rows/s   heap peak  RSS peak');
    for (const [label, path] of [
      ['plans up to 2001 (CSV)', '/export/action-plans.csv?to=2001'],
      ['all plans (CSV)', '/export/action-plans.csv'],
      ['all plans (NDJSON)', '/export/action-plans.ndjson'],
    ]) {
      const r = await stream(port, path);
      console.log(
        `${label.padEnd(36)} ${String(r.rows).padStart(7)} ${(r.bytes / 1048576).toFixed(1).padStart(7)} ${r.seconds.toFixed(1).padStart(9)} ${String(Math.round(r.rows / r.seconds)).padStart(7)} ${`${r.heapPeakMb} MB`.padStart(10)} ${`${r.rssPeakMb} MB`.padStart(9)}`,
      );
    }
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
