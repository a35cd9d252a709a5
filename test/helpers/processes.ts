import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export { isProcessAlive as isAlive } from '../../src/common/workers/processes';

/** Whether poppler's pdftotext is installed here (CI installs it; a fresh machine may not have it). */
export const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Live processes whose command line contains `needle`, read from the process table (/proc);
 * `childrenOf`: only those whose parent is that pid (this suite's own, when suites run in parallel).
 */
export function processesWith(needle: string, options: { childrenOf?: number } = {}): { pid: number; command: string }[] {
  const out: { pid: number; command: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // The parent pid is the 4th field of /proc/<pid>/stat, after the command in parentheses.
      const parent = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      if (command.includes(needle) && (options.childrenOf === undefined || parent === options.childrenOf)) out.push({ pid: Number(name), command });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Polls until `check` holds; fails naming `what` after the timeout. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Upload staging files under a DATA_DIR (an upload that ended, well or badly, leaves none). */
export function stagingFiles(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'files', 'tmp'));
  } catch {
    return [];
  }
}
