import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager, ObjectLiteral, QueryFailedError } from 'typeorm';
import { access } from '../accounts/access';
import { AuditService, fieldChanges, Snapshot } from '../accounts/audit.service';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors';
import { OutboxService } from '../common/outbox/outbox.service';
import { CatalogueRecord } from './entities/record-base';
import { EditorialStatus } from './enums';
import { capitalize, type RecordDefinition } from './record-options';
import { slugify } from './slugs';

/**
 * One record type's writes, always inside the caller's transaction: the record to change, its slug,
 * its save with the outbox row that keeps the search index in step, and the audited change that
 * writes the audit entry and the new revision (with the version check) beside it.
 */
@ActsOnBehalf()
export class RecordWrites<T extends CatalogueRecord & ObjectLiteral> {
  constructor(
    readonly definition: RecordDefinition<T>,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** The record to change, whatever its status; an unknown id is NOT_FOUND. */
  async getForWrite(manager: EntityManager, id: string): Promise<T> {
    const record = await manager.findOne(this.definition.entity, { where: { id } as never });
    if (!record) throw new NotFoundError(capitalize(this.definition.label), id);
    return record;
  }

  /**
   * A record referenced from another record's input. An unknown id and a record the caller may not
   * read (another curator's draft) are the same NOT_FOUND naming the field: nothing tells them apart.
   */
  async getReferenced(ctx: RequestContext, manager: EntityManager, id: string, field: string): Promise<T> {
    const record = await manager.findOne(this.definition.entity, { where: { id } as never });
    if (!record || !access.canRead(ctx, record)) throw new NotFoundError(capitalize(this.definition.label), id, field);
    return record;
  }

  /** A new, unsaved draft with id and timestamps. */
  draft(ctx: RequestContext, values: Partial<T>): T {
    const now = new Date();
    return Object.assign(
      new this.definition.entity(),
      { id: randomUUID(), status: EditorialStatus.DRAFT, publishedAt: null, createdAt: now, updatedAt: now, createdBy: access.userId(ctx) },
      values,
    );
  }

  /**
   * The slug to use: the one asked for (must be free), else one derived from the title. Neither
   * answer may reveal a record the caller cannot read: a taken slug is reported without saying by
   * what, and a derived slug whose plain form a hidden record holds gets a random suffix, not a
   * counter that would tell how many hidden records share the title.
   */
  async resolveSlug(ctx: RequestContext, manager: EntityManager, wanted: string | null | undefined, title: string, ownId?: string): Promise<string> {
    const repo = manager.getRepository(this.definition.entity);
    if (wanted) {
      const holder = await repo.findOne({ where: { slug: wanted } as never, select: { id: true } as never });
      if (holder && holder.id !== ownId) throw slugTaken(wanted);
      return wanted;
    }
    const base = slugify(title) || this.definition.label.replace(/\s+/g, '-');
    const holders = await repo
      .createQueryBuilder('s')
      .select(['s.id', 's.slug', 's.status', 's.createdBy'])
      .where('s.slug = :base OR s.slug LIKE :prefix', { base, prefix: `${base}-%` })
      .getMany();
    const taken = new Set(holders.filter((h) => h.id !== ownId).map((h) => h.slug));
    if (!taken.has(base)) return base;
    if (holders.some((h) => h.id !== ownId && !access.canRead(ctx, h))) {
      for (;;) {
        const fresh = `${base}-${randomBytes(4).toString('hex')}`;
        if (!taken.has(fresh)) return fresh;
      }
    }
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /**
   * Saves inside the caller's transaction, with an outbox row so the search index follows (same
   * transaction: both or neither). A slug taken concurrently is still BAD_USER_INPUT.
   */
  async save(manager: EntityManager, record: T): Promise<T> {
    record.updatedAt = new Date();
    try {
      const saved = await manager.save(this.definition.entity, record);
      await this.outbox.enqueue(manager, this.definition.type, [saved.id]);
      return saved;
    } catch (error) {
      if (error instanceof QueryFailedError && /unique|duplicate/i.test(error.message) && /slug/i.test(error.message)) {
        throw slugTaken(record.slug);
      }
      throw error;
    }
  }

  /**
   * The record as the audit trail and revisions keep it: its columns and, for tagged types, its
   * taxonomy references. Null when it does not exist.
   */
  async snapshot(manager: EntityManager, id: string): Promise<Snapshot | null> {
    const row = await manager.findOne(this.definition.entity, { where: { id } as never });
    if (!row) return null;
    const out: Snapshot = {};
    for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString() : value;
    for (const [kind, link] of Object.entries(this.definition.target.links ?? {})) {
      const rows = await manager.find(link.entity, { where: { ownerId: id } });
      out[kind] = rows.map((r) => r.ref).sort();
    }
    return out;
  }

  /**
   * Runs a change and writes, in the same transaction, its audit entry (field-level before/after) and
   * the record's new revision. Every catalogue mutation goes through here. With `expectedVersion` (the
   * `version` the client loaded), a record changed since is refused with CONFLICT naming the fields
   * changed meanwhile; a concurrent change from the same version loses on the revision's unique version.
   */
  async audited(
    ctx: RequestContext,
    manager: EntityManager,
    action: string,
    id: string | null,
    change: () => Promise<T>,
    comment?: string | null,
    expectedVersion?: number | null,
  ): Promise<T> {
    const before = id ? await this.snapshot(manager, id) : null;
    const saved = await change();
    // After the change's own checks (a caller who may not edit the record learns nothing of it); the
    // transaction rolls the change back when the version is stale.
    if (id && before && expectedVersion != null) await this.assertVersion(manager, id, before, expectedVersion);
    const after = await this.snapshot(manager, saved.id);
    try {
      await this.audit.record(ctx, manager, { action, recordType: this.definition.type, recordId: saved.id, before, after, comment, revision: true });
    } catch (error) {
      if (expectedVersion != null && error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) {
        throw new ConflictError(this.definition.label, expectedVersion, expectedVersion + 1, []);
      }
      throw error;
    }
    return saved;
  }

  private async assertVersion(manager: EntityManager, id: string, current: Snapshot, expected: number): Promise<void> {
    const version = await this.audit.latestVersion(manager, this.definition.type, id);
    if (version === expected) return;
    if (expected > version || expected < 1)
      throw new BadUserInputError('expectedVersion', `this ${this.definition.label} has no version ${expected} (it is at version ${version})`);
    const then = expected > 0 && expected < version ? await this.audit.snapshotAt(manager, this.definition.type, id, expected) : null;
    const changed = then ? fieldChanges(then, current, ['updatedAt', 'publishedAt']).map((c) => c.field) : [];
    throw new ConflictError(this.definition.label, expected, version, changed);
  }
}

function slugTaken(slug: string): BadUserInputError {
  return new BadUserInputError('input.slug', `slug "${slug}" is already taken; choose another`, { rule: 'slugTaken' });
}

/**
 * Applies an update input to an entity: undefined leaves a field as it is, null clears it;
 * clearing a required field is BAD_USER_INPUT.
 */
export function applyPatch<T extends object>(record: T, patch: object, required: readonly string[], skip: readonly string[] = []): T {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || skip.includes(key)) continue;
    if (value === null && required.includes(key)) throw new BadUserInputError(`input.${key}`, `${key} is required and cannot be cleared`, { rule: 'isNotEmpty' });
    (record as Record<string, unknown>)[key] = value;
  }
  return record;
}
