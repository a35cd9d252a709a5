import { randomBytes } from 'node:crypto';
import { MemoryCounters, RedisCounters } from './shared-counters';

/** Against the Redis every machine of ours runs (127.0.0.1:6379; REDIS_URL names another). */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const waitUntil = async (check: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('shared counters', () => {
  it('count in fixed windows in memory', async () => {
    const counters = new MemoryCounters();
    expect(await counters.increment('k', 60000)).toMatchObject({ count: 1 });
    const second = await counters.increment('k', 60000);
    expect(second.count).toBe(2);
    expect(second.resetAt).toBeGreaterThan(Date.now() + 50000);
    expect(await counters.peek('k')).toMatchObject({ count: 2 });
    await counters.reset('k');
    expect(await counters.peek('k')).toBeNull();
    await counters.increment('short', 30);
    await new Promise((r) => setTimeout(r, 60));
    expect(await counters.peek('short')).toBeNull();
    expect(await counters.increment('short', 30)).toMatchObject({ count: 1 });
  });

  it('are shared through Redis: two replicas count the same window', async () => {
    const a = new RedisCounters(REDIS_URL);
    const b = new RedisCounters(REDIS_URL);
    try {
      await waitUntil(() => a.describe().status === 'up' && b.describe().status === 'up');
      const key = `test:${randomBytes(6).toString('hex')}`;
      expect(await a.increment(key, 60000)).toMatchObject({ count: 1 });
      expect(await b.increment(key, 60000)).toMatchObject({ count: 2 });
      const seen = await a.peek(key);
      expect(seen?.count).toBe(2);
      expect(seen!.resetAt).toBeGreaterThan(Date.now() + 50000);
      await b.reset(key);
      expect(await a.peek(key)).toBeNull();
      // The window ends for everyone at once.
      await a.increment(`${key}:short`, 100);
      await new Promise((r) => setTimeout(r, 200));
      expect(await b.peek(`${key}:short`)).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('fall back to this process’s memory, at once, while Redis cannot be reached', async () => {
    const counters = new RedisCounters('redis://127.0.0.1:1'); // nothing listens there
    try {
      const started = Date.now();
      expect(await counters.increment('k', 60000)).toMatchObject({ count: 1 });
      expect(await counters.increment('k', 60000)).toMatchObject({ count: 2 });
      expect(await counters.peek('k')).toMatchObject({ count: 2 });
      expect(Date.now() - started).toBeLessThan(3000); // no request waits for a Redis that does not answer
      expect(counters.describe()).toEqual({ store: 'redis', status: 'down' });
    } finally {
      await counters.close();
    }
  });
});
