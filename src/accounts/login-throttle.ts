import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';

const WINDOW_MS = 60000;
/** Past this many tracked keys, expired ones are swept on the next failure (memory stays bounded). */
const SWEEP_AT = 10000;

/**
 * Sign-in throttling by *failed* attempts, per address and per (account, address) pair — never per
 * account alone, or anyone could lock anyone out by failing on purpose; and never counting successes,
 * so an address that has not failed is never refused (an office signing in behind one NAT address).
 * Counters live in this process (fixed one-minute windows); a shared store for replicas comes with
 * the operations work.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get limit(): number {
    return this.config.security.loginAttemptsPerMinute;
  }

  /** TOO_MANY_REQUESTS when this address, or this account from this address, failed too often in the window. */
  check(email: string, ip: string): void {
    const now = Date.now();
    for (const key of keysOf(email, ip)) {
      const entry = this.failures.get(key);
      if (entry && entry.resetAt > now && entry.count >= this.limit) {
        const retryAfterSeconds = Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
        throw new AppError('TOO_MANY_REQUESTS', `Too many failed sign-in attempts; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
      }
    }
  }

  recordFailure(email: string, ip: string): void {
    const now = Date.now();
    if (this.failures.size > SWEEP_AT) for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
    for (const key of keysOf(email, ip)) {
      const entry = this.failures.get(key);
      if (entry && entry.resetAt > now) entry.count++;
      else this.failures.set(key, { count: 1, resetAt: now + WINDOW_MS });
    }
  }

  /** A success clears the pair's failures (the address keeps its own: it may be trying many accounts). */
  recordSuccess(email: string, ip: string): void {
    this.failures.delete(pairKey(email, ip));
  }
}

function pairKey(email: string, ip: string): string {
  return `account:${email.trim().toLowerCase()}|ip:${ip}`;
}

function keysOf(email: string, ip: string): string[] {
  return [`ip:${ip}`, pairKey(email, ip)];
}
