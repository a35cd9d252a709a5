import { ChangesService } from '../catalogue/changes.service';
import { Wakeups } from '../common/wakeups';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { ALL_RECORDS, OutboxEntry } from '../common/outbox/outbox-entry.entity';
import { OutboxService } from '../common/outbox/outbox.service';
import { RecordType } from '../catalogue/enums';
import { MeiliService } from './meili.service';
import { IndexEntriesService } from './index-entries.service';
import { SearchIndexService } from './search-index.service';
import { DOCUMENT_OUTBOX_TYPE } from '../documents/document-outbox';
import { PassageEntriesService } from './passage-entries.service';

const BATCH = 500;
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 60000;

/**
 * Drains the outbox into Meilisearch: in batches, waiting for Meilisearch's tasks, retrying with
 * exponential backoff while the engine is down. Rows are deleted only once applied.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SearchOutbox');
  private readonly wakeups = new Wakeups(POLL_MS);
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly meili: MeiliService,
    private readonly index: SearchIndexService,
    private readonly entries: IndexEntriesService,
    private readonly passages: PassageEntriesService,
    private readonly changes: ChangesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.meili.start();
    try {
      if (await this.index.ensureIndexes()) {
        // A new (or lost) index: project everything the database holds.
        await this.dataSource.transaction((m) => this.outbox.enqueueAll(m));
      }
    } catch (error) {
      this.logger.warn(`Search index not ready yet (${(error as Error).message}); changes wait in the outbox.`);
    }
    this.wakeups.start(
      () => this.kick(),
      (listener) => this.outbox.onEnqueued(listener),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeups.stop();
    await this.running;
  }

  /** Starts a drain unless one runs; a kick during a drain runs one more afterwards. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error) => this.logger.error(`Outbox drain failed: ${(error as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Applies every due row; resolves when the outbox is empty or the engine is unreachable. */
  async drain(): Promise<void> {
    const repo = this.dataSource.getRepository(OutboxEntry);
    while (!this.stopped) {
      const rows = await repo.find({ where: { nextAttemptAt: LessThanOrEqual(new Date()) }, order: { id: 'ASC' }, take: BATCH });
      if (!rows.length) return;
      try {
        await this.apply(rows);
        await repo.delete({ id: In(rows.map((r) => r.id)) });
      } catch (error) {
        const message = (error as Error).message;
        for (const row of rows) {
          const attempts = row.attempts + 1;
          await repo.update(
            { id: row.id },
            { attempts, lastError: message.slice(0, 2000), nextAttemptAt: new Date(Date.now() + Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10))) },
          );
        }
        this.logger.warn(`Search index update postponed (${rows.length} changes): ${message}`);
        return;
      }
    }
  }

  /** Resolves when nothing is pending (tests and the CLI use it). */
  async idle(timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const repo = this.dataSource.getRepository(OutboxEntry);
    while ((await repo.count()) > 0 || this.running) {
      if (Date.now() > deadline) {
        const stuck = await repo.find({ order: { id: 'ASC' }, take: 3 });
        throw new Error(`The search outbox did not drain in time: ${JSON.stringify(stuck)}`);
      }
      this.kick();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async apply(rows: OutboxEntry[]): Promise<void> {
    await this.index.ensureIndexes();
    if (rows.some((r) => r.recordType === ALL_RECORDS)) {
      await this.index.reindex();
      await this.changes.observeAll();
      return;
    }
    const byType = new Map<RecordType, Set<string>>();
    const add = (type: RecordType, ids: string[]) => {
      const set = byType.get(type) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      byType.set(type, set);
    };
    const uploaded = new Set<string>();
    for (const row of rows) {
      if (row.recordType === DOCUMENT_OUTBOX_TYPE) uploaded.add(row.recordId);
      else add(row.recordType as RecordType, [row.recordId]);
    }
    for (const dependent of await this.entries.dependentsOf([...(byType.get(RecordType.LOCAL_GOVERNMENT) ?? [])])) add(dependent.type, dependent.ids);
    for (const [type, ids] of byType) await this.index.sync(type, [...ids]);
    // The public change log sees the same records (a local government's plans and practices with it).
    for (const [type, ids] of byType) await this.changes.observe(type, [...ids]);
    // Passages carry their record's visibility and filter fields: they follow every change of it.
    for (const [type, ids] of byType) (await this.passages.documentsOf(type, [...ids])).forEach((id) => uploaded.add(id));
    await this.index.syncDocuments([...uploaded]);
  }
}
