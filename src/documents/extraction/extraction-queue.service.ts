import { Wakeups } from '../../common/wakeups';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, IsNull } from 'typeorm';
import { OutboxService } from '../../common/outbox/outbox.service';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DocumentPassage } from '../document-passage.entity';
import { Document, DocumentStatus } from '../document.entity';
import { DOCUMENT_OUTBOX_TYPE } from '../document-outbox';
import { formatOfMediaType } from '../formats/registry';
import { BLOB_STORAGE, BlobStorage } from '../storage/blob-storage';
import type { ExtractionReply } from './extraction-protocol';
import type { PdfExtractorName } from '../formats/file-format';
import { runExtraction } from './extraction-runner';
import { ExtractionSignal } from './extraction-signal';
import { pdftotextAvailable } from './pdftotext';

const POLL_MS = 1000;
/** A job whose worker process died this many times is failed rather than retried forever. */
const MAX_AUTOMATIC_ATTEMPTS = 3;
const INSERT_CHUNK = 300;
/** Staging files older than this at start belong to uploads that never finished (a crash); younger ones may be another replica's. */
const STALE_STAGING_MS = 5 * 60 * 1000;

/**
 * The extraction queue: PENDING documents (and PROCESSING ones whose lease lapsed because their
 * process died) are claimed with a lease, extracted in a child process, and their passages saved in
 * one transaction with a search-outbox entry. Jobs live in the database, so they survive restarts.
 */
@Injectable()
export class ExtractionQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Extraction');
  private readonly active = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private readonly wakeups = new Wakeups(POLL_MS);
  private claiming = false;
  private stopped = false;
  private pdfExtractors: PdfExtractorName[] = ['pdfjs'];

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly signal: ExtractionSignal,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stale = await this.storage.removeStaleStaging(STALE_STAGING_MS).catch((error) => {
      this.logger.warn(`Could not clean the upload staging folder: ${(error as Error).message}`);
      return 0;
    });
    if (stale) this.logger.log(`Removed ${stale} staging file(s) left by unfinished uploads`);
    const hasPdftotext = await pdftotextAvailable();
    const choice = this.config.extraction.pdf;
    if (choice === 'pdftotext' && !hasPdftotext) this.logger.warn('PDF_EXTRACTOR=pdftotext but pdftotext is not installed (Debian: apt-get install poppler-utils); using pdf.js.');
    this.pdfExtractors = choice === 'pdfjs' || !hasPdftotext ? (hasPdftotext ? ['pdfjs', 'pdftotext'] : ['pdfjs']) : ['pdftotext', 'pdfjs'];
    this.logger.log(`PDF text extraction: ${this.pdfExtractors.join(', then ')}`);
    this.wakeups.start(
      () => this.kick(),
      (listener) => this.signal.subscribe(listener),
    );
  }

  /** Stops taking jobs; running ones are interrupted and handed back to the queue. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeups.stop();
    for (const job of this.active.values()) job.abort.abort();
    await Promise.all([...this.active.values()].map((job) => job.done));
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
    while (!this.stopped && this.active.size < this.config.extraction.concurrency) {
      const job = await this.claimNext();
      if (!job) return;
      const abort = new AbortController();
      const done = this.process(job, abort.signal)
        .catch((error) => this.logger.error(`Extraction of document ${job.id} failed: ${(error as Error).stack ?? error}`))
        .finally(() => {
          this.active.delete(job.id);
          this.kick();
        });
      this.active.set(job.id, { abort, done });
    }
  }

  /** Claims the oldest due job with a lease; another process claiming the same row loses the race. */
  private async claimNext(): Promise<Document | null> {
    const now = new Date();
    const candidates = await this.dataSource.manager
      .createQueryBuilder(Document, 'd')
      .where('d.archived_at IS NULL')
      .andWhere(
        new Brackets((w) =>
          w
            .where('d.status = :pending', { pending: DocumentStatus.PENDING })
            .orWhere('(d.status = :processing AND d.lease_expires_at < :now)', { processing: DocumentStatus.PROCESSING, now }),
        ),
      )
      .orderBy('d.created_at', 'ASC')
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
    if (document.attempts > MAX_AUTOMATIC_ATTEMPTS) {
      return this.finish(document, {
        ok: false,
        unexpected: false,
        reason: `Extraction was interrupted ${MAX_AUTOMATIC_ATTEMPTS} times (the service stopped or crashed while reading this file); retry it once the cause is fixed.`,
      });
    }
    const heartbeat = setInterval(() => void this.renewLease(document.id), Math.max(200, Math.floor(this.config.extraction.leaseMs / 3)));
    const started = Date.now();
    try {
      const format = formatOfMediaType(document.mediaType)?.id;
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
        reply = await runExtraction(
          { path: local.path, format, options: { pdfExtractors: [...this.pdfExtractors], timeoutMs: this.config.extraction.timeoutMs, memoryMb: this.config.extraction.memoryMb } },
          { timeoutMs: this.config.extraction.timeoutMs, memoryMb: this.config.extraction.memoryMb },
          signal,
        );
      } finally {
        await local.release();
      }
      if (signal.aborted) return await this.release(document.id);
      await this.finish(document, reply);
      this.logger.log(
        reply.ok
          ? `Document ${document.id}: ${reply.passages.length} passage(s) (${reply.extractor}) in ${Date.now() - started} ms`
          : `Document ${document.id} failed: ${reply.reason}`,
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async renewLease(id: string): Promise<void> {
    await this.dataSource.manager
      .update(Document, { id, status: DocumentStatus.PROCESSING }, { leaseExpiresAt: new Date(Date.now() + this.config.extraction.leaseMs) })
      .catch((error) => this.logger.warn(`Could not renew the lease of document ${id}: ${(error as Error).message}`));
  }

  /** Hands an interrupted job back to the queue. */
  private async release(id: string): Promise<void> {
    await this.dataSource.manager.update(Document, { id, status: DocumentStatus.PROCESSING }, { status: DocumentStatus.PENDING, leaseExpiresAt: null, attempts: 0 });
  }

  /** Saves passages (replacing earlier ones) or the failure, with the search outbox entry, in one transaction. */
  private async finish(document: Document, reply: ExtractionReply): Promise<void> {
    await this.dataSource.transaction(async (m: EntityManager) => {
      const current = await m.findOne(Document, { where: { id: document.id } });
      if (!current || current.status !== DocumentStatus.PROCESSING) return; // retried or changed meanwhile: that run decides
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
            language: current.languageGiven ? current.language : reply.language,
            indexedAt: now,
            leaseExpiresAt: null,
            updatedAt: now,
          },
        );
      } else {
        await m.update(Document, { id: document.id }, { status: DocumentStatus.FAILED, failureReason: reply.reason, leaseExpiresAt: null, updatedAt: now });
      }
      await this.outbox.enqueue(m, DOCUMENT_OUTBOX_TYPE, [document.id]);
    });
  }
}
