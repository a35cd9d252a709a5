/**
 * Loads an ES-module-only package from this CommonJS build: TypeScript would turn a plain `import()`
 * into `require()`. Used only inside extraction workers, which run in plain Node.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
export const esmImport = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;
