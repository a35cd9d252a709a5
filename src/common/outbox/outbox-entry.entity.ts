import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Marks everything to re-project (e.g. after a taxonomy rename). */
export const ALL_RECORDS = '*';

/**
 * One pending change to project into the search index. Written in the same transaction as the change
 * itself, so the index can always catch up with the database (transactional outbox).
 */
@Entity('search_outbox')
export class OutboxEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** A RecordType, or ALL_RECORDS. */
  @Column({ type: 'varchar', length: 30 })
  recordType: string;

  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  @Column({ type: Date })
  enqueuedAt: Date;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Index()
  @Column({ type: Date })
  nextAttemptAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Set when the row failed OUTBOX_MAX_ATTEMPTS times while the engine answered: skipped until an admin retries it. */
  @Index()
  @Column({ type: Date, nullable: true })
  parkedAt: Date | null;
}
