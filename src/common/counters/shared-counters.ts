import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/** A fixed window's count and when the window ends (ms since the epoch). */
export interface WindowCount {
  count: number;
  resetAt: number;
}

/**
 * Counters in fixed time windows, for throttling: in this process, or in Redis so that every replica
 * counts the same requests. A window starts at its key's first hit and lasts `windowMs`.
 */
export abstract class SharedCounters {
  /** Counts one hit; returns the window's count after it. */
  abstract increment(key: string, windowMs: number): Promise<WindowCount>;
  /** The current window's count, if one is open. */
  abstract peek(key: string): Promise<WindowCount | null>;
  abstract reset(key: string): Promise<void>;
  /** Where the counters live, for /health. */
  abstract describe(): { store: 'memory' | 'redis'; status: 'up' | 'down' };
  abstract close(): Promise<void>;
}

/** Past this many keys, expired windows are swept on the next hit (memory stays bounded). */
const SWEEP_AT = 10000;

export class MemoryCounters extends SharedCounters {
  private readonly windows = new Map<string, WindowCount>();
  private lastSweep = 0;

  increment(key: string, windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    // At most once a second, however many keys a flood of addresses makes.
    if (this.windows.size > SWEEP_AT && now - this.lastSweep > 1000) {
      this.lastSweep = now;
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    }
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return Promise.resolve({ ...window });
  }

  peek(key: string): Promise<WindowCount | null> {
    const window = this.windows.get(key);
    return Promise.resolve(window && window.resetAt > Date.now() ? { ...window } : null);
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }

  describe() {
    return { store: 'memory' as const, status: 'up' as const };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** INCR, starting the window's expiry on its first hit (or if a key lost it); returns the count and the time left. */
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/**
 * Counters in Redis (REDIS_URL), shared by every replica. Redis unreachable is a degraded mode, not
 * an outage: each replica counts in its own memory meanwhile (limits still hold, per replica) and
 * says so once a minute in the log; requests never wait for a Redis that does not answer.
 */
export class RedisCounters extends SharedCounters {
  private readonly logger = new Logger('Counters');
  private readonly fallback = new MemoryCounters();
  private readonly redis: Redis;
  private lastWarning = 0;

  /** `keyPrefix`: this deployment's keys in a Redis it may share with others. */
  constructor(url: string, keyPrefix = 'lrkb:') {
    super();
    this.redis = new Redis(url, {
      keyPrefix,
      // Fail fast while disconnected instead of queueing: the caller falls back to memory.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1000,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(200 * attempt, 5000),
    });
    this.redis.on('error', (error: Error) => this.warn(error));
  }

  async increment(key: string, windowMs: number): Promise<WindowCount> {
    try {
      const [count, ttl] = (await this.redis.eval(INCREMENT_SCRIPT, 1, key, String(windowMs))) as [number, number];
      return { count, resetAt: Date.now() + ttl };
    } catch (error) {
      this.warn(error as Error);
      return this.fallback.increment(key, windowMs);
    }
  }

  async peek(key: string): Promise<WindowCount | null> {
    try {
      const [[, count], [, ttl]] = (await this.redis.multi().get(key).pttl(key).exec()) as [[unknown, string | null], [unknown, number]];
      return count === null || ttl <= 0 ? null : { count: Number(count), resetAt: Date.now() + ttl };
    } catch (error) {
      this.warn(error as Error);
      return this.fallback.peek(key);
    }
  }

  async reset(key: string): Promise<void> {
    await this.fallback.reset(key);
    try {
      await this.redis.del(key);
    } catch (error) {
      this.warn(error as Error);
    }
  }

  describe() {
    return { store: 'redis' as const, status: this.redis.status === 'ready' ? ('up' as const) : ('down' as const) };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }

  private warn(error: Error): void {
    if (Date.now() - this.lastWarning < 60000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`Redis is not reachable (${error.message}); rate limits count in this process until it is back.`);
  }
}
