import { DataSource, EntityManager, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { AuditService } from '../accounts/audit.service';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { BadUserInputError } from '../common/errors';
import { Page, PageArgs, paginate } from '../common/data/pagination';
import { groupByKeys, requestLoader } from '../common/graphql/request-loaders';
import { CatalogueFilterBuilder } from './catalogue-filter.builder';
import { CatalogueRecord } from './entities/record-base';
import { CatalogueSort, EditorialStatus } from './enums';
import { CatalogueFilter } from './inputs/catalogue-filter.input';
import type { RecordDefinition } from './record-options';

/** One record type's reads: queries and per-request loaders, each under the reader's access rules. */
@ActsOnBehalf()
export class RecordReads<T extends CatalogueRecord & ObjectLiteral> {
  constructor(
    readonly definition: RecordDefinition<T>,
    private readonly dataSource: DataSource,
    private readonly filters: CatalogueFilterBuilder,
    private readonly audit: AuditService,
  ) {}

  /** A query over the record's table (aliased as the filter target says) with its place joined. */
  query(manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<T> {
    const qb = manager.getRepository(this.definition.entity).createQueryBuilder(this.definition.target.alias);
    return this.definition.joinPlace ? this.definition.joinPlace(qb) : qb;
  }

  /** Published records matching the filter, without pagination (stats build on it). */
  async publicQuery(filter: CatalogueFilter | null | undefined): Promise<SelectQueryBuilder<T>> {
    return this.filters.applyPublic(this.query(), this.definition.target, filter);
  }

  /** Records the current reader may see (the public: published ones), matching the filter. */
  async visibleQuery(ctx: RequestContext, filter: CatalogueFilter | null | undefined): Promise<SelectQueryBuilder<T>> {
    return this.filters.applyVisible(this.query(), this.definition.target, filter, access.readScope(ctx));
  }

  async list(ctx: RequestContext, filter: CatalogueFilter | null | undefined, sort: CatalogueSort | null | undefined, page: PageArgs): Promise<Page<T>> {
    const qb = await this.visibleQuery(ctx, filter);
    return paginate(this.filters.applySort(qb, this.definition.target, sort), page);
  }

  /**
   * The ids of every record `list` would give, in its order, without the records themselves: what a
   * long export walks through (one sorted query, then the records a batch at a time by id).
   */
  async visibleIds(ctx: RequestContext, filter: CatalogueFilter | null | undefined, sort: CatalogueSort | null | undefined): Promise<string[]> {
    const qb = this.filters.applySort(await this.visibleQuery(ctx, filter), this.definition.target, sort);
    const rows = await qb.select(`${this.definition.target.alias}.id`, 'id').getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Records by id in the order given (ids already checked by the caller: a batch of `visibleIds`). */
  async inOrder(ids: readonly string[]): Promise<T[]> {
    if (!ids.length) return [];
    const rows = await this.query()
      .where(`${this.definition.target.alias}.id IN (:...orderedIds)`, { orderedIds: [...ids] })
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is T => !!r);
  }

  /** A user's own records in these statuses, latest change first (the workspace's "my work"). */
  async createdBy(userId: string, statuses: EditorialStatus[], limit = 50): Promise<T[]> {
    const a = this.definition.target.alias;
    return this.query().andWhere(`${a}.created_by = :owner AND ${a}.status IN (:...statuses)`, { owner: userId, statuses }).orderBy(`${a}.updatedAt`, 'DESC').take(limit).getMany();
  }

  /** Editors: the records waiting for review, the longest waiting first. */
  async inReview(ctx: RequestContext, limit = 100): Promise<T[]> {
    access.require(ctx, Role.EDITOR, 'Reviewing records');
    const a = this.definition.target.alias;
    return this.query().andWhere(`${a}.status = :status`, { status: EditorialStatus.IN_REVIEW }).orderBy(`${a}.updatedAt`, 'ASC').take(limit).getMany();
  }

  /** A record the reader may see by id or slug (editors: archived ones too); null otherwise. */
  async findVisible(ctx: RequestContext, by: { id?: string | null; slug?: string | null }, field = 'id'): Promise<T | null> {
    if (!by.id === !by.slug) throw new BadUserInputError(field, 'give exactly one of id or slug');
    const scope = access.readScope(ctx);
    const qb = scope.kind === 'all' ? this.query() : await this.visibleQuery(ctx, null);
    const a = this.definition.target.alias;
    if (by.id) qb.andWhere(`${a}.id = :lookupId`, { lookupId: by.id });
    else qb.andWhere(`${a}.slug = :lookupSlug`, { lookupSlug: by.slug });
    return qb.getOne();
  }

  /** Batched loader of published records by id, for relation fields. */
  publicById(ctx: RequestContext, id: string): Promise<T | null> {
    return requestLoader<string, T | null>(ctx, `public:${this.definition.label}`, async (ids) => {
      const qb = await this.publicQuery(null);
      const rows = await qb.andWhere(`${this.definition.target.alias}.id IN (:...loaderIds)`, { loaderIds: [...ids] }).getMany();
      return groupByKeys(ids, rows, (r) => r.id).map((group) => group[0] ?? null);
    }).load(id);
  }

  /** Batched loader of records the reader may see (documents' records: a curator's own draft, for its curator). */
  visibleById(ctx: RequestContext, id: string): Promise<T | null> {
    const scope = access.readScope(ctx);
    if (scope.kind === 'public') return this.publicById(ctx, id);
    return requestLoader<string, T | null>(ctx, `visible:${this.definition.label}`, async (ids) => {
      const qb = scope.kind === 'all' ? this.query() : await this.visibleQuery(ctx, null);
      const rows = await qb.andWhere(`${this.definition.target.alias}.id IN (:...loaderIds)`, { loaderIds: [...ids] }).getMany();
      return groupByKeys(ids, rows, (r) => r.id).map((group) => group[0] ?? null);
    }).load(id);
  }

  /** Batched loader of records by id whatever their status (a draft's own relations). */
  anyById(ctx: RequestContext, id: string): Promise<T | null> {
    return requestLoader<string, T | null>(ctx, `any:${this.definition.label}`, async (ids) => {
      const rows = await this.dataSource.manager.find(this.definition.entity, { where: { id: In([...ids]) } as never });
      return groupByKeys(ids, rows, (r) => r.id).map((group) => group[0] ?? null);
    }).load(id);
  }

  /** Batched loader of published records grouped by a foreign key column (e.g. plans of a local government). */
  publicByForeignKey(ctx: RequestContext, column: string, key: string): Promise<T[]> {
    return requestLoader<string, T[]>(ctx, `public:${this.definition.label}:${column}`, async (keys) => {
      const qb = await this.publicQuery(null);
      const a = this.definition.target.alias;
      const rows = await this.filters.applySort(qb.andWhere(`${a}.${column} IN (:...loaderKeys)`, { loaderKeys: [...keys] }), this.definition.target, null).getMany();
      return groupByKeys(keys, rows, (r) => (r as Record<string, unknown>)[camel(column)] as string);
    }).load(key);
  }

  /** The versions of these records, uncached (a long export asks batch by batch). */
  async versions(ids: readonly string[]): Promise<Map<string, number>> {
    return this.audit.latestVersions(this.definition.type, [...ids]);
  }

  /** Batched loader of each record's version (that of its latest revision). */
  versionOf(ctx: RequestContext, id: string): Promise<number> {
    return requestLoader<string, number>(ctx, `version:${this.definition.label}`, async (ids) => {
      const versions = await this.audit.latestVersions(this.definition.type, ids);
      return ids.map((i) => versions.get(i) ?? 0);
    }).load(id);
  }
}

function camel(column: string): string {
  return column.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
}
