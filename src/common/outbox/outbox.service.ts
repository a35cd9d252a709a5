import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ALL_RECORDS, OutboxEntry } from './outbox-entry.entity';

type Listener = () => void;

/**
 * Writes "this record changed" rows inside the caller's transaction. Modules that change searchable data
 * use it without knowing the search engine; the search module drains it.
 */
@Injectable()
export class OutboxService {
  private readonly listeners = new Set<Listener>();

  async enqueue(manager: EntityManager, recordType: string, recordIds: readonly string[]): Promise<void> {
    if (!recordIds.length) return;
    const now = new Date();
    const rows = [...new Set(recordIds)].map((recordId) => ({ recordType, recordId, enqueuedAt: now, nextAttemptAt: now, attempts: 0, lastError: null }));
    await manager.insert(OutboxEntry, rows);
    // Wake the worker once the transaction has had a chance to commit; it polls anyway.
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
