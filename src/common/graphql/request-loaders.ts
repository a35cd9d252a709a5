import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, kept on the request's context object (a RequestContext): created on first
 * use in a request and dropped with it, so batching never leaks data between requests — or between
 * callers: the context says who reads.
 */
const loadersByContext = new WeakMap<object, Map<string, DataLoader<unknown, unknown>>>();

export function requestLoader<K, V>(context: object, key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  let loaders = loadersByContext.get(context);
  if (!loaders) {
    loaders = new Map();
    loadersByContext.set(context, loaders);
  }
  let loader = loaders.get(key) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
    loaders.set(key, loader);
  }
  return loader;
}

/** Groups rows by a key, in the order of `keys` (what a DataLoader batch function returns). */
export function groupByKeys<K, R, V = R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K, valueOf: (row: R) => V = (r) => r as unknown as V): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const group = groups.get(k);
    if (group) group.push(valueOf(row));
    else groups.set(k, [valueOf(row)]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

const memosByContext = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * One computation per distinct key within a request: aliases of the same field with the same
 * arguments (`a: search(query: "x") b: search(query: "x")`) share one result instead of repeating it.
 */
export function requestMemo<T>(context: object, key: string, compute: () => Promise<T>): Promise<T> {
  let memos = memosByContext.get(context);
  if (!memos) {
    memos = new Map();
    memosByContext.set(context, memos);
  }
  let result = memos.get(key) as Promise<T> | undefined;
  if (!result) {
    result = compute();
    memos.set(key, result);
  }
  return result;
}

/** A key for argument values that is the same for equal values (object keys sorted). */
export function argumentsKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
