import { readFileSync } from 'node:fs';

/**
 * Whether a process with this pid runs (EPERM: it exists, but belongs to someone else). A zombie —
 * exited, waiting for a parent that may never reap it (an orphan under a container's init) — is not
 * running: waiting on it would wait for ever.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // The state is the field after the command, which is in parentheses and may itself hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false; // no /proc (not Linux), or it ended meanwhile: kill() answered already
  }
}
