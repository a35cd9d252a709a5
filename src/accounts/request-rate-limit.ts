import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SharedCounters } from '../common/counters/shared-counters';
import { AppError } from '../common/errors';
import { Metrics } from '../common/metrics/metrics';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { requestContextOf } from './auth.middleware';

const WINDOW_MS = 60000;

/** What is never counted: health checks (load balancers probe often), and the pages' own stylesheets and scripts. */
const UNCOUNTED = /^\/(health(\/|$)|assets\/)/;

/** The client an address stands for: an IPv4 address, or an IPv6 /64 (one subscriber's whole network). */
function clientOfAddress(ip: string | undefined): string {
  if (!ip) return 'unknown';
  if (ip.startsWith('::ffff:') || !ip.includes(':')) return ip.replace(/^::ffff:/, '');
  const address = ip.split('%')[0];
  const [left, right] = address.split('::');
  const head = left ? left.split(':') : [];
  const tail = right ? right.split(':') : [];
  const groups = address.includes('::') ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail] : address.split(':');
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/**
 * Requests per minute on GraphQL, REST and pages alike: per user once signed in (a token or a
 * browser session), per address otherwise (RATE_LIMIT_SIGNED_IN_PER_MINUTE,
 * RATE_LIMIT_ANONYMOUS_PER_MINUTE; 0 turns one off). Counted in the shared counters, so with
 * REDIS_URL every replica counts the same client. Over the limit: TOO_MANY_REQUESTS (HTTP 429 with
 * Retry-After), answered by the HTTP error filter in the path's own shape (GraphQL, JSON or a page).
 * Runs after AuthMiddleware, which tells who is asking.
 */
@Injectable()
export class RequestRateLimit implements NestMiddleware {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counters: SharedCounters,
    private readonly metrics: Metrics,
  ) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    if (UNCOUNTED.test(req.path)) return next();
    // /metrics behind METRICS_TOKEN answers only its scraper; open, it is counted like any anonymous request.
    if (req.path === '/metrics' && this.config.metricsToken) return next();
    const actor = requestContextOf(req)?.actor;
    const limit = actor ? this.config.rateLimits.signedInPerMinute : this.config.rateLimits.anonymousPerMinute;
    if (limit === 0) return next();
    const window = await this.counters.increment(actor ? `rate:user:${actor.userId}` : `rate:ip:${clientOfAddress(req.ip)}`, WINDOW_MS);
    if (window.count <= limit) return next();
    this.metrics.rateLimited.inc({ client: actor ? 'signed-in' : 'anonymous' });
    const retryAfterSeconds = Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000));
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `Too many requests: at most ${limit} a minute ${actor ? 'per user' : 'per address without signing in'}; try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds, limit },
    );
  }
}
