import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors';
import { SharedCounters } from '../common/counters/shared-counters';
import { APP_CONFIG, AppConfig } from '../config/app-config';

const WINDOW_MS = 60000;

/**
 * Sign-in throttling by *failed* attempts, per address and per (account, address) pair — never per
 * account alone, or anyone could lock anyone out by failing on purpose; and never counting successes,
 * so an address that has not failed is never refused (an office signing in behind one NAT address).
 * One-minute windows in the shared counters: with REDIS_URL, every replica sees the same failures.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counters: SharedCounters,
  ) {}

  private get limit(): number {
    return this.config.security.loginAttemptsPerMinute;
  }

  /** TOO_MANY_REQUESTS when this address, or this account from this address, failed too often in the window. */
  async check(email: string, ip: string): Promise<void> {
    const now = Date.now();
    for (const key of keysOf(email, ip)) {
      const window = await this.counters.peek(key);
      if (window && window.count >= this.limit) {
        const retryAfterSeconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
        throw new AppError('TOO_MANY_REQUESTS', `Too many failed sign-in attempts; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
      }
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    for (const key of keysOf(email, ip)) await this.counters.increment(key, WINDOW_MS);
  }

  /** A success clears the pair's failures (the address keeps its own: it may be trying many accounts). */
  recordSuccess(email: string, ip: string): Promise<void> {
    return this.counters.reset(pairKey(email, ip));
  }
}

function pairKey(email: string, ip: string): string {
  return `login:account:${email.trim().toLowerCase()}|ip:${ip}`;
}

function keysOf(email: string, ip: string): string[] {
  return [`login:ip:${ip}`, pairKey(email, ip)];
}
