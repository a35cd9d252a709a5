import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { AppConfig, LogLevel } from '../../config/app-config';

const PINO_LEVEL: Record<LogLevel, string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** A request id a proxy sent (X-Request-Id) is kept when it looks like one; else a new one. */
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Probes and static files are not worth a log line each. */
const QUIET_PATHS = /^\/(health(\/|$)|metrics$|assets\/)/;

/**
 * The logger of LOG_FORMAT=json (production's default): pino, one JSON object per line, each request
 * with an id (also sent back as X-Request-Id) and one line when it ends. Nothing secret is logged:
 * no headers, no query strings (search terms, CSRF tokens), no bodies.
 */
export function pinoParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      enabled: config.logFormat === 'json',
      level: PINO_LEVEL[config.logLevel],
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const sent = req.headers['x-request-id'];
        const id = typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test((req.url ?? '').split('?')[0]) },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
