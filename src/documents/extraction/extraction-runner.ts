import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHILD_READY, type ExtractionReply, type ExtractionRequest } from './extraction-protocol';

export interface RunLimits {
  timeoutMs: number;
  memoryMb: number;
}

/**
 * How long the child may take to load its code before it says it is ready. Kept apart from the
 * file's time limit: on a loaded machine (or under ts-node in tests) starting Node and loading the
 * extractors can take seconds, and that must not count against the file.
 */
const START_LIMIT_MS = 30000;

/** The extraction script: compiled JavaScript when built; TypeScript sources through ts-node under jest. */
function extractionScript(): { path: string; execArgv: string[] } {
  const js = join(__dirname, 'extraction-child.js');
  if (existsSync(js)) return { path: js, execArgv: [] };
  return { path: join(__dirname, 'extraction-child.ts'), execArgv: ['-r', 'ts-node/register/transpile-only'] };
}

/** Ends a whole process group (the extraction process and whatever it started); quiet if it is gone already. */
function killProcessGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group has exited
  }
}

/**
 * Runs one extraction in a child process with a heap limit and a wall-clock limit. A child process,
 * not a worker thread: V8 can abort the whole process when a worker thread's heap limit is hit by a
 * large allocation (seen here with a 40 MB text file), and a hostile file must never take the service
 * down. The child leads its own process group, so a time limit or a cancellation ends it together
 * with pdftotext or any other program it started; its temporary files live in a folder of its own,
 * removed afterwards whatever happened.
 */
export function runExtraction(request: ExtractionRequest, limits: RunLimits, signal?: AbortSignal): Promise<ExtractionReply> {
  const script = extractionScript();
  return new Promise<ExtractionReply>((resolve) => {
    let settled = false;
    let stderr = '';
    const scratch = mkdtempSync(join(tmpdir(), 'lrkb-job-'));
    const child = fork(script.path, [], {
      execArgv: [...script.execArgv, `--max-old-space-size=${limits.memoryMb}`, `--max-semi-space-size=${Math.min(16, Math.max(1, Math.floor(limits.memoryMb / 16)))}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      detached: true,
      env: { ...process.env, NODE_OPTIONS: '', TMPDIR: scratch },
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString('utf8');
    });
    const finish = (reply: ExtractionReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Always the whole group: the child may have exited and left a grandchild running.
      killProcessGroup(child.pid);
      rmSync(scratch, { recursive: true, force: true });
      resolve(reply);
    };
    const overTime = () =>
      finish({
        ok: false,
        unexpected: false,
        reason: `Extraction took longer than ${Math.round(limits.timeoutMs / 1000)} s (time limit) and was stopped; the file may be damaged or far too large.`,
      });
    const notStarted = () => finish({ ok: false, unexpected: true, reason: `The extraction process did not start within ${START_LIMIT_MS / 1000} s; it will run again.` });
    let timer = setTimeout(notStarted, START_LIMIT_MS);
    const onAbort = () => finish({ ok: false, unexpected: true, reason: 'Extraction was interrupted (the service is stopping); it will run again.' });
    signal?.addEventListener('abort', onAbort);
    // The first message says the child has loaded its code; the file's time limit starts then, with the request.
    child.on('message', (message: ExtractionReply | typeof CHILD_READY) => {
      if (message === CHILD_READY) {
        clearTimeout(timer);
        timer = setTimeout(overTime, limits.timeoutMs);
        child.send(request);
        return;
      }
      finish(message);
    });
    child.once('error', (error) => finish({ ok: false, unexpected: true, reason: `The extraction process could not run: ${error.message}` }));
    child.once('exit', (code, exitSignal) => {
      if (/heap out of memory|Reached heap limit/i.test(stderr)) {
        return finish({
          ok: false,
          unexpected: false,
          reason: `Extraction needed more than ${limits.memoryMb} MB of memory (limit) and was stopped; the file may be hostile or far too large.`,
        });
      }
      finish({ ok: false, unexpected: true, reason: `The extraction process ended (${exitSignal ?? `code ${code}`}) without an answer.` });
    });
  });
}
