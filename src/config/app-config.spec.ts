import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig, nestLogLevels } from './app-config';

describe('loadConfig', () => {
  it('has sensible defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, nodeEnv: 'production', logLevel: 'log', seedOnStart: true });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('reads every variable', () => {
    expect(
      loadConfig({ PORT: '8080', DATA_DIR: '/var/lib/kb', DATABASE_URL: 'postgres://u:p@db:5432/kb', NODE_ENV: 'development', LOG_LEVEL: 'DEBUG', SEED_ON_START: 'false' }),
    ).toEqual({
      port: 8080,
      dataDir: '/var/lib/kb',
      databaseUrl: 'postgres://u:p@db:5432/kb',
      sqliteBusyTimeoutMs: 30000,
      nodeEnv: 'development',
      logLevel: 'debug',
      logFormat: 'text',
      seedOnStart: false,
      filesDir: '/var/lib/kb/files',
      redisUrl: undefined,
      redisKeyPrefix: 'lrkb:',
      rateLimits: { anonymousPerMinute: 600, signedInPerMinute: 3000 },
      outboxMaxAttempts: 5,
      metricsToken: undefined,
      meiliHost: undefined,
      meiliApiKey: undefined,
      meiliBinary: undefined,
      meiliIndex: 'catalogue',
      maxUploadBytes: 50 * 1024 * 1024,
      stagingSweepMs: 60000,
      imports: { maxCsvBytes: 32 * 1024 * 1024, maxCellChars: 30000 },
      extraction: { timeoutMs: 120000, memoryMb: 512, concurrency: Math.min(8, availableParallelism()), maxAttempts: 3, leaseMs: 30000, pdf: 'auto' },
      ocr: { engine: 'auto', maxPages: 100, pageTimeoutMs: 60000, documentTimeoutMs: 900000, maxPagePixels: 9000000 },
      jwtSecret: undefined,
      security: { accessTokenTtlSeconds: 900, refreshTokenTtlDays: 30, corsOrigins: [], loginAttemptsPerMinute: 10, webSessionIdleMinutes: 480, trustProxy: undefined },
      graphqlLimits: { maxTokens: 20000, maxDepth: 12, maxRootFields: 20, maxFields: 1000, maxComplexity: 30000 },
    });
  });

  it('reads the operations settings and refuses nonsense', () => {
    expect(
      loadConfig({
        DATA_DIR: '/srv/replica-1',
        FILES_DIR: '/mnt/shared/files',
        REDIS_URL: 'redis://redis:6379',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
        RATE_LIMIT_SIGNED_IN_PER_MINUTE: '120',
        OUTBOX_MAX_ATTEMPTS: '3',
        EXTRACTION_MAX_ATTEMPTS: '4',
        METRICS_TOKEN: ' scrape-me ',
        LOG_FORMAT: 'JSON',
      }),
    ).toMatchObject({
      dataDir: '/srv/replica-1',
      filesDir: '/mnt/shared/files',
      redisUrl: 'redis://redis:6379',
      rateLimits: { anonymousPerMinute: 0, signedInPerMinute: 120 },
      outboxMaxAttempts: 3,
      extraction: { maxAttempts: 4 },
      metricsToken: 'scrape-me',
      logFormat: 'json',
    });
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).logFormat).toBe('json');
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL must be a Redis URL/);
    expect(() => loadConfig({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_ANONYMOUS_PER_MINUTE must be an integer of at least 0/);
    expect(() => loadConfig({ OUTBOX_MAX_ATTEMPTS: '0' })).toThrow(/OUTBOX_MAX_ATTEMPTS must be an integer of at least 1/);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or text/);
  });

  it('reads how long an SQLite write waits for another process', () => {
    expect(loadConfig({}).sqliteBusyTimeoutMs).toBe(30000);
    expect(loadConfig({ SQLITE_BUSY_TIMEOUT_MS: '5000' }).sqliteBusyTimeoutMs).toBe(5000);
    expect(() => loadConfig({ SQLITE_BUSY_TIMEOUT_MS: '10' })).toThrow(/SQLITE_BUSY_TIMEOUT_MS must be an integer of at least 100/);
  });

  it('reads TRUST_PROXY', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).security.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).security.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).security.trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'all the things!' })).toThrow(/TRUST_PROXY must be/);
  });

  it('reads the GraphQL limits and refuses nonsense', () => {
    expect(
      loadConfig({ GRAPHQL_MAX_ROOT_FIELDS: '5', GRAPHQL_MAX_FIELDS: '200', GRAPHQL_MAX_TOKENS: '3000', GRAPHQL_MAX_DEPTH: '8', GRAPHQL_MAX_COMPLEXITY: '5000' }).graphqlLimits,
    ).toEqual({
      maxTokens: 3000,
      maxDepth: 8,
      maxRootFields: 5,
      maxFields: 200,
      maxComplexity: 5000,
    });
    expect(() => loadConfig({ GRAPHQL_MAX_ROOT_FIELDS: 'many' })).toThrow(/GRAPHQL_MAX_ROOT_FIELDS must be an integer/);
  });

  it('reads the document settings and refuses nonsense', () => {
    expect(loadConfig({ MAX_UPLOAD_BYTES: '1000', EXTRACTION_TIMEOUT_MS: '5000', EXTRACTION_MEMORY_MB: '256', EXTRACTION_CONCURRENCY: '2', PDF_EXTRACTOR: 'pdfjs' })).toMatchObject(
      {
        maxUploadBytes: 1000,
        extraction: { timeoutMs: 5000, memoryMb: 256, concurrency: 2, pdf: 'pdfjs' },
      },
    );
    expect(() => loadConfig({ MAX_UPLOAD_BYTES: '50MB' })).toThrow(/MAX_UPLOAD_BYTES must be an integer/);
    expect(() => loadConfig({ PDF_EXTRACTOR: 'tika' })).toThrow(/PDF_EXTRACTOR must be auto, pdftotext or pdfjs/);
    expect(
      loadConfig({ OCR_ENGINE: 'tesseract.js', OCR_MAX_PAGES: '5', OCR_PAGE_TIMEOUT_MS: '2000', OCR_DOCUMENT_TIMEOUT_MS: '9000', OCR_MAX_PAGE_PIXELS: '2000000' }).ocr,
    ).toEqual({
      engine: 'tesseract.js',
      maxPages: 5,
      pageTimeoutMs: 2000,
      documentTimeoutMs: 9000,
      maxPagePixels: 2000000,
    });
    expect(() => loadConfig({ OCR_ENGINE: 'abbyy' })).toThrow(/OCR_ENGINE must be auto, tesseract, tesseract.js, off/);
  });

  it('reads the search settings', () => {
    expect(loadConfig({ MEILI_HOST: 'http://meilisearch:7700/', MEILI_API_KEY: 'k', MEILI_INDEX: 'kb_test' })).toMatchObject({
      meiliHost: 'http://meilisearch:7700',
      meiliApiKey: 'k',
      meiliIndex: 'kb_test',
    });
    expect(() => loadConfig({ MEILI_API_KEY: 'k' })).toThrow(/MEILI_API_KEY is set without MEILI_HOST/);
    expect(() => loadConfig({ MEILI_HOST: 'meilisearch:7700' })).toThrow(/MEILI_HOST must be an http/);
  });

  it('reads the security settings', () => {
    expect(loadConfig({ JWT_SECRET: ' s3cr3t-value ', CORS_ORIGINS: 'https://a.example, https://b.example/', ACCESS_TOKEN_TTL_SECONDS: '60' })).toMatchObject({
      jwtSecret: 's3cr3t-value',
      security: { corsOrigins: ['https://a.example', 'https://b.example'], accessTokenTtlSeconds: 60 },
    });
    expect(() => loadConfig({ CORS_ORIGINS: 'a.example' })).toThrow(/CORS_ORIGINS must list origins/);
  });

  it('reads PUBLIC_URL without its trailing slash, and refuses one that is not an address', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://kb.example.org/' }).publicUrl).toBe('https://kb.example.org');
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000/kb' }).publicUrl).toBe('http://localhost:3000/kb');
    expect(() => loadConfig({ PUBLIC_URL: 'kb.example.org' })).toThrow(/PUBLIC_URL must be an address such as https:\/\/kb\.example\.org/);
  });

  it('reports every problem at once, by variable name', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT[\s\S]*DATABASE_URL[\s\S]*NODE_ENV[\s\S]*LOG_LEVEL/);
  });

  it('maps LOG_LEVEL to the Nest levels it includes', () => {
    expect(nestLogLevels('warn')).toEqual(['error', 'warn']);
    expect(nestLogLevels('verbose')).toHaveLength(5);
  });
});
