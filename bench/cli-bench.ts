/**
 * npm run bench:cli — the command line beside a busy server on the embedded SQLite database: the
 * server (`node dist/main.js`, bench-server.ts) extracts large PDFs while BENCH_WRITERS clients keep
 * creating and publishing records over GraphQL; meanwhile `node dist/cli/main.js import` takes a
 * BENCH_ROWS-row CSV. Prints the import's rows per second and outcome, and the writers' latencies
 * without and with the import beside them (and their errors: the goal is none on either side).
 *
 * BENCH_ROWS (5000), BENCH_WRITERS (8), BENCH_PAGES (600 per PDF), BENCH_BASELINE_SECONDS (10).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchServer } from './bench-server';
import { percentile, startWriters, WritersOutcome } from '../test/helpers/busy-writers';
import { makePdf } from '../test/fixtures/sample-documents';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const PAGES = Number(process.env.BENCH_PAGES ?? 600);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 10);

function describeWriters(label: string, outcome: WritersOutcome, seconds: number): string {
  const t = outcome.latencies;
  const ms = (p: number) => percentile(t, p).toFixed(0);
  return (
    `  ${label.padEnd(22)} ${String(outcome.written).padStart(6)} written (${(outcome.written / seconds).toFixed(1)}/s), ${outcome.errors.length} errors;` +
    ` create+publish p50 ${ms(0.5)} ms, p95 ${ms(0.95)} ms, p99 ${ms(0.99)} ms, max ${(t.at(-1) ?? NaN).toFixed(0)} ms`
  );
}

async function main(): Promise<void> {
  console.log(`bench:cli — import of ${ROWS} rows beside a server extracting 2 PDFs of ${PAGES} pages, with ${WRITERS} writing clients (SQLite)`);
  const server = await startBenchServer('cli', { EXTRACTION_CONCURRENCY: '1' });
  try {
    // Baseline: the writers alone.
    let writers = startWriters((query, variables) => server.gql(query, variables), WRITERS, 'Baseline tool');
    await new Promise((r) => setTimeout(r, BASELINE_SECONDS * 1000));
    const baseline = await writers.stop();

    // Busy: large PDFs extracting (each ends in one transaction writing thousands of passages), writers writing.
    for (let d = 0; d < 2; d++) {
      const path = join(server.dir, `volume-${d}.pdf`);
      const page = (n: number) => `Volume ${d} page ${n}: housing, participation, non-discrimination, monitoring and budgets. `.repeat(30);
      writeFileSync(path, await makePdf(Array.from({ length: PAGES }, (_, n) => page(n))));
      const res = await server.upload(path);
      if (res.status !== 201) throw new Error(`upload refused: ${res.status} ${JSON.stringify(res.body)}`);
    }
    writers = startWriters((query, variables) => server.gql(query, variables), WRITERS, 'Busy tool');

    const csv = join(server.dir, 'tools.csv');
    writeFileSync(
      csv,
      ['title,kind,summary,year,publisher', ...Array.from({ length: ROWS }, (_, i) => `Bench import ${i},GUIDE,Row ${i} of the benchmark import.,2024,Bench network`)].join('\n'),
    );
    const started = performance.now();
    const cli = spawn(process.execPath, [require.resolve('#app/cli/main'), 'import', csv, '--type', 'tools', '--as', 'bench@example.org'], {
      env: { ...server.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    cli.stdout.on('data', (c) => (output += c));
    cli.stderr.on('data', (c) => (output += c));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    const seconds = (performance.now() - started) / 1000;
    const busy = await writers.stop();

    const summary = output.split('\n').find((l) => l.startsWith('Imported:')) ?? output.trim().split('\n').slice(-3).join(' | ');
    console.log(`  import                 exit ${code}, ${seconds.toFixed(1)} s, ${(ROWS / seconds).toFixed(0)} rows/s (CLI start-up included) — ${summary}`);
    console.log(describeWriters('writers alone', baseline, BASELINE_SECONDS));
    console.log(describeWriters('writers beside import', busy, seconds));
    for (const error of [...new Set([...baseline.errors, ...busy.errors])].slice(0, 5)) console.log(`  writer error: ${error}`);
    if (code !== 0 || baseline.errors.length || busy.errors.length) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
