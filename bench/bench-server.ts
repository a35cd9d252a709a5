/**
 * The server as the document benchmarks use it: a child process (`node dist/main.js`) in its own
 * DATA_DIR, an editor made with the command line (as a new deployment's first user is), signed in,
 * and a published tool to attach documents to. Stopped (and its folder removed) by `stop()`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchServer {
  port: number;
  pid: number;
  /** A scratch folder for the benchmark's files, removed with the server's data. */
  dir: string;
  /** The server's environment: the command line run with it works on the server's data. */
  env: Record<string, string>;
  gql(query: string, variables?: object): Promise<any>;
  /** Streams a file from disk as a multipart upload to the benchmark's tool. */
  upload(path: string): Promise<{ status: number; body: any }>;
  /** Waits for a document to end: "INDEXED", or "FAILED: reason". */
  waitStatus(id: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process now (VmRSS) or at its peak (VmHWM), in MB. */
export function memoryMb(pid: number, which: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${which}:\\s+(\\d+)`).exec(status)![1]) / 1024);
}

export async function startBenchServer(name: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), `lrkb-${name}-bench-`));
  const port = await freePort();
  const serverEnv = {
    ...process.env,
    DATA_DIR: join(dir, 'data'),
    PORT: String(port),
    SEED_ON_START: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    NODE_ENV: 'production',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    RATE_LIMIT_SIGNED_IN_PER_MINUTE: '0',
    JWT_SECRET: randomBytes(48).toString('base64'),
    METRICS_TOKEN: randomBytes(24).toString('hex'),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...env,
  };
  const password = randomBytes(18).toString('base64');
  execFileSync(process.execPath, [require.resolve('#app/cli/main'), 'user:create', '--email', 'bench@example.org', '--role', 'EDITOR'], {
    env: { ...serverEnv, USER_PASSWORD: password },
    stdio: 'ignore',
  });
  const child = spawn(process.execPath, [require.resolve('#app/main')], { env: serverEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  let bearer = '';
  const gql = async (query: string, variables: object = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (bearer) headers.authorization = bearer;
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error('the server did not start');
      // Ready, not just up: the first build of the (empty) index is start-up work, not what is measured.
      if (
        await fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    bearer = `Bearer ${(await gql(`mutation($p: String!) { login(email: "bench@example.org", password: $p) { accessToken } }`, { p: password })).login.accessToken}`;
    const tool = await gql(`mutation { createTool(input: { title: "Benchmark tool", summary: "Documents for the benchmark.", kind: GUIDE }) { id } }`);
    await gql(`mutation($id: ID!) { publishTool(id: $id) { id } }`, { id: tool.createTool.id });
    // Documents are uploaded to a record already in the index, as curators do: its own indexing is not measured.
    for (let i = 0; (await gql(`{ search(query: "Benchmark tool", types: [TOOL]) { totalCount } }`)).search.totalCount === 0; i++) {
      if (i > 600) throw new Error('the benchmark tool never became searchable');
      await new Promise((r) => setTimeout(r, 100));
    }
    const fields = { recordType: 'TOOL', recordId: tool.createTool.id as string };
    return {
      port,
      pid: child.pid!,
      dir,
      env: serverEnv,
      gql,
      upload: (path) => uploadFile(port, bearer, path, fields),
      waitStatus: async (id) => {
        for (;;) {
          const data = await gql(`query($id: ID!) { document(id: $id) { status failureReason } }`, { id });
          if (['INDEXED', 'FAILED'].includes(data.document.status)) return `${data.document.status}${data.document.failureReason ? `: ${data.document.failureReason}` : ''}`;
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A multipart upload streamed from disk: the client holds no more of the file in memory than the server does. */
function uploadFile(port: number, bearer: string, path: string, fields: Record<string, string>): Promise<{ status: number; body: any }> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head =
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.split('/').pop()}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const length = Buffer.byteLength(head) + statSync(path).size + Buffer.byteLength(tail);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/documents',
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length, authorization: bearer },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(path);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}
