import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../common/workers/processes';

export class DataDirLockedError extends Error {}

/**
 * One server per DATA_DIR: two would each start a search engine on the same data and claim the same
 * files. The lock is a file holding the server's pid, created exclusively; a lock whose process is gone
 * (a crash, SIGKILL) is taken over. The command line does not take it: it works beside a running server.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'server.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isProcessAlive(holder)) {
        throw new DataDirLockedError(
          `Another server (pid ${holder}) is already running on DATA_DIR=${dataDir}. Stop it first, or give this one its own DATA_DIR. ` +
            '(The command line — user:create, seed, reindex — works beside a running server.)',
        );
      }
      rmSync(path, { force: true }); // left by a process that ended
    }
  }
  throw new DataDirLockedError(`Could not take the lock ${path}; another server may be starting on the same DATA_DIR.`);
}
