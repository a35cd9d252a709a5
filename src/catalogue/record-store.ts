import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors';
import { Page, PageArgs, paginate } from '../common/pagination';
import { groupByKeys, requestLoader } from '../common/request-loaders';
import { TransactionRunner } from '../database/transaction-runner';
import { CatalogueFilterBuilder, FilterTarget } from './catalogue-filter.builder';
import { CatalogueRecord } from './entities/record-base';
import { OutboxService } from '../common/outbox/outbox.service';
import { CatalogueSort, EditorialStatus, RecordType } from './enums';
import { CatalogueFilter } from './inputs/catalogue-filter.input';
import { slugify } from './slugs';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { AuditService, fieldChanges, Snapshot } from '../accounts/audit.service';

/** How an update is made: its audit action (default "update"), and the version the client changed. */
export interface UpdateOptions {
  action?: string;
  expectedVersion?: number | null;
}

export type Transition = 'submitForReview' | 'publish' | 'returnToDraft' | 'archive' | 'restore';

export interface TransitionOptions<T> {
  /** Runs before a record becomes public (e.g. its local government must be published). */
  check?: (manager: EntityManager, record: T) => Promise<void>;
  /** The transaction to run in (the seeder publishes inside its own). */
  within?: EntityManager;
  /** The editor's comment (returnToDraft requires one). */
  comment?: string | null;
  /** The version the caller loaded: CONFLICT when the record changed since (no transition on stale data). */
  expectedVersion?: number | null;
}

/** What the services' publish/restore accept from their callers (the check is theirs). */
export type WorkflowOptions = Pick<TransitionOptions<never>, 'within' | 'expectedVersion'>;

export interface RecordKind<T extends CatalogueRecord> {
  type: RecordType;
  entity: new () => T;
  /** Human name, e.g. "action plan". */
  label: string;
  target: FilterTarget;
  /** Adds the joins the filter target needs (e.g. the local government giving a plan its place). */
  joinPlace?: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T>;
}

/**
 * What all catalogue record types share: public reads, slugs, the editorial workflow and
 * saving inside a transaction. Each record service owns one, for its own entity.
 */
