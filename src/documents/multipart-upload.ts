import busboy from 'busboy';
import type { Readable } from 'node:stream';
import type { Request } from 'express';
import { AppError, BadUserInputError } from '../common/errors';
import { BlobStorage, StagedBlob } from './storage/blob-storage';

export interface ReceivedUpload {
  fields: Record<string, string>;
  /** The staged `file` part; null when the request had none. */
  file: { staged: StagedBlob; filename: string } | null;
  /** Every staged `file` part, in order (at most `maxFiles`; the first is `file`). */
  files: { staged: StagedBlob; filename: string }[];
}

const MAX_FIELD_BYTES = 4096;

/**
 * Reads a multipart/form-data request as it arrives: the `file` part is streamed into staging
 * (hashed, measured, never held in memory), the other parts are small text fields. Past the size
 * limit the rest of the file is read and dropped, so the client always gets its answer.
 */
export function receiveUpload(req: Request, storage: BlobStorage, maxBytes: number, maxFiles = 1): Promise<ReceivedUpload> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(new BadUserInputError('file', 'send the document as multipart/form-data with a "file" part (curl -F file=@plan.pdf …)'));
  }
  return new Promise<ReceivedUpload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files: Promise<{ staged: StagedBlob; filename: string }>[] = [];
    const fileStreams: Readable[] = [];
    let settled = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: maxFiles > 1 ? maxFiles + 1 : 1, fields: 20, fieldSize: MAX_FIELD_BYTES, parts: 30 + maxFiles },
        defParamCharset: 'utf8',
      });
    } catch (error) {
      return reject(new BadUserInputError('file', `malformed multipart request: ${(error as Error).message}`));
    }
    // Every way the request can end badly lands here once: the part being staged is destroyed, so its
    // staging file is removed at once (not left open until the process ends).
    const fail = async (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      for (const stream of fileStreams) stream.destroy(error instanceof Error ? error : new Error(String(error)));
      await Promise.all(files.map((file) => file.then((f) => storage.discard(f.staged)).catch(() => undefined)));
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return void fail(new BadUserInputError(name, `must be at most ${MAX_FIELD_BYTES} bytes`));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      // Heard from the first byte, whatever happens next (stage() listens too).
      stream.on('error', () => undefined);
      if (name === 'file' && maxFiles > 1 && files.length >= maxFiles) {
        stream.resume();
        return void fail(new BadUserInputError('file', `send at most ${maxFiles} files at once`, { rule: 'tooManyFiles' }));
      }
      if (name !== 'file' || files.length >= maxFiles) {
        stream.resume(); // not ours: drop it
        return;
      }
      fileStreams.push(stream);
      const file = storage.stage(stream, maxBytes).then((staged) => ({ staged, filename: info.filename ?? '' }));
      file.catch(() => undefined); // awaited on close
      files.push(file);
    });
    parser.on('filesLimit', () => undefined);
    parser.on('error', (error: Error) => void fail(new BadUserInputError('file', `malformed multipart request: ${error.message}`)));
    parser.on(
      'close',
      () =>
        void (async () => {
          if (settled) return;
          try {
            const staged = await Promise.all(files);
            const received = { fields, file: staged[0] ?? null, files: staged };
            if (settled) return; // failed meanwhile: fail() discards the staged file
            settled = true;
            resolve(received);
          } catch (error) {
            void fail(error instanceof AppError ? error : new BadUserInputError('file', `the upload was interrupted: ${(error as Error).message}`));
          }
        })(),
    );
    req.on('error', (error) => void fail(new BadUserInputError('file', `the upload was interrupted: ${error.message}`)));
    req.on('close', () => {
      if (!req.complete) void fail(new BadUserInputError('file', 'the client aborted the upload'));
    });
    req.pipe(parser);
  });
}
