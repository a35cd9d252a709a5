import { ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHILD_READY, CHILD_RECOGNISING, type ExtractionReply, type ExtractionRequest } from './extraction-protocol';

export interface RunLimits {
  timeoutMs: number;
  /** Added to the time limit once the child says it recognises pages (OCR): the document's recognition budget. */
  recognitionMs?: number;
  memoryMb: number;
  /** How many idle processes to keep for the next files (the most that run at once). */
  keepIdle?: number;
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

/** Beyond the recognition budget: the page being recognised when it ran out, and the answer's way back. */
const RECOGNITION_MARGIN_MS = 15000;

/** A process reads at most this many files before it is replaced (whatever builds up in it stays bounded). */
const FILES_PER_PROCESS = 25;
/** Idle processes kept ready when the caller does not say (the queue: EXTRACTION_CONCURRENCY plus one for small files). */
const DEFAULT_IDLE = 2;
/** A process that grew past this share of its heap limit is replaced rather than given the next file. */
const RETIRE_AT_SHARE_OF_LIMIT = 0.5;
/** How often a running extraction's resident memory is read. */
const MEMORY_CHECK_MS = 250;

/**
 * The resident memory an extraction's process group may use: twice its heap limit (buffers, typed arrays
 * and WebAssembly memory live outside the heap) plus room for Node itself and the programs it starts.
 * An address-space limit (ulimit -v) would break V8 and WebAssembly, which reserve far more than they use.
 */
function residentLimitMb(memoryMb: number): number {
  return memoryMb * 2 + 256;
}

interface ExtractionProcess {
  child: ChildProcess;
  /** Resolves true once the child has loaded its code, false if it ended first. */
  ready: Promise<boolean>;
  memoryMb: number;
  files: number;
  stderr: string;
}

const idle: ExtractionProcess[] = [];

function startProcess(memoryMb: number): ExtractionProcess {
  const script = extractionScript();
  const child = fork(script.path, [], {
    execArgv: [...script.execArgv, `--max-old-space-size=${memoryMb}`, `--max-semi-space-size=${Math.min(16, Math.max(1, Math.floor(memoryMb / 16)))}`],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
    detached: true,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const proc: ExtractionProcess = {
    child,
    memoryMb,
    files: 0,
    stderr: '',
    ready: new Promise<boolean>((resolve) => {
      child.once('message', (message) => resolve(message === CHILD_READY));
      child.once('exit', () => resolve(false));
      child.once('error', () => resolve(false));
    }),
  };
  // An IPC error (a send to a process that just died) is reported by the job's own listener, or by its exit.
  child.on('error', () => undefined);
  child.stderr?.on('data', (chunk: Buffer) => {
    if (proc.stderr.length < 8192) proc.stderr += chunk.toString('utf8');
  });
  child.once('exit', () => {
    const at = idle.indexOf(proc);
    if (at >= 0) idle.splice(at, 1);
  });
  return proc;
}

/** An idle process with this heap limit, or a new one. */
function takeProcess(memoryMb: number): ExtractionProcess {
  const at = idle.findIndex((p) => p.memoryMb === memoryMb && p.child.exitCode === null && p.child.signalCode === null);
  if (at < 0) return startProcess(memoryMb);
  const [proc] = idle.splice(at, 1);
  proc.child.ref();
  proc.child.channel?.ref();
  proc.stderr = '';
  return proc;
}

/** Resident memory of a process in MB (Linux); Infinity where it cannot be read, so the process is not kept. */
function residentMb(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Infinity) / 1024;
  } catch {
    return Infinity;
  }
}

/** The processes a process started, and theirs (pdftotext, tesseract…), from /proc (Linux; none elsewhere). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    let children: number[];
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    } catch {
      continue;
    }
    for (const child of children) out.push(child, ...descendants(child));
  }
  return out;
}

/** Resident memory of a process and everything it started, in MB (0 for processes that have ended meanwhile). */
function groupResidentMb(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, p) => {
    const mb = residentMb(p);
    return sum + (Number.isFinite(mb) ? mb : 0);
  }, 0);
}

/** After a file read without trouble: kept for the next one while young and small, else ended. */
function giveBack(proc: ExtractionProcess, keepIdle: number): void {
  proc.files++;
  if (proc.files >= FILES_PER_PROCESS || idle.length >= keepIdle || residentMb(proc.child.pid) > proc.memoryMb * RETIRE_AT_SHARE_OF_LIMIT) {
    killProcessGroup(proc.child.pid);
    return;
  }
  // An idle process keeps neither the service nor a command-line task from exiting.
  proc.child.unref();
  proc.child.channel?.unref();
  idle.push(proc);
}

/** Ends the idle extraction processes (the service is stopping). */
export function stopIdleExtractionProcesses(): void {
  for (const proc of idle.splice(0)) killProcessGroup(proc.child.pid);
}

