import { ChangesService } from '../catalogue/changes.service';
import { Wakeups } from '../common/workers/wakeups';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, In, IsNull, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import { WorkerLeases } from '../common/leases/worker-leases';
import { Metrics } from '../common/metrics/metrics';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ALL_RECORDS, OutboxEntry } from '../common/outbox/outbox-entry.entity';
import { OutboxService } from '../common/outbox/outbox.service';
import { RecordType } from '../catalogue/enums';
import { isEngineOutage, isEngineUnreachable, MeiliService } from './meili.service';
import { IndexEntriesService, RECORD_TYPES } from './index-entries.service';
import { SearchIndexService } from './search-index.service';
import { DOCUMENT_OUTBOX_TYPE } from '../documents/document-outbox';
import { PassageEntriesService } from './passage-entries.service';

const BATCH = 500;
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 60000;
/** While the engine is unreachable, how often its health is asked: its return is noticed within this, not after the back-off. */
const RECOVERY_PROBE_MS = 500;
/** One replica at a time drains (see drain()); a holder that dies loses the lease after this long. */
const LEASE = 'search-outbox';
const LEASE_MS = 30000;

class LeaseLost extends Error {}

/**
 * Drains the outbox into Meilisearch: in batches, waiting for Meilisearch's tasks, retrying with
 * exponential backoff while the engine is down. Rows are deleted only once applied. A row the engine
 * keeps refusing while it answers (a poison row) is isolated by halving the batch, and parked after
 * OUTBOX_MAX_ATTEMPTS: the rows behind it go on. An unreachable engine never counts as an attempt.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SearchOutbox');
  private readonly wakeups = new Wakeups(POLL_MS);
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Consecutive drains the engine could not take (unreachable, or refusing everything): the retry delay grows with them. */
  private outages = 0;
  /** Whether the last batch put rows in: a row refused alone right after counts an attempt (others succeed). */
  private previousBatchApplied = false;
  /** Asks the engine's health while it is unreachable (see watchForRecovery). */
  private recoveryProbe: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly meili: MeiliService,
    private readonly index: SearchIndexService,
    private readonly entries: IndexEntriesService,
    private readonly passages: PassageEntriesService,
    private readonly changes: ChangesService,
    private readonly leases: WorkerLeases,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const repo = () => this.dataSource.getRepository(OutboxEntry);
    metrics.gauge('lrkb_search_outbox_depth', 'Search-outbox rows waiting to be applied (parked ones apart).', [], async (g) =>
      g.set(await repo().count({ where: { parkedAt: IsNull() } })),
    );
    metrics.gauge('lrkb_search_outbox_lag_seconds', 'Age of the oldest waiting search-outbox row: how far the index is behind the database.', [], async (g) => {
      const oldest = await repo().findOne({ where: { parkedAt: IsNull() }, order: { id: 'ASC' } });
      g.set(oldest ? Math.max(0, (Date.now() - new Date(oldest.enqueuedAt).getTime()) / 1000) : 0);
    });
    metrics.gauge('lrkb_parked_search_outbox_rows', 'Search-outbox rows parked after the engine refused them too often, waiting for an admin.', [], async (g) =>
      g.set(await repo().count({ where: { parkedAt: Not(IsNull()) } })),
    );
  }

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
    clearInterval(this.recoveryProbe);
    await this.running;
    await this.leases.release(LEASE).catch(() => undefined);
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

  /**
   * Applies every due row; resolves when the outbox is empty or the engine is unreachable. One replica
   * at a time (a lease in the database): each application reads the records' current state, so two
   * drainers could write an older state over a newer one; one drainer applies in the order of changes.
   * A drainer that loses its lease (it could not renew it in time) stops before deleting anything more.
   */
  async drain(): Promise<void> {
    const repo = this.dataSource.getRepository(OutboxEntry);
    while (!this.stopped) {
      if (!(await this.leases.hold(LEASE, LEASE_MS))) return; // another replica drains; this one polls again
      const rows = await repo.find({ where: { nextAttemptAt: LessThanOrEqual(new Date()), parkedAt: IsNull() }, order: { id: 'ASC' }, take: BATCH });
      if (!rows.length) return;
      const lease = { held: true };
      const renewal = setInterval(() => {
        void this.leases.hold(LEASE, LEASE_MS).then(
          (held) => (lease.held &&= held),
          () => (lease.held = false),
        );
      }, LEASE_MS / 3);
      try {
        if (!(await this.applyBatch(rows, lease))) return;
      } finally {
        clearInterval(renewal);
      }
    }
  }

  /**
   * Applies a batch; when the engine refuses it, its halves are tried apart, down to the rows at fault.
   * Those count a failed attempt — parked after OUTBOX_MAX_ATTEMPTS — only while others succeed: rows of
   * this batch, or the batch before. A refusal of everything (a full disk, a revoked key) is the engine's
   * trouble, not the rows': it costs a row one attempt at most, then waits like an outage. False when
   * the engine is unreachable or the lease was lost.
   */
  private async applyBatch(rows: OutboxEntry[], lease: { held: boolean }): Promise<boolean> {
    const repo = this.dataSource.getRepository(OutboxEntry);
    const refused: { row: OutboxEntry; message: string }[] = [];
    let applied = 0;
    const isolate = async (part: OutboxEntry[]): Promise<void> => {
      try {
        await this.apply(part);
      } catch (error) {
        if (isEngineOutage(error)) throw error;
        if (part.length === 1) return void refused.push({ row: part[0], message: (error as Error).message });
        const half = Math.ceil(part.length / 2);
        await isolate(part.slice(0, half));
        await isolate(part.slice(half));
        return;
      }
      if (!lease.held) throw new LeaseLost();
      await repo.delete({ id: In(part.map((r) => r.id)) });
      applied += part.length;
      this.metrics.outboxApplied.inc(part.length);
    };
    try {
      await isolate(rows);
    } catch (error) {
      if (error instanceof LeaseLost) return false;
      if (!isEngineOutage(error)) throw error;
      this.metrics.outboxFailures.inc({ reason: 'unreachable' });
      await this.postpone(rows, (error as Error).message);
      if (isEngineUnreachable(error)) this.watchForRecovery();
      return false;
    }
    const othersSucceeded = applied > 0 || this.previousBatchApplied;
    this.previousBatchApplied = applied > 0;
    if (!refused.length) {
      this.outages = 0;
      return true;
    }
    this.metrics.outboxFailures.inc({ reason: 'refused' }, refused.length);
    if (!othersSucceeded) {
      // Nothing goes in: the engine refuses everything, which no row is to blame for.
      await this.postpone(rows, refused[0].message);
      return false;
    }
    if (applied) this.outages = 0;
    for (const { row, message } of refused) {
      const attempts = row.attempts + 1;
      const parked = attempts >= this.config.outboxMaxAttempts;
      await repo.update(
        { id: row.id },
        { attempts, lastError: message.slice(0, 2000), nextAttemptAt: new Date(Date.now() + this.backoff(attempts)), parkedAt: parked ? new Date() : null },
      );
      if (parked) this.logger.error(`Search-outbox row ${row.id} (${row.recordType} ${row.recordId}) parked after ${attempts} failed attempts: ${message}`);
      else this.logger.warn(`Search-outbox row ${row.id} (${row.recordType} ${row.recordId}) failed (attempt ${attempts}): ${message}`);
    }
    return true;
  }

  /** Rows still waiting try again later, uncounted, with a delay growing over consecutive outages. */
  private async postpone(rows: OutboxEntry[], message: string): Promise<void> {
    this.outages++;
    this.previousBatchApplied = false;
    const retryAt = new Date(Date.now() + this.backoff(this.outages));
    await this.dataSource.getRepository(OutboxEntry).update({ id: In(rows.map((r) => r.id)) }, { lastError: message.slice(0, 2000), nextAttemptAt: retryAt });
    this.logger.warn(`Search index update postponed (${rows.length} changes): ${message}`);
  }

  /**
   * While the engine cannot be reached, its health is asked every RECOVERY_PROBE_MS (a cheap request that
   * fails at once while it is down): once it answers, the rows postponed by the outage are due again and
   * the drain starts at full speed, instead of waiting out a back-off of up to a minute. Rows refused on
   * their own (attempts > 0) keep their back-off. Not for an engine that answers but refuses everything
   * (a revoked key): its health is fine, so probing would only retry at once, again and again.
   */
  private watchForRecovery(): void {
    if (this.recoveryProbe || this.stopped) return;
    let probing = false;
    this.recoveryProbe = setInterval(() => {
      if (probing) return;
      probing = true;
      void this.meili
        .call((client) => client.health())
        .then(async () => {
          await this.dataSource.getRepository(OutboxEntry).update({ parkedAt: IsNull(), attempts: 0, nextAttemptAt: MoreThan(new Date()) }, { nextAttemptAt: new Date() });
          clearInterval(this.recoveryProbe);
          this.recoveryProbe = undefined;
          this.outages = 0;
          this.logger.log('Search engine reachable again: applying the waiting changes');
          this.kick();
        })
        .catch(() => undefined) // still down (or the database busy): asked again shortly
        .finally(() => (probing = false));
    }, RECOVERY_PROBE_MS);
    this.recoveryProbe.unref();
  }

  private backoff(attempts: number): number {
    return Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10));
  }

  /** Resolves when nothing is pending (tests and the CLI use it). */
  async idle(timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const repo = this.dataSource.getRepository(OutboxEntry);
    while ((await repo.count({ where: { parkedAt: IsNull() } })) > 0 || this.running) {
      if (Date.now() > deadline) {
        const stuck = await repo.find({ where: { parkedAt: IsNull() }, order: { id: 'ASC' }, take: 3 });
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
      else if ((RECORD_TYPES as readonly string[]).includes(row.recordType)) add(row.recordType as RecordType, [row.recordId]);
      else throw new Error(`unknown record type "${row.recordType}" (written by another version of the service?)`);
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