@ActsOnBehalf()
export class RecordStore<T extends CatalogueRecord & ObjectLiteral> {
  constructor(
    readonly kind: RecordKind<T>,
    private readonly dataSource: DataSource,
    private readonly filters: CatalogueFilterBuilder,
    readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** A query over the record's table (aliased as the filter target says) with its place joined. */
  query(manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<T> {
    const qb = manager.getRepository(this.kind.entity).createQueryBuilder(this.kind.target.alias);
    return this.kind.joinPlace ? this.kind.joinPlace(qb) : qb;
  }

  /** Published records matching the filter, without pagination (stats build on it). */
  async publicQuery(filter: CatalogueFilter | null | undefined): Promise<SelectQueryBuilder<T>> {
    return this.filters.applyPublic(this.query(), this.kind.target, filter);
  }

  /** Records the current reader may see (the public: published ones), matching the filter. */
  async visibleQuery(ctx: RequestContext, filter: CatalogueFilter | null | undefined): Promise<SelectQueryBuilder<T>> {
    return this.filters.applyVisible(this.query(), this.kind.target, filter, access.readScope(ctx));
  }

  async list(ctx: RequestContext, filter: CatalogueFilter | null | undefined, sort: CatalogueSort | null | undefined, page: PageArgs): Promise<Page<T>> {
    const qb = await this.visibleQuery(ctx, filter);
    return paginate(this.filters.applySort(qb, this.kind.target, sort), page);
  }

  /** A user's own records in these statuses, latest change first (the workspace's "my work"). */
  async createdBy(userId: string, statuses: EditorialStatus[], limit = 50): Promise<T[]> {
    const a = this.kind.target.alias;
    return this.query().andWhere(`${a}.created_by = :owner AND ${a}.status IN (:...statuses)`, { owner: userId, statuses }).orderBy(`${a}.updatedAt`, 'DESC').take(limit).getMany();
  }

  /** Editors: the records waiting for review, the longest waiting first. */
  async inReview(ctx: RequestContext, limit = 100): Promise<T[]> {
    access.require(ctx, Role.EDITOR, 'Reviewing records');
    const a = this.kind.target.alias;
    return this.query().andWhere(`${a}.status = :status`, { status: EditorialStatus.IN_REVIEW }).orderBy(`${a}.updatedAt`, 'ASC').take(limit).getMany();
  }

  /** A record the reader may see by id or slug (editors: archived ones too); null otherwise. */
  async findVisible(ctx: RequestContext, by: { id?: string | null; slug?: string | null }, field = 'id'): Promise<T | null> {
    if (!by.id === !by.slug) throw new BadUserInputError(field, 'give exactly one of id or slug');
    const scope = access.readScope(ctx);
    const qb = scope.kind === 'all' ? this.query() : await this.visibleQuery(ctx, null);
    const a = this.kind.target.alias;
    if (by.id) qb.andWhere(`${a}.id = :lookupId`, { lookupId: by.id });
    else qb.andWhere(`${a}.slug = :lookupSlug`, { lookupSlug: by.slug });
    return qb.getOne();
  }

  /** Batched loader of published records by id, for relation fields. */
  publicById(ctx: RequestContext, id: string): Promise<T | null> {
    return requestLoader<string, T | null>(ctx, `public:${this.kind.label}`, async (ids) => {
      const qb = await this.publicQuery(null);
      const rows = await qb.andWhere(`${this.kind.target.alias}.id IN (:...loaderIds)`, { loaderIds: [...ids] }).getMany();
      return groupByKeys(ids, rows, (r) => r.id).map((group) => group[0] ?? null);
    }).load(id);
  }

  /** Batched loader of records the reader may see (documents' records: a curator's own draft, for its curator). */
  visibleById(ctx: RequestContext, id: string): Promise<T | null> {
    const scope = access.readScope(ctx);
    if (scope.kind === 'public') return this.publicById(ctx, id);
    return requestLoader<string, T | null>(ctx, `visible:${this.kind.label}`, async (ids) => {
      const qb = scope.kind === 'all' ? this.query() : await this.visibleQuery(ctx, null);
      const rows = await qb.andWhere(`${this.kind.target.alias}.id IN (:...loaderIds)`, { loaderIds: [...ids] }).getMany();
      return groupByKeys(ids, rows, (r) => r.id).map((group) => group[0] ?? null);
    }).load(id);
  }

  /** Batched loader of records by id whatever their status (a draft's own relations). */
  anyById(ctx: RequestContext, id: string): Promise<T | null> {
    return requestLoader<string, T | null>(ctx, `any:${this.kind.label}`, async (ids) => {
      const rows = await this.dataSource.manager.find(this.kind.entity, { where: { id: In([...ids]) } as never });
      return groupByKeys(ids, rows, (r) => r.id).map((group) => group[0] ?? null);
    }).load(id);
  }

  /** Batched loader of published records grouped by a foreign key column (e.g. plans of a local government). */
  publicByForeignKey(ctx: RequestContext, column: string, key: string): Promise<T[]> {
    return requestLoader<string, T[]>(ctx, `public:${this.kind.label}:${column}`, async (keys) => {
      const qb = await this.publicQuery(null);
      const a = this.kind.target.alias;
      const rows = await this.filters.applySort(qb.andWhere(`${a}.${column} IN (:...loaderKeys)`, { loaderKeys: [...keys] }), this.kind.target, null).getMany();
      return groupByKeys(keys, rows, (r) => (r as Record<string, unknown>)[camel(column)] as string);
    }).load(key);
  }

  /** The record to change, whatever its status; an unknown id is NOT_FOUND. */
  async getForWrite(manager: EntityManager, id: string): Promise<T> {
    const record = await manager.findOne(this.kind.entity, { where: { id } as never });
    if (!record) throw new NotFoundError(capitalize(this.kind.label), id);
    return record;
  }

  /**
   * A record referenced from another record's input. An unknown id and a record the caller may not
   * read (another curator's draft) are the same NOT_FOUND naming the field: nothing tells them apart.
   */
  async getReferenced(ctx: RequestContext, manager: EntityManager, id: string, field: string): Promise<T> {
    const record = await manager.findOne(this.kind.entity, { where: { id } as never });
    if (!record || !access.canRead(ctx, record)) throw new NotFoundError(capitalize(this.kind.label), id, field);
    return record;
  }

  /** A new, unsaved draft with id and timestamps. */
  draft(ctx: RequestContext, values: Partial<T>): T {
    const now = new Date();
    return Object.assign(
      new this.kind.entity(),
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
    const repo = manager.getRepository(this.kind.entity);
    if (wanted) {
      const holder = await repo.findOne({ where: { slug: wanted } as never, select: { id: true } as never });
      if (holder && holder.id !== ownId) throw slugTaken(wanted);
      return wanted;
    }
    const base = slugify(title) || this.kind.label.replace(/\s+/g, '-');
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
      const saved = await manager.save(this.kind.entity, record);
      await this.outbox.enqueue(manager, this.kind.type, [saved.id]);
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
    const row = await manager.findOne(this.kind.entity, { where: { id } as never });
    if (!row) return null;
    const out: Snapshot = {};
    for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString() : value;
    for (const [kind, link] of Object.entries(this.kind.target.links ?? {})) {
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
      await this.audit.record(ctx, manager, { action, recordType: this.kind.type, recordId: saved.id, before, after, comment, revision: true });
    } catch (error) {
      if (expectedVersion != null && error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) {
        throw new ConflictError(this.kind.label, expectedVersion, expectedVersion + 1, []);
      }
      throw error;
    }
    return saved;
  }

  private async assertVersion(manager: EntityManager, id: string, current: Snapshot, expected: number): Promise<void> {
    const version = await this.audit.latestVersion(manager, this.kind.type, id);
    if (version === expected) return;
    if (expected > version || expected < 1) throw new BadUserInputError('expectedVersion', `this ${this.kind.label} has no version ${expected} (it is at version ${version})`);
    const then = expected > 0 && expected < version ? await this.audit.snapshotAt(manager, this.kind.type, id, expected) : null;
    const changed = then ? fieldChanges(then, current, ['updatedAt', 'publishedAt']).map((c) => c.field) : [];
    throw new ConflictError(this.kind.label, expected, version, changed);
  }

  /** Batched loader of each record's version (that of its latest revision). */
  versionOf(ctx: RequestContext, id: string): Promise<number> {
    return requestLoader<string, number>(ctx, `version:${this.kind.label}`, async (ids) => {
      const versions = await this.audit.latestVersions(this.kind.type, ids);
      return ids.map((i) => versions.get(i) ?? 0);
    }).load(id);
  }

  /**
   * The editorial workflow — the only way a status changes: DRAFT → IN_REVIEW (submitForReview, by
   * its curator or an editor) → PUBLISHED (publish, editors; they may publish a draft directly) →
   * ARCHIVED (archive) → back with restore (to PUBLISHED if it had been published, else DRAFT);
   * returnToDraft (editors, with a comment) from IN_REVIEW or PUBLISHED. `check` runs before a record
   * becomes public.
   */
  async transition(ctx: RequestContext, id: string, transition: Transition, options: TransitionOptions<T> = {}): Promise<T> {
    const { check, within, comment, expectedVersion } = options;
    return this.tx.run(async (manager) => {
      const label = this.kind.label;
      const record = await this.getForWrite(manager, id);
      if (transition === 'submitForReview') access.requireEditable(ctx, record, label);
      else access.require(ctx, Role.EDITOR, `${capitalize(transitionVerb[transition])} a ${label}`);
      return this.audited(
        ctx,
        manager,
        transition,
        id,
        async () => {
          switch (transition) {
            case 'submitForReview':
              if (record.status === EditorialStatus.IN_REVIEW) return record;
              if (record.status !== EditorialStatus.DRAFT) throw new BadUserInputError('id', `only a draft can be submitted for review (this ${label} is ${record.status})`);
              record.status = EditorialStatus.IN_REVIEW;
              break;
            case 'publish':
              if (record.status === EditorialStatus.ARCHIVED) throw new BadUserInputError('id', `this ${label} is archived: restore it before publishing`);
              if (record.status === EditorialStatus.PUBLISHED) return record;
              await check?.(manager, record);
              record.status = EditorialStatus.PUBLISHED;
              record.publishedAt ??= new Date();
              break;
            case 'returnToDraft':
              if (!comment?.trim()) throw new BadUserInputError('comment', 'say what should change: a comment is required', { rule: 'isNotEmpty' });
              if (record.status !== EditorialStatus.IN_REVIEW && record.status !== EditorialStatus.PUBLISHED) {
                throw new BadUserInputError('id', `only a record in review or published can return to draft (this ${label} is ${record.status})`);
              }
              record.status = EditorialStatus.DRAFT;
              break;
            case 'archive':
              if (record.status === EditorialStatus.ARCHIVED) return record;
              record.status = EditorialStatus.ARCHIVED;
              break;
            case 'restore':
              if (record.status !== EditorialStatus.ARCHIVED) throw new BadUserInputError('id', `this ${label} is not archived (status ${record.status})`);
              if (record.publishedAt) await check?.(manager, record);
              record.status = record.publishedAt ? EditorialStatus.PUBLISHED : EditorialStatus.DRAFT;
              break;
          }
          return this.save(manager, record);
        },
        comment?.trim() || null,
        expectedVersion,
      );
    }, within);
  }
}

const transitionVerb: Record<Transition, string> = {
  submitForReview: 'submitting',
  publish: 'publishing',
  returnToDraft: 'returning to draft',
  archive: 'archiving',
  restore: 'restoring',
};

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

function slugTaken(slug: string): BadUserInputError {
  return new BadUserInputError('input.slug', `slug "${slug}" is already taken; choose another`, { rule: 'slugTaken' });
}

function camel(column: string): string {
  return column.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
