import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ExtractionReply, ExtractionRequest } from './extract.worker';

export interface RunLimits {
  timeoutMs: number;
  memoryMb: number;
}

/** The worker script: compiled JavaScript when built; from TypeScript sources under ts-jest/ts-node. */
function workerScript(): { filename: string; eval: boolean } {
  const js = join(__dirname, 'extract.worker.js');
  if (existsSync(js)) return { filename: js, eval: false };
  const ts = join(__dirname, 'extract.worker.ts');
  return {
    filename: `require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } }); require(${JSON.stringify(ts)});`,
    eval: true,
  };
}

/**
 * Runs one extraction in a fresh worker thread with a heap limit and a wall-clock limit: a file that
 * loops or balloons kills its worker, never the service. (pdftotext, a child process of the worker,
 * carries the same limits itself.)
 */
export function runExtraction(request: ExtractionRequest, limits: RunLimits, signal?: AbortSignal): Promise<ExtractionReply> {
  const script = workerScript();
  return new Promise<ExtractionReply>((resolve) => {
    let settled = false;
    const worker = new Worker(script.filename, {
      eval: script.eval,
      workerData: { extractionRequest: request },
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, limits.memoryMb / 8)) },
      stdout: true,
      stderr: true,
    });
    // pdf.js warns on stdout about damaged files; the failure reason says what matters.
    worker.stdout.resume();
    worker.stderr.resume();
    const finish = (reply: ExtractionReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(reply);
    };
    const timer = setTimeout(
      () => finish({ ok: false, unexpected: false, reason: `Extraction took longer than ${Math.round(limits.timeoutMs / 1000)} s (time limit) and was stopped; the file may be damaged or far too large.` }),
      limits.timeoutMs,
    );
    const onAbort = () => finish({ ok: false, unexpected: true, reason: 'Extraction was interrupted (the service is stopping); it will run again.' });
    signal?.addEventListener('abort', onAbort);
    worker.once('message', (reply: ExtractionReply) => finish(reply));
    worker.once('error', (error: Error & { code?: string }) =>
      finish(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { ok: false, unexpected: false, reason: `Extraction needed more than ${limits.memoryMb} MB of memory (limit) and was stopped; the file may be hostile or far too large.` }
          : { ok: false, unexpected: true, reason: `Extraction failed unexpectedly: ${error.message}` },
      ),
    );
    worker.once('exit', (code) => finish({ ok: false, unexpected: true, reason: `The extraction worker exited (code ${code}) without an answer.` }));
  });
}
