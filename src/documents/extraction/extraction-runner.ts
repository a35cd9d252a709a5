import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractionReply, ExtractionRequest } from './extract.worker';

export interface RunLimits {
  timeoutMs: number;
  memoryMb: number;
}

/** The extraction script: compiled JavaScript when built; TypeScript sources through ts-node under jest. */
function extractionScript(): { path: string; execArgv: string[] } {
  const js = join(__dirname, 'extract.worker.js');
  if (existsSync(js)) return { path: js, execArgv: [] };
  return { path: join(__dirname, 'extract.worker.ts'), execArgv: ['-r', 'ts-node/register/transpile-only'] };
}

/**
 * Runs one extraction in a child process with a heap limit and a wall-clock limit. A child process,
 * not a worker thread: V8 can abort the whole process when a worker thread's heap limit is hit by a
 * large allocation (seen here with a 40 MB text file), and a hostile file must never take the service
 * down. pdftotext, started by the child, carries the same limits itself.
 */
export function runExtraction(request: ExtractionRequest, limits: RunLimits, signal?: AbortSignal): Promise<ExtractionReply> {
  const script = extractionScript();
  return new Promise<ExtractionReply>((resolve) => {
    let settled = false;
    let stderr = '';
    const child = fork(script.path, [], {
      execArgv: [...script.execArgv, `--max-old-space-size=${limits.memoryMb}`, `--max-semi-space-size=${Math.min(16, Math.max(1, Math.floor(limits.memoryMb / 16)))}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString('utf8');
    });
    const finish = (reply: ExtractionReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(reply);
    };
    const timer = setTimeout(
      () => finish({ ok: false, unexpected: false, reason: `Extraction took longer than ${Math.round(limits.timeoutMs / 1000)} s (time limit) and was stopped; the file may be damaged or far too large.` }),
      limits.timeoutMs,
    );
    const onAbort = () => finish({ ok: false, unexpected: true, reason: 'Extraction was interrupted (the service is stopping); it will run again.' });
    signal?.addEventListener('abort', onAbort);
    child.once('message', (reply: ExtractionReply) => finish(reply));
    child.once('error', (error) => finish({ ok: false, unexpected: true, reason: `The extraction process could not run: ${error.message}` }));
    child.once('exit', (code, exitSignal) => {
      if (/heap out of memory|Reached heap limit/i.test(stderr)) {
        return finish({ ok: false, unexpected: false, reason: `Extraction needed more than ${limits.memoryMb} MB of memory (limit) and was stopped; the file may be hostile or far too large.` });
      }
      finish({ ok: false, unexpected: true, reason: `The extraction process ended (${exitSignal ?? `code ${code}`}) without an answer.` });
    });
    child.send(request);
  });
}
