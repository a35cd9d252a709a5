import { Wakeups } from '../../common/workers/wakeups';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { Metrics } from '../../common/metrics/metrics';
import { OutboxService } from '../../common/outbox/outbox.service';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DocumentPassage } from '../document-passage.entity';
import { Document, DocumentStatus } from '../document.entity';
import { DOCUMENT_OUTBOX_TYPE } from '../document-outbox';
import { formatOfMediaType } from '../formats/registry';
import { BLOB_STORAGE, BlobStorage } from '../storage/blob-storage';
import type { ExtractionReply } from './extraction-protocol';
import type { ExtractionOptions, OcrOptions, PdfExtractorName } from '../formats/file-format';
import { definitionOf } from '../../catalogue/record-definitions';
import { ocrLanguagesFor, pdftoppmAvailable, prepareEmbeddedOcrData, tesseractProgramLanguages } from '../ocr/ocr-languages';
import { ocrNotes } from '../ocr/recognise-pages';
import { runExtraction, stopIdleExtractionProcesses } from './extraction-runner';
import { ExtractionSignal } from './extraction-signal';
import { pdftotextAvailable } from './pdftotext';

const POLL_MS = 1000;
const INSERT_CHUNK = 300;
/**
 * Files up to this size may take the slot kept for small files: a long scan never holds up a two-page
 * upload behind it (it waits at most for another small file).
 */
const SMALL_FILE_BYTES = 2 * 1024 * 1024;
const MAX_RETRY_DELAY_MS = 60000;
/**
 * Staging files older than this belong to uploads that never finished (a crash, a lost client); younger
 * ones may be another replica's. Uploads in progress are never taken (see LocalBlobStorage.removeStaleStaging).
 */
const STALE_STAGING_MS = 5 * 60 * 1000;

/**
 * The extraction queue: PENDING documents (and PROCESSING ones whose lease lapsed because their
 * process died) are claimed with a lease, extracted in a child process, and their passages saved in
 * one transaction with a search-outbox entry. Jobs live in the database, so they survive restarts and
 * replicas share them: a claim is a conditional update, so each job runs once.
 *
 * EXTRACTION_CONCURRENCY jobs run at once, oldest first, plus one slot kept for small files (the
 * smallest waiting one), so a long scan never delays a small upload by more than another small file.
 * A job that fails unexpectedly (its process crashed, its results could not be saved) is retried with
 * a growing delay, and after EXTRACTION_MAX_ATTEMPTS parked: FAILED with the error, listed for admins.
 */
