import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { ALL_RECORDS, OutboxEntry } from './outbox-entry.entity';

type Listener = () => void;

/**
 * Writes "this record changed" rows inside the caller's transaction. Modules that change searchable data
 * use it without knowing the search engine; the search module drains it.
 */
@Injectable()
export class OutboxService {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly dataSource: DataSource) {}

  async enqueue(manager: EntityManager, recordType: string, recordIds: readonly string[]): Promise<void> {
    if (!recordIds.length) return;
    const now = new Date();
    const rows = [...new Set(recordIds)].map((recordId) => ({ recordType, recordId, enqueuedAt: now, nextAttemptAt: now, attempts: 0, lastError: null }));
    await manager.insert(OutboxEntry, rows);
    this.wake();
  }

  /** Rows parked after failing too often (the engine answered and refused them), oldest first. */
  parked(limit = 500): Promise<OutboxEntry[]> {
    return this.dataSource.manager.find(OutboxEntry, { where: { parkedAt: Not(IsNull()) }, order: { id: 'ASC' }, take: limit });
  }

  /** Puts a parked row back in the queue with its attempts reset; null when there is no such parked row. */
  async retryParked(id: number): Promise<OutboxEntry | null> {
    const result = await this.dataSource.manager.update(OutboxEntry, { id, parkedAt: Not(IsNull()) }, { parkedAt: null, attempts: 0, nextAttemptAt: new Date() });
    if (!result.affected) return null;
    this.wake();
    return this.dataSource.manager.findOne(OutboxEntry, { where: { id } });
  }

  /** Wakes the worker once the caller's transaction has had a chance to commit; it polls anyway. */
  private wake(): void {
    setTimeout(() => this.listeners.forEach((listener) => listener()), 10).unref();
  }

  /** Everything needs re-projecting (reference data such as theme names changed). */
  enqueueAll(manager: EntityManager): Promise<void> {
    return this.enqueue(manager, ALL_RECORDS, [ALL_RECORDS]);
  }

  onEnqueued(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
