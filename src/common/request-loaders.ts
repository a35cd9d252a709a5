import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, kept on the GraphQL context object: created on first use in a request
 * and dropped with it, so batching never leaks data between requests.
 */
const loadersByContext = new WeakMap<object, Map<string, DataLoader<unknown, unknown>>>();

export function requestLoader<K, V>(
  context: object,
  key: string,
  batch: (keys: readonly K[]) => Promise<V[]>,
): DataLoader<K, V> {
  let loaders = loadersByContext.get(context);
  if (!loaders) {
    loaders = new Map();
    loadersByContext.set(context, loaders);
  }
  let loader = loaders.get(key) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
    loaders.set(key, loader as DataLoader<unknown, unknown>);
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
