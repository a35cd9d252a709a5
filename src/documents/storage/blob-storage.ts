import { Readable } from 'node:stream';

/** A file streamed into local staging, hashed and measured, not yet kept. */
export interface StagedBlob {
  /** Local path of the staged bytes (type detection reads it). */
  path: string;
  sha256: string;
  byteSize: number;
  /** The source had more than the allowed bytes; the staged file holds only the first ones. */
  truncated: boolean;
}

/**
 * Where originals live, content-addressed by SHA-256. The local implementation keeps them under
 * DATA_DIR/files; an S3-compatible store can implement the same interface.
 */
export interface BlobStorage {
  /** Streams the source to a staging file, hashing as it goes; stops keeping bytes past maxBytes. */
  stage(source: Readable, maxBytes: number): Promise<StagedBlob>;
  /** Keeps a staged blob under its hash (once: identical bytes are stored once) and removes the staging file. */
  commit(staged: StagedBlob): Promise<{ key: string; existed: boolean }>;
  /** Removes staging files left by uploads that never finished (a crash); returns how many. */
  removeStaleStaging(olderThanMs: number): Promise<number>;
  /** Forgets a staged blob. */
  discard(staged: StagedBlob): Promise<void>;
  /** The stored bytes, or null when missing. */
  open(key: string): Promise<{ stream: Readable; byteSize: number } | null>;
  /** A local path to read the blob from (extraction tools need one); `release` after use. */
  localPath(key: string): Promise<{ path: string; release: () => Promise<void> } | null>;
}

export const BLOB_STORAGE = Symbol('BLOB_STORAGE');
