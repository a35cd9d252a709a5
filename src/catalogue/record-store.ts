import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../common/errors';
import { Page, PageArgs, paginate } from '../common/pagination';
import { groupByKeys, requestLoader } from '../common/request-loaders';
import { TransactionRunner } from '../database/transaction-runner';
import { CatalogueFilterBuilder, FilterTarget } from './catalogue-filter.builder';
import { CatalogueRecord } from './entities/record-base';
import { OutboxService } from '../common/outbox/outbox.service';
import { CatalogueSort, EditorialStatus, RecordType } from './enums';
import { CatalogueFilter } from './inputs/catalogue-filter.input';
import { slugify } from './slugs';

export type Transition = 'publish' | 'archive' | 'restore';

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
export class RecordStore<T extends CatalogueRecord & ObjectLiteral> {
  constructor(
    readonly kind: RecordKind<T>,
    private readonly dataSource: DataSource,
    private readonly filters: CatalogueFilterBuilder,
    readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
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

  async list(filter: CatalogueFilter | null | undefined, sort: CatalogueSort | null | undefined, page: PageArgs): Promise<Page<T>> {
    const qb = await this.publicQuery(filter);
    return paginate(this.filters.applySort(qb, this.kind.target, sort), page);
  }

  /** A published record by id or slug; null when absent or not public. */
  async findPublic(by: { id?: string | null; slug?: string | null }, field = 'id'): Promise<T | null> {
    if (!by.id === !by.slug) throw new BadUserInputError(field, 'give exactly one of id or slug');
    const qb = await this.publicQuery(null);
    const a = this.kind.target.alias;
    if (by.id) qb.andWhere(`${a}.id = :lookupId`, { lookupId: by.id });
    else qb.andWhere(`${a}.slug = :lookupSlug`, { lookupSlug: by.slug });
    return qb.getOne();
  }

  /** Batched loader of published records by id, for relation fields. */
  publicById(context: object, id: string): Promise<T | null> {
    return requestLoader<string, T | null>(context, `public:${this.kind.label}`, async (ids) => {
      const qb = await this.publicQuery(null);
      const rows = await qb.andWhere(`${this.kind.target.alias}.id IN (:...loaderIds)`, { loaderIds: [...ids] }).getMany();
      return groupByKeys(ids, rows, (r) => r.id).map((group) => group[0] ?? null);
    }).load(id);
  }

  /** Batched loader of records by id whatever their status (a draft's own relations). */
  anyById(context: object, id: string): Promise<T | null> {
    return requestLoader<string, T | null>(context, `any:${this.kind.label}`, async (ids) => {
      const rows = await this.dataSource.manager.find(this.kind.entity, { where: { id: In([...ids]) } as never });
      return groupByKeys(ids, rows, (r) => r.id).map((group) => group[0] ?? null);
    }).load(id);
  }

  /** Batched loader of published records grouped by a foreign key column (e.g. plans of a local government). */
  publicByForeignKey(context: object, column: string, key: string): Promise<T[]> {
    return requestLoader<string, T[]>(context, `public:${this.kind.label}:${column}`, async (keys) => {
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

  /** A record referenced from another record's input; an unknown id is BAD_USER_INPUT on that field. */
  async getReferenced(manager: EntityManager, id: string, field: string): Promise<T> {
    const record = await manager.findOne(this.kind.entity, { where: { id } as never });
    if (!record) throw new BadUserInputError(field, `no ${this.kind.label} with id "${id}"`);
    return record;
  }

  /** A new, unsaved draft with id and timestamps. */
  draft(values: Partial<T>): T {
    const now = new Date();
    return Object.assign(new this.kind.entity(), { id: randomUUID(), status: EditorialStatus.DRAFT, publishedAt: null, createdAt: now, updatedAt: now }, values);
  }

  /** The slug to use: the one asked for (must be free), else one derived from the title. */
  async resolveSlug(manager: EntityManager, wanted: string | null | undefined, title: string, ownId?: string): Promise<string> {
    const repo = manager.getRepository(this.kind.entity);
    if (wanted) {
      const holder = await repo.findOne({ where: { slug: wanted } as never, select: { id: true } as never });
      if (holder && holder.id !== ownId) throw new BadUserInputError('input.slug', `slug "${wanted}" is already used by another ${this.kind.label}`);
      return wanted;
    }
    const base = slugify(title) || this.kind.label.replace(/\s+/g, '-');
    const taken = new Set(
      (await repo.createQueryBuilder('s').select('s.slug', 'slug').where('s.slug = :base OR s.slug LIKE :prefix', { base, prefix: `${base}-%` }).getRawMany<{ slug: string }>()).map((r) => r.slug),
    );
    if (!taken.has(base)) return base;
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
        throw new BadUserInputError('input.slug', `slug "${record.slug}" is already used by another ${this.kind.label}`);
      }
      throw error;
    }
  }

  /**
   * The editorial workflow: DRAFT → PUBLISHED → ARCHIVED, and restore from ARCHIVED back to where it was
   * (PUBLISHED if it had been published, else DRAFT). `check` runs before publishing.
   */
  async transition(id: string, transition: Transition, check?: (manager: EntityManager, record: T) => Promise<void>, within?: EntityManager): Promise<T> {
    return this.tx.run(async (manager) => {
      const record = await this.getForWrite(manager, id);
      const label = this.kind.label;
      switch (transition) {
        case 'publish':
          if (record.status === EditorialStatus.ARCHIVED) throw new BadUserInputError('id', `this ${label} is archived: restore it before publishing`);
          if (record.status === EditorialStatus.PUBLISHED) return record;
          await check?.(manager, record);
          record.status = EditorialStatus.PUBLISHED;
          record.publishedAt ??= new Date();
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
    }, within);
  }
}

/**
 * Applies an update input to an entity: undefined leaves a field as it is, null clears it;
 * clearing a required field is BAD_USER_INPUT.
 */
export function applyPatch<T extends object>(record: T, patch: object, required: readonly string[], skip: readonly string[] = []): T {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || skip.includes(key)) continue;
    if (value === null && required.includes(key)) throw new BadUserInputError(`input.${key}`, `${key} is required and cannot be cleared`);
    (record as Record<string, unknown>)[key] = value;
  }
  return record;
}

function camel(column: string): string {
  return column.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
