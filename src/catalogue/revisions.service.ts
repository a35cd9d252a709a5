import { Injectable } from '@nestjs/common';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { AuditService, fieldChanges } from '../accounts/audit.service';
import { FieldChange } from '../accounts/entities/audit-entry.entity';
import { RecordRevision } from '../accounts/entities/record-revision.entity';
import { EditorialStatus, RecordType } from './enums';
import { RecordStores } from './record-stores';

/** Snapshot fields that are not input: identity, workflow, timestamps, and values derived on every write. */
const NOT_INPUT = ['id', 'status', 'publishedAt', 'createdAt', 'updatedAt', 'createdBy', 'year', 'regionCode', 'subregionCode'];

function snapshotOf(revision: RecordRevision): Record<string, unknown> {
  return JSON.parse(revision.snapshot) as Record<string, unknown>;
}

/** Brings a record back to an earlier revision, as an ordinary (validated, audited) update. */
@Injectable()
@ActsOnBehalf()
export class RevisionsService {
  constructor(
    private readonly audit: AuditService,
    private readonly stores: RecordStores,
  ) {}

  /**
   * Editors: what a record's latest revision changes compared with its last published one (field-level
   * before/after; every input field when it was never published) — what a reviewer has to look at.
   */
  async changesSincePublished(
    ctx: RequestContext,
    recordType: RecordType,
    recordId: string,
  ): Promise<{ published: RecordRevision | null; latest: RecordRevision | null; changes: FieldChange[] }> {
    access.require(ctx, Role.EDITOR, 'Reviewing changes');
    const revisions = (await this.audit.revisions(recordId)).filter((r) => r.recordType === recordType);
    const [latest] = revisions;
    if (!latest) return { published: null, latest: null, changes: [] };
    const published = revisions.slice(1).find((r) => snapshotOf(r).status === EditorialStatus.PUBLISHED) ?? null;
    return { published, latest, changes: fieldChanges(published ? snapshotOf(published) : null, snapshotOf(latest), NOT_INPUT) };
  }

  /** Editors: every revision of a record, newest first, each with what it changed from the one before. */
  async history(ctx: RequestContext, recordType: RecordType, recordId: string): Promise<{ revision: RecordRevision; changes: FieldChange[] }[]> {
    access.require(ctx, Role.EDITOR, 'Reading the revision history');
    const revisions = (await this.audit.revisions(recordId)).filter((r) => r.recordType === recordType);
    return revisions.map((revision, i) => ({
      revision,
      changes: fieldChanges(revisions[i + 1] ? snapshotOf(revisions[i + 1]) : null, snapshotOf(revision), [
        'updatedAt',
        'createdAt',
        'createdBy',
        'publishedAt',
        'year',
        'regionCode',
        'subregionCode',
        'id',
      ]),
    }));
  }

  async restore(ctx: RequestContext, revisionId: string, expectedVersion?: number | null): Promise<RecordRevision> {
    access.require(ctx, Role.EDITOR, 'Restoring a revision');
    const revision = await this.audit.revision(revisionId);
    const snapshot = JSON.parse(revision.snapshot) as Record<string, unknown>;
    const input: Record<string, unknown> = Object.fromEntries(Object.entries(snapshot).filter(([key]) => !NOT_INPUT.includes(key)));
    const id = revision.recordId;
    const service = this.stores.serviceOf(revision.recordType as RecordType);
    await service.update(ctx, id, service.inputOfSnapshot(input), { action: 'restoreRevision', expectedVersion });
    return (await this.audit.revisions(id))[0];
  }
}