@Injectable()
export class ExtractionQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Extraction');
  private readonly active = new Map<string, { abort: AbortController; done: Promise<void>; small: boolean }>();
  private readonly wakeups = new Wakeups(POLL_MS);
  private claiming = false;
  private stopped = false;
  private pdfExtractors: PdfExtractorName[] = ['pdfjs'];
  /** The OCR engine found at start and the languages it has; null: recognition is off. */
  private recognition: (Omit<OcrOptions, 'languages'> & { available: Set<string> }) | null = null;
  private stagingSweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly signal: ExtractionSignal,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    const count = (where: object) => this.dataSource.manager.count(Document, { where });
    metrics.gauge('lrkb_extraction_queue_depth', 'Documents waiting to be read (PENDING) and being read (PROCESSING).', ['status'], async (g) => {
      for (const status of [DocumentStatus.PENDING, DocumentStatus.PROCESSING]) g.set({ status }, await count({ status, archivedAt: IsNull() }));
    });
    metrics.gauge('lrkb_documents', 'Uploaded documents by status (archived ones apart).', ['status'], async (g) => {
      const rows = await this.dataSource.manager
        .createQueryBuilder(Document, 'd')
        .select('d.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .where('d.archived_at IS NULL')
        .groupBy('d.status')
        .getRawMany<{ status: string; n: string }>();
      for (const status of Object.values(DocumentStatus)) g.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
    });
    metrics.gauge('lrkb_parked_extraction_jobs', 'Extraction jobs parked after failing unexpectedly too often, waiting for an admin.', [], async (g) => {
      g.set(await count({ parkedAt: Not(IsNull()), archivedAt: IsNull() }));
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // At start, and then every STAGING_SWEEP_MS: a crash's leftovers do not wait for the next start.
    await this.sweepStaging();
    this.stagingSweep = setInterval(() => void this.sweepStaging(), this.config.stagingSweepMs);
    this.stagingSweep.unref();
    const hasPdftotext = await pdftotextAvailable();
    const choice = this.config.extraction.pdf;
    if (choice === 'pdftotext' && !hasPdftotext) this.logger.warn('PDF_EXTRACTOR=pdftotext but pdftotext is not installed (Debian: apt-get install poppler-utils); using pdf.js.');
    this.pdfExtractors = choice === 'pdfjs' || !hasPdftotext ? (hasPdftotext ? ['pdfjs', 'pdftotext'] : ['pdfjs']) : ['pdftotext', 'pdfjs'];
    this.logger.log(`PDF text extraction: ${this.pdfExtractors.join(', then ')}`);
    this.recognition = await this.findRecognition();
    const r = this.recognition;
    this.logger.log(r ? `Text recognition (OCR): ${r.engine} (${[...r.available].join(', ')}), PDF pages drawn by ${r.renderer}` : 'Text recognition (OCR): off');
    this.wakeups.start(
      () => this.kick(),
      (listener) => this.signal.subscribe(listener),
    );
  }

  private async sweepStaging(): Promise<void> {
    const stale = await this.storage.removeStaleStaging(STALE_STAGING_MS).catch((error) => {
      this.logger.warn(`Could not clean the upload staging folder: ${(error as Error).message}`);
      return 0;
    });
    if (stale) this.logger.log(`Removed ${stale} staging file(s) left by unfinished uploads`);
  }

  /** Debian's tesseract when installed (unless OCR_ENGINE says otherwise), else tesseract.js with the trained data from node_modules. */
  private async findRecognition(): Promise<ExtractionQueue['recognition']> {
    const { engine: choice, maxPages, pageTimeoutMs, documentTimeoutMs, maxPagePixels } = this.config.ocr;
    if (choice === 'off') return null;
    const program = choice === 'tesseract.js' ? null : await tesseractProgramLanguages();
    if (choice === 'tesseract' && !program) this.logger.warn('OCR_ENGINE=tesseract but tesseract is not installed (Debian: apt-get install tesseract-ocr); using tesseract.js.');
    const embedded = await prepareEmbeddedOcrData(this.config.dataDir).catch((error) => {
      this.logger.warn(`The embedded OCR data could not be prepared under ${this.config.dataDir}/ocr: ${(error as Error).message}`);
      return null;
    });
    const available = program ?? embedded?.languages;
    if (!available?.size || (!program && !embedded)) return null;
    return {
      engine: program ? 'tesseract' : 'tesseract.js',
      // pdftoppm's grey PGM pages go to Debian's tesseract; tesseract.js gets pdf.js's PNG.
      renderer: program && (await pdftoppmAvailable()) ? 'pdftoppm' : 'pdfjs',
      available,
      maxPages,
      pageTimeoutMs,
      documentTimeoutMs,
      maxPixels: maxPagePixels,
      langPath: embedded?.langPath ?? '',
      cachePath: embedded?.cachePath ?? '',
    };
  }

  /** The recognition options for one document: in its language when the curator set it, else in its record's languages. */
  private async recognitionFor(document: Document): Promise<OcrOptions | null> {
    if (!this.recognition) return null;
    const { available, ...options } = this.recognition;
    const record = await this.dataSource.manager.findOne(definitionOf(document.recordType).entity, { where: { id: document.recordId } });
    const recordLanguages = (record as { languages?: string[] } | null)?.languages ?? [];
    return { ...options, languages: ocrLanguagesFor([document.languageGiven ? document.language : null, ...recordLanguages], available) };
  }

  /** Stops taking jobs; running ones are interrupted and handed back to the queue. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeups.stop();
    clearInterval(this.stagingSweep);
    for (const job of this.active.values()) job.abort.abort();
    await Promise.all([...this.active.values()].map((job) => job.done));
    stopIdleExtractionProcesses();
  }

  get extractors(): readonly PdfExtractorName[] {
    return this.pdfExtractors;
  }

  /** Fills free worker slots with due jobs. */
  kick(): void {
    if (this.stopped || this.claiming) return;
    this.claiming = true;
    void this.fill()
      .catch((error) => this.logger.error(`Could not claim extraction jobs: ${(error as Error).message}`))
      .finally(() => (this.claiming = false));
  }

  /** Resolves once nothing is waiting or running (tests, benchmarks). */
  async idle(timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const waiting = await this.dataSource.manager.count(Document, {
        where: [
          { status: DocumentStatus.PENDING, archivedAt: IsNull() },
          { status: DocumentStatus.PROCESSING, archivedAt: IsNull() },
        ],
      });
      if (!waiting && !this.active.size) return;
      if (Date.now() > deadline) throw new Error(`Extraction did not finish in time (${waiting} document(s) waiting)`);
      this.kick();
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async fill(): Promise<void> {
    const concurrency = this.config.extraction.concurrency;
    while (!this.stopped) {
      const jobs = [...this.active.values()];
      let job: Document | null = null;
      let small = false;
      if (jobs.filter((j) => !j.small).length < concurrency) job = await this.claimNext('oldest');
      if (!job && !jobs.some((j) => j.small)) {
        job = await this.claimNext('smallest');
        small = !!job;
      }
      if (!job) return;
      const claimed = job;
      const abort = new AbortController();
      const done = this.process(claimed, abort.signal)
        .catch((error) => this.logger.error(`Extraction of document ${claimed.id} failed: ${(error as Error).stack ?? error}`))
        .finally(() => {
          this.active.delete(claimed.id);
          this.kick();
        });
      this.active.set(claimed.id, { abort, done, small });
    }
  }

  /**
   * Claims a due job with a lease: the oldest, or the smallest small file (for the slot kept for them).
   * Another process claiming the same row loses the race.
   */
  private async claimNext(order: 'oldest' | 'smallest'): Promise<Document | null> {
    const now = new Date();
    const query = this.dataSource.manager
      .createQueryBuilder(Document, 'd')
      .where('d.archived_at IS NULL')
      .andWhere(
        new Brackets((w) =>
          w
            .where('d.status = :pending', { pending: DocumentStatus.PENDING })
            .orWhere('(d.status = :processing AND d.lease_expires_at < :now)', { processing: DocumentStatus.PROCESSING, now }),
        ),
      );
    if (order === 'smallest') query.andWhere('d.byte_size <= :small', { small: SMALL_FILE_BYTES }).orderBy('d.byte_size', 'ASC');
    else query.orderBy('d.created_at', 'ASC');
    const candidates = await query
      .addOrderBy('d.id', 'ASC')
      .take(this.config.extraction.concurrency + 4)
      .getMany();
    for (const candidate of candidates) {
      if (this.active.has(candidate.id)) continue;
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .update(Document)
        .set({ status: DocumentStatus.PROCESSING, leaseExpiresAt: new Date(Date.now() + this.config.extraction.leaseMs), attempts: candidate.attempts + 1, updatedAt: new Date() })
        .where('id = :id AND status = :status AND attempts = :attempts', { id: candidate.id, status: candidate.status, attempts: candidate.attempts })
        .execute();
      if (result.affected === 1) return { ...candidate, status: DocumentStatus.PROCESSING, attempts: candidate.attempts + 1 };
    }
    return null;
  }

  private async process(document: Document, signal: AbortSignal): Promise<void> {
    const maxAttempts = this.config.extraction.maxAttempts;
    if (document.attempts > maxAttempts) {
      // Claimed again and again without an outcome: its process died each time (or the service did).
      return this.park(
        document,
        `${document.failureReason ?? 'The extraction stopped without an outcome (the service stopped or crashed while reading this file)'} (tried ${maxAttempts} times).`,
      );
    }
    const heartbeat = setInterval(() => void this.renewLease(document), Math.max(200, Math.floor(this.config.extraction.leaseMs / 3)));
    const started = Date.now();
    const timer = this.metrics.extractionDuration.startTimer();
    let outcome = 'failed';
    try {
      const fileFormat = formatOfMediaType(document.mediaType);
      const format = fileFormat?.id;
      const local = await this.storage.localPath(document.sha256);
      if (!format || !local) {
        return await this.finish(document, {
          ok: false,
          unexpected: false,
          reason: !format ? `Unsupported media type ${document.mediaType}.` : 'The original file is missing from storage.',
        });
      }
      let reply: ExtractionReply;
      try {
        const options: ExtractionOptions = {
          pdfExtractors: [...this.pdfExtractors],
          timeoutMs: this.config.extraction.timeoutMs,
          memoryMb: this.config.extraction.memoryMb,
          ocr: fileFormat.mayRecognise ? await this.recognitionFor(document) : null,
        };
        reply = await runExtraction(
          { path: local.path, format, options },
          // As many idle processes as may run at once: the slots, and the one for small files.
          {
            timeoutMs: this.config.extraction.timeoutMs,
            recognitionMs: options.ocr?.documentTimeoutMs,
            memoryMb: this.config.extraction.memoryMb,
            keepIdle: this.config.extraction.concurrency + 1,
          },
          signal,
        );
      } finally {
        await local.release();
      }
      if (signal.aborted) {
        outcome = 'interrupted';
        return await this.release(document);
      }
      if (!reply.ok && reply.unexpected) {
        outcome = 'retried';
        if (document.attempts >= maxAttempts) return await this.park(document, `${reply.reason} (tried ${document.attempts} times)`);
        return await this.retryLater(document, reply.reason);
      }
      try {
        await this.finish(document, reply);
      } catch (error) {
        // The database refused this job's results (the others' go in): retried, and parked if it keeps failing.
        outcome = 'retried';
        const reason = `Its text could not be saved: ${(error as Error).message}.`;
        if (document.attempts >= maxAttempts) return await this.park(document, `${reason} (tried ${document.attempts} times)`);
        return await this.retryLater(document, reason);
      }
      outcome = reply.ok ? 'indexed' : 'failed';
      if (reply.ok && reply.pageCount) this.metrics.extractedPages.inc(reply.pageCount);
      this.logger.log(
        reply.ok
          ? `Document ${document.id}: ${reply.passages.length} passage(s) (${reply.extractor}) in ${Date.now() - started} ms`
          : `Document ${document.id} failed: ${reply.reason}`,
      );
    } finally {
      clearInterval(heartbeat);
      timer({ outcome });
    }
  }

  /** An unexpected failure: the job stays claimed until a growing delay has passed, then runs again (on any replica). */
  private async retryLater(document: Document, reason: string): Promise<void> {
    const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** (document.attempts - 1));
    this.logger.warn(`Document ${document.id}: ${reason} Trying again in ${Math.round(delay / 1000)} s (attempt ${document.attempts} of ${this.config.extraction.maxAttempts}).`);
    await this.dataSource.manager.update(
      Document,
      { id: document.id, status: DocumentStatus.PROCESSING, attempts: document.attempts },
      { leaseExpiresAt: new Date(Date.now() + delay), failureReason: reason },
    );
  }

  /** Too many unexpected failures: FAILED with the reason, and parked (listed for admins, who can retry it). */
  private async park(document: Document, reason: string): Promise<void> {
    this.logger.error(`Document ${document.id} parked: ${reason}`);
    await this.finish(document, { ok: false, unexpected: true, reason }, { parked: true });
  }

  /** Every write after the claim names the claim (its attempt number): a job another process took over is no longer this one's. */
  private async renewLease(document: Document): Promise<void> {
    await this.dataSource.manager
      .update(
        Document,
        { id: document.id, status: DocumentStatus.PROCESSING, attempts: document.attempts },
        { leaseExpiresAt: new Date(Date.now() + this.config.extraction.leaseMs) },
      )
      .catch((error) => this.logger.warn(`Could not renew the lease of document ${document.id}: ${(error as Error).message}`));
  }

  /** Hands an interrupted job back to the queue. */
  private async release(document: Document): Promise<void> {
    await this.dataSource.manager.update(
      Document,
      { id: document.id, status: DocumentStatus.PROCESSING, attempts: document.attempts },
      { status: DocumentStatus.PENDING, leaseExpiresAt: null, attempts: 0 },
    );
  }

  /** Saves passages (replacing earlier ones) or the failure, with the search outbox entry, in one transaction. */
  private async finish(document: Document, reply: ExtractionReply, options: { parked?: boolean } = {}): Promise<void> {
    await this.dataSource.transaction(async (m: EntityManager) => {
      const current = await m.findOne(Document, { where: { id: document.id } });
      // Retried, changed or taken over by another process meanwhile: that run decides.
      if (!current || current.status !== DocumentStatus.PROCESSING || current.attempts !== document.attempts) return;
      await m.delete(DocumentPassage, { documentId: document.id });
      const now = new Date();
      if (reply.ok) {
        const rows = reply.passages.map((p) => ({
          id: `${document.id}-${p.seq}`,
          documentId: document.id,
          seq: p.seq,
          page: p.page,
          sectionPath: p.sectionPath,
          text: p.text,
          language: current.languageGiven ? current.language : p.language,
          ocr: p.ocrConfidence !== null,
          ocrConfidence: p.ocrConfidence,
        }));
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) await m.insert(DocumentPassage, rows.slice(i, i + INSERT_CHUNK));
        await m.update(
          Document,
          { id: document.id },
          {
            status: DocumentStatus.INDEXED,
            failureReason: null,
            extractor: reply.extractor,
            pageCount: reply.pageCount,
            recognisedPageCount: reply.ocr?.pagesRecognised ?? null,
            recognitionNotes: reply.ocr ? ocrNotes(reply.ocr) : [],
            language: current.languageGiven ? current.language : reply.language,
            indexedAt: now,
            leaseExpiresAt: null,
            parkedAt: null,
            updatedAt: now,
          },
        );
      } else {
        await m.update(
          Document,
          { id: document.id },
          {
            status: DocumentStatus.FAILED,
            failureReason: reply.reason,
            recognisedPageCount: null,
            recognitionNotes: [],
            leaseExpiresAt: null,
            parkedAt: options.parked ? now : null,
            updatedAt: now,
          },
        );
      }
      await this.outbox.enqueue(m, DOCUMENT_OUTBOX_TYPE, [document.id]);
    });
  }
}
