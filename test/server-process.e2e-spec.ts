import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, meiliPaths } from '../src/search/meili-process';
import { TEST_JWT_SECRET } from './helpers/test-app';
import { isAlive, waitFor } from './helpers/processes';

/**
 * The server as an operator runs it: real `node` processes on one DATA_DIR. A crashed server's
 * Meilisearch is stopped by the next start; a second server on the same DATA_DIR refuses to start;
 * the command line keeps working beside a running server. (SQLite: this is about processes.)
 */

const ROOT = join(__dirname, '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

describe('the server process on its DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lrkb-proc-'));
  const started: ChildProcess[] = [];
  const meiliPids: number[] = [];

  const env = (port: number) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MEILI_') && k !== 'DATABASE_URL'));
    return { ...base, DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, SEED_ON_START: 'false', LOG_LEVEL: 'warn' };
  };
  const startServer = async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [...TS_NODE, join(ROOT, 'src', 'main.ts')], { cwd: ROOT, env: env(port), stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, port, exited, output: () => output };
  };
  const healthy = async (port: number) => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      return res.status === 200 && ((await res.json()) as { search?: { status?: string } }).search?.status === 'up';
    } catch {
      return false;
    }
  };
  const recordedEngine = () => JSON.parse(readFileSync(meiliPaths(dataDir).endpoint, 'utf8')) as { pid: number; ownerPid: number };

  afterAll(async () => {
    // Teardown stops every process this test started: servers, and any engine they left.
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const pid of meiliPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops a crashed server’s Meilisearch on the next start, refuses a second server, and lets the CLI work beside it', async () => {
    const first = await startServer();
    await waitFor(() => healthy(first.port), `the first server to be healthy (${first.output()})`, 90000);
    const orphan = recordedEngine();
    meiliPids.push(orphan.pid);
    expect(orphan.ownerPid).toBe(first.child.pid);

    // A second server on the same DATA_DIR refuses to start, saying why.
    const second = await startServer();
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Another server (pid ${first.child.pid}) is already running on DATA_DIR=${dataDir}`);
    expect(isAlive(orphan.pid)).toBe(true); // it touched nothing

    // The first crashes: its engine is left running (nothing could stop it).
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(orphan.pid)).toBe(true);

    // The next start stops the leftover engine before starting its own.
    const third = await startServer();
    await waitFor(() => healthy(third.port), `the restarted server to be healthy (${third.output()})`, 90000);
    expect(isAlive(orphan.pid)).toBe(false);
    const engine = recordedEngine();
    meiliPids.push(engine.pid);
    expect(engine.pid).not.toBe(orphan.pid);
    expect(engine.ownerPid).toBe(third.child.pid);
    expect(third.output()).toContain(`Stopping Meilisearch (pid ${orphan.pid}) left running`);

    // The command line is not a server: it works beside one.
    const cli = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [...TS_NODE, join(ROOT, 'src', 'cli', 'main.ts'), 'user:create', '--email', 'beside@test.example', '--role', 'CURATOR'],
        { cwd: ROOT, env: { ...env(0), USER_PASSWORD: 'beside-the-server-password' } },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
      );
    });
    expect(cli).toMatchObject({ code: 0 });
    const login = await fetch(`http://127.0.0.1:${third.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(email: "beside@test.example", password: "beside-the-server-password") { accessToken } }' }),
    });
    expect(((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken).toEqual(expect.any(String));

    // A clean stop takes its engine and its lock with it.
    third.child.kill('SIGTERM');
    await third.exited;
    await waitFor(() => !isAlive(engine.pid), 'the engine to stop with its server', 15000);
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);
  });
});
