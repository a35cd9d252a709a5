import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { LocalBlobStorage } from './local-blob-storage';

describe('LocalBlobStorage staging sweep', () => {
  const root = mkdtempSync(join(tmpdir(), 'lrkb-blobs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const anHourAgo = () => new Date(Date.now() - 3600_000);

  it('removes old staging files but never an upload in progress, which it keeps fresh for other replicas', async () => {
    const storage = new LocalBlobStorage(root);
    const source = new PassThrough();
    const staging = storage.stage(source, 1000);
    source.write('the first bytes of an upload that stalls');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const leftover = join(root, 'tmp', 'crashed.part');
    mkdirSync(join(root, 'tmp'), { recursive: true });
    writeFileSync(leftover, 'left by a crash');
    utimesSync(leftover, anHourAgo(), anHourAgo());
    // The stalled upload's own file looks just as old.
    const [inProgress] = readdirSync(join(root, 'tmp'))
      .filter((name) => name !== 'crashed.part')
      .map((name) => join(root, 'tmp', name));
    utimesSync(inProgress, anHourAgo(), anHourAgo());

    expect(await storage.removeStaleStaging(5 * 60 * 1000)).toBe(1);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(inProgress)).toBe(true);
    expect(Date.now() - statSync(inProgress).mtimeMs).toBeLessThan(60_000);

    source.end('and its last ones');
    const staged = await staging;
    await storage.commit(staged);
    // Kept under its hash: no longer in staging, and no longer held.
    expect(existsSync(inProgress)).toBe(false);
    expect(await storage.removeStaleStaging(5 * 60 * 1000)).toBe(0);
  });
});
