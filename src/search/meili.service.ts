import { existsSync, readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { MeiliSearch } from 'meilisearch';
import { AppError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { keepAliveHttpClient, MeiliHttpError } from './keep-alive-http-client';
import { EmbeddedMeili, loadOrCreateMasterKey, MeiliEndpoint, meiliPaths } from './meili-process';

export type SearchMode = 'external' | 'embedded';

/**
 * The Meilisearch connection: an external server (MEILI_HOST) or an embedded child process under
 * DATA_DIR. A failure to start is logged with what to do and degrades search only.
 */
@Injectable()
export class MeiliService implements OnApplicationShutdown {
  private readonly logger = new Logger('Search');
  private meili: MeiliSearch | undefined;
  private startError: string | undefined;
  private starting: Promise<void> | undefined;
  readonly embedded: EmbeddedMeili | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (!config.meiliHost) this.embedded = new EmbeddedMeili(config.dataDir, config.meiliBinary);
  }

  get mode(): SearchMode {
    return this.config.meiliHost ? 'external' : 'embedded';
  }

  get indexUid(): string {
    return this.config.meiliIndex;
  }

  /** The index signed-in curators and editors search: drafts included, never the public one. */
  get staffIndexUid(): string {
    return `${this.indexUid}_staff`;
  }

  /**
   * Connects (starting the embedded engine when there is no MEILI_HOST). With `reuseRunning`, an engine
   * already serving this DATA_DIR (the server's, for the CLI) is used instead of starting a second one.
   */
  start(options: { reuseRunning?: boolean } = {}): Promise<void> {
    this.starting ??= this.connect(options).catch((error) => {
      this.startError = (error as Error).message;
      this.logger.error(`Search is unavailable: ${this.startError}`);
    });
    return this.starting;
  }

  private async connect({ reuseRunning }: { reuseRunning?: boolean }): Promise<void> {
    let endpoint: MeiliEndpoint;
    if (this.config.meiliHost) {
      endpoint = { host: this.config.meiliHost, apiKey: this.config.meiliApiKey ?? '' };
    } else if (reuseRunning && (await this.runningEngine())) {
      endpoint = (await this.runningEngine())!;
    } else {
      endpoint = await this.embedded!.start();
    }
    const client = new MeiliSearch({ host: endpoint.host, apiKey: endpoint.apiKey, httpClient: keepAliveHttpClient(endpoint.apiKey) });
    // With an embedded engine, the host changes on restart: always ask the process for its current endpoint.
    this.meili = client;
    this.startError = undefined;
  }

  private async runningEngine(): Promise<MeiliEndpoint | undefined> {
    const paths = meiliPaths(this.config.dataDir);
    if (!existsSync(paths.endpoint)) return undefined;
    try {
      const { host } = JSON.parse(readFileSync(paths.endpoint, 'utf8')) as { host: string };
      const res = await fetch(`${host}/health`, { signal: AbortSignal.timeout(1000) });
      return res.ok ? { host, apiKey: loadOrCreateMasterKey(this.config.dataDir) } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The client; SEARCH_UNAVAILABLE when there is no engine. */
  client(): MeiliSearch {
    const endpoint = this.embedded?.endpoint;
    if (endpoint && this.meili && this.meili.config.host !== endpoint.host) {
      this.meili = new MeiliSearch({ host: endpoint.host, apiKey: endpoint.apiKey, httpClient: keepAliveHttpClient(endpoint.apiKey) });
    }
    if (!this.meili) throw new AppError('SEARCH_UNAVAILABLE', `Search is unavailable: ${this.startError ?? 'the search engine is starting'}`);
    return this.meili;
  }

  /** Runs a call against Meilisearch; a connection failure becomes SEARCH_UNAVAILABLE. */
  async call<T>(work: (client: MeiliSearch) => Promise<T>): Promise<T> {
    const client = this.client();
    try {
      return await work(client);
    } catch (error) {
      if (isEngineUnreachable(error)) throw new AppError('SEARCH_UNAVAILABLE', 'Search is temporarily unavailable; the catalogue queries keep working. Try again shortly.');
      throw error;
    }
  }

  async health(): Promise<{ status: 'up' | 'down'; mode: SearchMode; error?: string }> {
    try {
      await this.call((c) => c.health());
      return { status: 'up', mode: this.mode };
    } catch (error) {
      return { status: 'down', mode: this.mode, error: (error as Error).message };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
  }
}

/**
 * Whether an error says the engine could not be reached (or did not finish in time) rather than that
 * it refused what it was sent: what the outbox must wait out without counting it against a row.
 */
export function isEngineOutage(error: unknown): boolean {
  const answered =
    error instanceof MeiliHttpError ? error : (error as { cause?: unknown })?.cause instanceof MeiliHttpError ? (error as { cause: MeiliHttpError }).cause : undefined;
  // A proxy's 502/503, the engine's own 5xx, a key that no longer opens it: the engine's trouble, not the row's.
  if (answered) return answered.httpStatus >= 500 || answered.httpStatus === 401 || answered.httpStatus === 403;
  return isEngineUnreachable(error) || (error as { name?: string })?.name === 'MeiliSearchTaskTimeOutError';
}

/** Whether an error says the engine could not be reached at all (no answer, not even an error status). */
export function isEngineUnreachable(error: unknown): boolean {
  const e = error as { name?: string; message?: string; cause?: { code?: string; name?: string } };
  if (e instanceof AppError) return e.code === 'SEARCH_UNAVAILABLE';
  if (e instanceof MeiliHttpError || e?.cause instanceof MeiliHttpError) return false; // the engine answered
  return (
    e?.name === 'MeiliSearchRequestError' ||
    e?.name === 'MeiliSearchRequestTimeOutError' ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|fetch failed|EPIPE/i.test(`${e?.message} ${e?.cause?.code ?? ''}`)
  );
}
