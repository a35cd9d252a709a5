import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { Page, PageArgs, paginate } from '../common/data/pagination';
import { access } from './access';
import { Role } from './actor';
import { ActsOnBehalf, RequestContext } from './request-context';
import { AuditEntry, FieldChange } from './entities/audit-entry.entity';
import { RecordRevision } from './entities/record-revision.entity';

export type Snapshot = Record<string, unknown>;

/** The fields whose values differ between two snapshots, as JSON before/after. */
export function fieldChanges(before: Snapshot | null, after: Snapshot | null, ignore: readonly string[] = ['updatedAt']): FieldChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of [...keys].sort()) {
    if (ignore.includes(field)) continue;
    const b = before && field in before ? JSON.stringify(before[field] ?? null) : null;
    const a = after && field in after ? JSON.stringify(after[field] ?? null) : null;
    if (b !== a) changes.push({ field, before: b, after: a });
  }
  return changes;
}

export interface AuditInput {
  action: string;
  recordType: string;
  recordId: string;
  before: Snapshot | null;
  after: Snapshot | null;
  comment?: string | null;
  /** Keep the record as it is after this change as a revision (catalogue records). */
  revision?: boolean;
  /** Who acted, when the request has no signed-in user yet (signing in). */
  userId?: string | null;
}

/** The audit trail and record revisions, written inside the caller's transaction. */
@Injectable()
@ActsOnBehalf()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(ctx: RequestContext, manager: EntityManager, input: AuditInput): Promise<void> {
    const at = new Date();
    const userId = input.userId !== undefined ? input.userId : access.userId(ctx);
    await manager.insert(AuditEntry, {
      id: randomUUID(),
      at,
      userId,
      action: input.action,
      recordType: input.recordType,
      recordId: input.recordId,
      changes: JSON.stringify(fieldChanges(input.before, input.after)),
      comment: input.comment ?? null,
    });
    if (input.revision && input.after) {
      await manager.insert(RecordRevision, {
        id: randomUUID(),
        recordType: input.recordType,
        recordId: input.recordId,
        // Unique per record: of two concurrent changes from the same version, the second fails here.
        version: (await this.latestVersion(manager, input.recordType, input.recordId)) + 1,
        snapshot: JSON.stringify(input.after),
        action: input.action,
        userId,
        createdAt: at,
      });
    }
  }

  /** Editors read the trail of a record or of a user. */
  async log(ctx: RequestContext, by: { recordId?: string | null; userId?: string | null }, page: PageArgs): Promise<Page<AuditEntry>> {
    access.require(ctx, Role.EDITOR, 'Reading the audit log');
    const qb = this.dataSource.manager.createQueryBuilder(AuditEntry, 'a');
    if (by.recordId) qb.andWhere('a.record_id = :recordId', { recordId: by.recordId });
    if (by.userId) qb.andWhere('a.user_id = :userId', { userId: by.userId });
    return paginate(qb.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC'), page);
  }

  /** The version of a record's latest revision (0 when it has none). */
  async latestVersion(manager: EntityManager, recordType: string, recordId: string): Promise<number> {
    const last = await manager
      .createQueryBuilder(RecordRevision, 'r')
      .select('MAX(r.version)', 'version')
      .where('r.record_type = :recordType AND r.record_id = :recordId', { recordType, recordId })
      .getRawOne<{ version: number | null }>();
    return Number(last?.version ?? 0);
  }

  /** The latest version of each record, in one query (0 for a record without revisions). */
  async latestVersions(recordType: string, recordIds: readonly string[]): Promise<Map<string, number>> {
    const rows = recordIds.length
      ? await this.dataSource.manager
          .createQueryBuilder(RecordRevision, 'r')
          .select('r.record_id', 'recordId')
          .addSelect('MAX(r.version)', 'version')
          .where('r.record_type = :recordType AND r.record_id IN (:...recordIds)', { recordType, recordIds: [...recordIds] })
          .groupBy('r.record_id')
          .getRawMany<{ recordId: string; version: number }>()
      : [];
    return new Map(rows.map((r) => [r.recordId, Number(r.version)]));
  }

  /** A record's snapshot at one of its versions; null when that version does not exist. */
  async snapshotAt(manager: EntityManager, recordType: string, recordId: string, version: number): Promise<Snapshot | null> {
    const revision = await manager.findOne(RecordRevision, { where: { recordType, recordId, version } });
    return revision ? (JSON.parse(revision.snapshot) as Snapshot) : null;
  }

  /** A record's snapshot at one of its versions, outside any transaction (what a client loaded back then). */
  snapshotOfVersion(recordType: string, recordId: string, version: number): Promise<Snapshot | null> {
    return this.snapshotAt(this.dataSource.manager, recordType, recordId, version);
  }

  /** The latest entry of an action (e.g. returnToDraft, with the editor's comment) for each of these records. */
  async latestOf(action: string, recordIds: readonly string[]): Promise<Map<string, AuditEntry>> {
    if (!recordIds.length) return new Map();
    const entries = await this.dataSource.manager.find(AuditEntry, { where: { action, recordId: In([...recordIds]) }, order: { at: 'DESC' } });
    const latest = new Map<string, AuditEntry>();
    for (const entry of entries) if (!latest.has(entry.recordId)) latest.set(entry.recordId, entry);
    return latest;
  }

  /** The fields changed by the last `count` audited changes of a record (what a stale client missed). */
  async fieldsChangedByLast(manager: EntityManager, recordType: string, recordId: string, count: number): Promise<string[]> {
    if (count <= 0) return [];
    const entries = await manager.find(AuditEntry, { where: { recordType, recordId }, order: { at: 'DESC', id: 'DESC' }, take: count });
    return [...new Set(entries.flatMap((e) => parseChanges(e).map((c) => c.field)))].sort();
  }

  async revisions(recordId: string): Promise<RecordRevision[]> {
    return this.dataSource.manager.find(RecordRevision, { where: { recordId }, order: { version: 'DESC' } });
  }

  async revision(id: string): Promise<RecordRevision> {
    const revision = await this.dataSource.manager.findOne(RecordRevision, { where: { id } });
    if (!revision) throw new NotFoundError('Revision', id);
    return revision;
  }
}

export function parseChanges(entry: AuditEntry): FieldChange[] {
  return JSON.parse(entry.changes) as FieldChange[];
}
