import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobStorage, StagedBlob } from './blob-storage';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Hashes and counts every byte; passes on only the first `maxBytes`. */
class MeasuringLimiter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  truncated = false;

  constructor(private readonly maxBytes: number) {
    super();
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.truncated) return done(); // keep draining the source, keep nothing
    const room = this.maxBytes - this.bytes;
    if (chunk.length > room) {
      this.truncated = true;
      chunk = chunk.subarray(0, Math.max(0, room));
    }
    this.bytes += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/** Originals under DATA_DIR/files/ab/cd/<sha256>; staging files under DATA_DIR/files/tmp. */
export class LocalBlobStorage implements BlobStorage {
  private readonly staging: string;
  /** Staging files of this process's uploads in progress (streaming, or staged and not yet kept or discarded). */
  private readonly held = new Set<string>();

  constructor(private readonly root: string) {
    this.staging = join(root, 'tmp');
  }

  stage(source: Readable, maxBytes: number): Promise<StagedBlob> {
    // Listen from the first byte: a source can fail before anything below is awaited (a multipart body
    // cut before its closing boundary fails its file stream at once), and an unheard stream error ends
    // the process.
    let early: Error | undefined;
    const recordEarly = (error: Error) => (early ??= error);
    // Read through a function: set by a listener, so the compiler cannot narrow it between awaits.
    const failedEarly = (): Error | undefined => early;
    source.on('error', recordEarly);
    const path = join(this.staging, `${randomUUID()}.part`);
    const limiter = new MeasuringLimiter(maxBytes);
    this.held.add(path);
    return (async () => {
      try {
        await mkdir(this.staging, { recursive: true });
        if (failedEarly()) throw failedEarly()!;
        await pipeline(source, limiter, createWriteStream(path, { flags: 'wx' }));
        if (failedEarly()) throw failedEarly()!;
      } catch (error) {
        source.destroy();
        await rm(path, { force: true });
        this.held.delete(path);
        throw error;
      } finally {
        source.off('error', recordEarly);
      }
      return { path, sha256: limiter.hash.digest('hex'), byteSize: limiter.bytes, truncated: limiter.truncated };
    })();
  }

  /**
   * Removes staging files older than `olderThanMs`, except this process's uploads in progress. Those are
   * touched first: another replica sharing the folder sees them as fresh (a stalled upload writes nothing).
   */
  async removeStaleStaging(olderThanMs: number): Promise<number> {
    const now = new Date();
    for (const path of this.held) await utimes(path, now, now).catch(() => undefined);
    const names = await readdir(this.staging).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(this.staging, name);
      if (this.held.has(path)) continue;
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && Date.now() - info.mtimeMs > olderThanMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async commit(staged: StagedBlob): Promise<{ key: string; existed: boolean }> {
    const key = staged.sha256;
    const final = this.pathOf(key);
    if (await exists(final)) {
      await rm(staged.path, { force: true });
      this.held.delete(staged.path);
      return { key, existed: true };
    }
    await mkdir(join(final, '..'), { recursive: true });
    // Flushed to disk before the rename makes it visible: a crash never leaves a half file under its hash.
    const handle = await open(staged.path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(staged.path, final);
    this.held.delete(staged.path);
    return { key, existed: false };
  }

  async discard(staged: StagedBlob): Promise<void> {
    await rm(staged.path, { force: true });
    this.held.delete(staged.path);
  }

  async open(key: string): Promise<{ stream: Readable; byteSize: number } | null> {
    const path = this.pathOf(key);
    const info = await stat(path).catch(() => null);
    if (!info) return null;
    return { stream: createReadStream(path), byteSize: info.size };
  }

  async localPath(key: string): Promise<{ path: string; release: () => Promise<void> } | null> {
    const path = this.pathOf(key);
    return (await exists(path)) ? { path, release: async () => undefined } : null;
  }

  private pathOf(key: string): string {
    if (!SHA256_HEX.test(key)) throw new Error(`Not a SHA-256 key: ${key}`);
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
