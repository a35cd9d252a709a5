/**
 * npm run bench:import — what a bulk import posted to the workspace page costs the server: its
 * resident memory (VmRSS sampled, and the growth of its peak VmHWM) and how long its event loop
 * stalls (the slowest answer to `GET /`, a bare redirect, asked every 20 ms while the import runs). Two files: a small ZIP
 * whose tools.csv inflates to 190 MB (4,990 rows × 38,000-character summaries; refused by the
 * import's limits), and a real 5,000-row CSV checked as a dry run. The server runs as a child process
 * (bench-server.ts) in a temporary DATA_DIR, removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type BenchServer, memoryMb, startBenchServer } from './bench-server';
import { makeZip } from '../test/fixtures/sample-documents';

const BOMB_ROWS = Number(process.env.BENCH_BOMB_ROWS ?? 4990);
const BOMB_CELL = Number(process.env.BENCH_BOMB_CELL ?? 38000);
const ROWS = Number(process.env.BENCH_ROWS ?? 5000);

/** A signed-in curator's browser: cookies kept, the import form's CSRF-bearing action read from the page. */
async function curatorSession(server: BenchServer): Promise<{ post(file: Buffer, filename: string): Promise<{ status: number; text: string }> }> {
  const base = `http://127.0.0.1:${server.port}`;
  const email = 'bench-curator@example.org';
  const password = randomBytes(18).toString('base64');
  execFileSync(process.execPath, [require.resolve('#app/cli/main'), 'user:create', '--email', email, '--role', 'CURATOR'], {
    env: { ...server.env, USER_PASSWORD: password },
    stdio: 'ignore',
  });
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie: cookie() }, redirect: 'manual' });
    keep(res);
    return res.text();
  };
  const loginForm = await page('/en/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(loginForm)![1];
  const login = await fetch(`${base}/en/login`, {
    method: 'POST',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
    redirect: 'manual',
  });
  keep(login);
  if (login.status !== 303) throw new Error(`sign-in failed: ${login.status}`);
  return {
    async post(file, filename) {
      const form = await page('/en/workspace/import');
      const action = /<form action="([^"]+\/workspace\/import\?_csrf=[^"]+)"/.exec(form)![1].replace(/&amp;/g, '&');
      const body = new FormData();
      body.set('type', 'tools');
      body.set('dryRun', 'on');
      body.set('file', new Blob([new Uint8Array(file)]), filename);
      const res = await fetch(`${base}${action}`, { method: 'POST', headers: { cookie: cookie() }, body });
      return { status: res.status, text: await res.text() };
    },
  };
}

interface Measured {
  status: number;
  seconds: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  hwmGrowthMb: number;
  longestStallMs: number;
  message: string;
}

/** Posts a file while sampling the server's memory and timing answers to `GET /` (the event loop's stalls). */
async function measured(server: BenchServer, post: () => Promise<{ status: number; text: string }>): Promise<Measured> {
  const rssBeforeMb = memoryMb(server.pid, 'VmRSS');
  const hwmBefore = memoryMb(server.pid, 'VmHWM');
  let rssPeakMb = rssBeforeMb;
  let longestStallMs = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      rssPeakMb = Math.max(rssPeakMb, memoryMb(server.pid, 'VmRSS'));
      const asked = performance.now();
      // `/` only redirects (no database, no engine): its answer time is the event loop's availability.
      await fetch(`http://127.0.0.1:${server.port}/`, { redirect: 'manual' }).then((r) => r.arrayBuffer());
      longestStallMs = Math.max(longestStallMs, performance.now() - asked);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  const res = await post();
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await sampler;
  const message = /<div class="error-summary"[\s\S]*?<a [^>]*>([^<]+)<\/a>/.exec(res.text)?.[1] ?? /<p role="status">([^<]+)<\/p>/.exec(res.text)?.[1] ?? '';
  return { status: res.status, seconds, rssBeforeMb, rssPeakMb, hwmGrowthMb: memoryMb(server.pid, 'VmHWM') - hwmBefore, longestStallMs, message };
}

function print(label: string, m: Measured): void {
  console.log(
    `| ${label} | ${m.status} | ${m.seconds.toFixed(2)} s | ${m.rssBeforeMb} → ${m.rssPeakMb} MB (peak +${m.hwmGrowthMb} MB) | ${Math.round(m.longestStallMs)} ms | ${m.message.replace(/\s+/g, ' ').trim()} |`,
  );
}

async function main(): Promise<void> {
  const server = await startBenchServer('import');
  try {
    const session = await curatorSession(server);
    process.stdout.write(`Building a ZIP of ${BOMB_ROWS} rows × ${BOMB_CELL}-character summaries… `);
    const summary = 'Human rights in the city. '.repeat(Math.ceil(BOMB_CELL / 26)).slice(0, BOMB_CELL);
    const bombCsv = ['title,kind,summary', ...Array.from({ length: BOMB_ROWS }, (_, i) => `Inflated guide ${i},GUIDE,${summary}`)].join('\n');
    const bomb = await makeZip([{ name: 'tools.csv', data: bombCsv }]);
    console.log(`${Math.round(bomb.length / 1024)} KB, inflating to ${Math.round(Buffer.byteLength(bombCsv) / 1048576)} MB`);
    const csv = Buffer.from(
      [
        'title,kind,publisher,year,summary',
        ...Array.from({ length: ROWS }, (_, i) => `Benchmark guide ${i},GUIDE,Network ${i % 50},${2000 + (i % 25)},${'A guide for local governments. '.repeat(20)}`),
      ].join('\n'),
    );

    console.log('\n| File (dry run on /en/workspace/import) | Status | Answer after | Server RSS (before → peak) | Longest answer to GET / | Message |');
    console.log('|---|---|---|---|---|---|');
    // The stall a client sees with nothing posted: the baseline.
    print('nothing posted (baseline)', await measured(server, async () => (await new Promise((r) => setTimeout(r, 2000)), { status: 0, text: '' })));
    print(`ZIP ${Math.round(bomb.length / 1024)} KB → ${Math.round(Buffer.byteLength(bombCsv) / 1048576)} MB CSV`, await measured(server, () => session.post(bomb, 'tools.zip')));
    print(`CSV ${ROWS} rows, ${Math.round(csv.length / 1048576)} MB`, await measured(server, () => session.post(csv, 'tools.csv')));
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