/** The pids of the idle extraction processes (tests tell them from busy ones). */
export function idleExtractionProcessIds(): number[] {
  return idle.map((p) => p.child.pid!).filter(Boolean);
}

/**
 * Runs one extraction in a child process with a heap limit and a wall-clock limit. A child process,
 * not a worker thread: V8 can abort the whole process when a worker thread's heap limit is hit by a
 * large allocation (seen here with a 40 MB text file), and a hostile file must never take the service
 * down. The child leads its own process group, so a time limit or a cancellation ends it together
 * with pdftotext or any other program it started; each file's temporary files live in a folder of its
 * own, removed afterwards whatever happened. A process that read a file without trouble is kept for
 * the next (starting Node and loading the extractors cost ~280 ms of CPU a file, measured, more than
 * reading a 150-page PDF with pdftotext); after any time limit, crash or cancellation it is ended.
 */
export function runExtraction(request: ExtractionRequest, limits: RunLimits, signal?: AbortSignal): Promise<ExtractionReply> {
  // The folder first: if it cannot be made (a full disk), no process is taken and none is left behind.
  const scratch = mkdtempSync(join(tmpdir(), 'lrkb-job-'));
  const proc = takeProcess(limits.memoryMb);
  const { child } = proc;
  return new Promise<ExtractionReply>((resolve) => {
    let settled = false;
    // The heap limit does not bound buffers (a PDF stream inflating to a gigabyte of zeros): the group's
    // resident memory is read a few times a second and the job ended past its limit.
    const residentLimit = residentLimitMb(limits.memoryMb);
    const memoryCheck = setInterval(() => {
      if (child.pid && groupResidentMb(child.pid) > residentLimit)
        finish({
          ok: false,
          unexpected: false,
          reason: `Extraction needed more than ${residentLimit} MB of memory (resident limit, twice EXTRACTION_MEMORY_MB plus 256 MB) and was stopped; the file may be hostile or far too large.`,
        });
    }, MEMORY_CHECK_MS);
    const finish = (reply: ExtractionReply, reusable = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(memoryCheck);
      signal?.removeEventListener('abort', onAbort);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
      rmSync(scratch, { recursive: true, force: true });
      // Always the whole group when not kept: the child may have exited and left a grandchild running.
      if (reusable) giveBack(proc, limits.keepIdle ?? DEFAULT_IDLE);
      else killProcessGroup(child.pid);
      resolve(reply);
    };
    let sentAt = 0;
    const overTime = () =>
      finish({
        ok: false,
        unexpected: false,
        reason: `Extraction took longer than ${Math.round((deadline - sentAt) / 1000)} s (time limit) and was stopped; the file may be damaged or far too large.`,
      });
    const notStarted = () => finish({ ok: false, unexpected: true, reason: `The extraction process did not start within ${START_LIMIT_MS / 1000} s; it will run again.` });
    let timer = setTimeout(notStarted, START_LIMIT_MS);
    const onAbort = () => finish({ ok: false, unexpected: true, reason: 'Extraction was interrupted (the service is stopping); it will run again.' });
    signal?.addEventListener('abort', onAbort);
    // Recognition keeps its own budget (the child stops itself within it; the margin covers the page in hand).
    let deadline = Infinity;
    const onMessage = (message: ExtractionReply | typeof CHILD_READY | typeof CHILD_RECOGNISING) => {
      if (message === CHILD_READY) return;
      if (message === CHILD_RECOGNISING) {
        if (!limits.recognitionMs) return;
        clearTimeout(timer);
        deadline = Math.max(deadline, Date.now()) + limits.recognitionMs + RECOGNITION_MARGIN_MS;
        timer = setTimeout(overTime, deadline - Date.now());
        return;
      }
      // Any other message is the answer: a failure the extractor reported leaves the process fit for the next file.
      finish(message, message.ok || !message.unexpected);
    };
    const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
      if (/heap out of memory|Reached heap limit/i.test(proc.stderr)) {
        return finish({
          ok: false,
          unexpected: false,
          reason: `Extraction needed more than ${limits.memoryMb} MB of memory (limit) and was stopped; the file may be hostile or far too large.`,
        });
      }
      finish({ ok: false, unexpected: true, reason: `The extraction process ended (${exitSignal ?? `code ${code}`}) without an answer.` });
    };
    const onError = (error: Error) => finish({ ok: false, unexpected: true, reason: `The extraction process could not run: ${error.message}` });
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.on('error', onError);
    // The file's time limit starts once the process has loaded its code (a reused one has), with the request.
    void proc.ready.then((ok) => {
      if (settled) return;
      if (!ok) return onExit(child.exitCode, child.signalCode);
      clearTimeout(timer);
      sentAt = Date.now();
      deadline = sentAt + limits.timeoutMs;
      timer = setTimeout(overTime, limits.timeoutMs);
      child.send({ ...request, scratch });
    });
  });
}
