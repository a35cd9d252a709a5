import http from 'node:http';
import https from 'node:https';

/**
 * An HTTP client for the Meilisearch JS client over Node's http module with keep-alive sockets.
 * Measured on this machine: Node's built-in fetch added ~44 ms to every loopback request
 * (p50 47.7 ms vs 1.4 ms for the same search), while this client adds about nothing.
 */
export class MeiliHttpError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'MeiliHttpError';
  }
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

/** `timeoutMs` bounds each request here (the JS client's own timeout leaks abort listeners while waiting for tasks). */
export function keepAliveHttpClient(apiKey: string, timeoutMs = 10000) {
  return (input: string | URL | Request, init?: RequestInit): Promise<unknown> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    if (apiKey && !headers.authorization) headers.authorization = `Bearer ${apiKey}`;
    // The client sends JSON strings only; anything else would be a programming error here.
    const body = typeof init?.body === 'string' ? init.body : init?.body == null ? undefined : JSON.stringify(init.body);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const secure = url.protocol === 'https:';
    const signal = init?.signal ?? undefined;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      // One signal may span many requests (waiting for a task): listen per request and always let go.
      const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      const done =
        <T>(settle: (v: T) => void) =>
        (value: T) => {
          signal?.removeEventListener('abort', onAbort);
          settle(value);
        };
      resolve = done(resolve);
      reject = done(reject);
      const req = (secure ? https : http).request(url, { method: init?.method ?? 'GET', headers, agent: secure ? agents.https : agents.http }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: { code?: string; message?: string } | undefined;
          try {
            parsed = text === '' ? undefined : (JSON.parse(text) as { code?: string; message?: string });
          } catch {
            parsed = { message: text };
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(parsed);
          else reject(new MeiliHttpError(status, parsed?.code, parsed?.message ?? `HTTP ${status}`));
        });
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`Meilisearch did not answer within ${timeoutMs} ms (ETIMEDOUT)`)));
      req.on('error', reject);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.end(body);
    });
  };
}

/** The Meilisearch error code (e.g. "index_not_found") of an error from the client, if it is an API error. */
export function meiliErrorCode(error: unknown): string | undefined {
  const e = error as { cause?: unknown; code?: string };
  if (e instanceof MeiliHttpError) return e.code;
  if (e?.cause instanceof MeiliHttpError) return e.cause.code;
  return undefined;
}
