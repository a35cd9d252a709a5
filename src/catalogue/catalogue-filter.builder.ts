import { Injectable } from '@nestjs/common';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { LinkTable, TaxonomyKind } from './entities/taxonomy-links';
import type { ReadScope } from '../accounts/access';
import { CatalogueSort, EditorialStatus } from './enums';
import { FILTER_FIELDS, isContent, isSet, NOTHING, SqlContext } from './filter-fields';
import { CatalogueFilter } from './inputs/catalogue-filter.input';

/** How a record type's table answers the filter's fields. */
export interface FilterTarget {
  /** Alias of the record's table in the query. */
  alias: string;
  /** Alias of the local government row giving the record its place (the record's own alias for local governments); none for tools. */
  placeAlias?: string;
  /** Join tables to themes, SDGs and target groups; none for local governments. */
  links?: Record<TaxonomyKind, LinkTable>;
  /** SQL column holding the record's year. */
  yearColumn?: string;
  /** SQL column holding the ",en,fr," language list. */
  languagesColumn?: string;
  /** Column sorted by TITLE_*. */
  titleProperty: string;
  /** Property sorted by YEAR_*. */
  yearProperty?: string;
  /** For local governments: content fields match through their published plans and practices. */
  contentVia?: { table: string; ownerColumn: string; target: FilterTarget }[];
}

type Params = Record<string, unknown>;

/** The one filter builder shared by lists, stats (and the search index's filter fields). */
@Injectable()
export class CatalogueFilterBuilder {
  constructor(private readonly taxonomy: TaxonomyService) {}

  /** References in a filter must exist; a bad one is BAD_USER_INPUT naming the field. */
  async validate(filter: CatalogueFilter | null | undefined, field = 'filter'): Promise<void> {
    if (!filter) return;
    for (const f of FILTER_FIELDS) {
      const value = filter[f.field];
      if (f.check && isSet(value)) await f.check(value as never, `${field}.${f.field}`, this.taxonomy, filter);
    }
  }

  /** The filter with each field's values as lists and search match them (a parent theme with its children). */
  async expanded(filter: CatalogueFilter): Promise<CatalogueFilter> {
    const out: Record<string, unknown> = { ...filter };
    for (const f of FILTER_FIELDS) if (f.expand && isSet(filter[f.field])) out[f.field] = await f.expand(filter[f.field] as never, this.taxonomy);
    return out;
  }

  /** Restricts a query to published records matching the filter. */
  async applyPublic<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, target: FilterTarget, filter: CatalogueFilter | null | undefined): Promise<SelectQueryBuilder<T>> {
    return this.applyVisible(qb, target, filter, { kind: 'public' });
  }

  /**
   * The filter plus what the reader may see: the public sees published records (of published local
   * governments); a curator also its own drafts and records in review; an editor every record but
   * archived ones.
   */
  async applyVisible<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    target: FilterTarget,
    filter: CatalogueFilter | null | undefined,
    scope: ReadScope,
  ): Promise<SelectQueryBuilder<T>> {
    await this.validate(filter);
    const params: Params = {};
    const counter = { n: 0 };
    const conditions = [...this.visibility(target, scope, params), ...(await this.conditions(target, filter ?? {}, params, counter))];
    for (const condition of conditions) qb.andWhere(condition);
    return qb.setParameters(params);
  }

  applySort<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, target: FilterTarget, sort: CatalogueSort | null | undefined): SelectQueryBuilder<T> {
    const a = target.alias;
    switch (sort ?? CatalogueSort.TITLE_ASC) {
      case CatalogueSort.TITLE_DESC:
        qb.orderBy(`${a}.${target.titleProperty}`, 'DESC');
        break;
      case CatalogueSort.YEAR_ASC:
        qb.orderBy(`${a}.${target.yearProperty ?? 'createdAt'}`, 'ASC', 'NULLS LAST').addOrderBy(`${a}.${target.titleProperty}`, 'ASC');
        break;
      case CatalogueSort.YEAR_DESC:
        qb.orderBy(`${a}.${target.yearProperty ?? 'createdAt'}`, 'DESC', 'NULLS LAST').addOrderBy(`${a}.${target.titleProperty}`, 'ASC');
        break;
      case CatalogueSort.NEWEST:
        qb.orderBy(`${a}.createdAt`, 'DESC');
        break;
      case CatalogueSort.RECENTLY_UPDATED:
        qb.orderBy(`${a}.updatedAt`, 'DESC');
        break;
      default:
        qb.orderBy(`${a}.${target.titleProperty}`, 'ASC');
    }
    return qb.addOrderBy(`${a}.id`, 'ASC'); // stable pages
  }

  private visibility(target: FilterTarget, scope: ReadScope = { kind: 'public' }, params: Params = {}): string[] {
    const published = `'${EditorialStatus.PUBLISHED}'`;
    const a = target.alias;
    const conditions = [`${a}.status = ${published}`];
    if (target.placeAlias && target.placeAlias !== a) conditions.push(`${target.placeAlias}.status = ${published}`);
    if (scope.kind === 'all') return [`${a}.status <> '${EditorialStatus.ARCHIVED}'`];
    if (scope.kind === 'own') {
      params.visibleToUser = scope.userId;
      return [`((${conditions.join(' AND ')}) OR (${a}.created_by = :visibleToUser AND ${a}.status <> '${EditorialStatus.ARCHIVED}'))`];
    }
    return conditions;
  }

  private async conditions(target: FilterTarget, filter: CatalogueFilter, params: Params, counter: { n: number }): Promise<string[]> {
    const set = FILTER_FIELDS.filter((f) => isSet(filter[f.field]));
    const a = target.alias;
    const context: SqlContext = {
      alias: a,
      place: target.placeAlias,
      yearColumn: target.yearColumn,
      languagesColumn: target.languagesColumn,
      param: (value) => {
        const name = `f${counter.n++}`;
        params[name] = value;
        return name;
      },
      linked: (kind, values) => {
        if (!target.links) return NOTHING;
        const l = target.links[kind];
        const x = `${a}_${kind}`;
        return `EXISTS (SELECT 1 FROM ${l.table} ${x} WHERE ${x}.${l.ownerColumn} = ${a}.id AND ${x}.${l.refColumn} IN (:...${context.param(values)}))`;
      },
    };
    // Place and change: where the record is, its own last change (a local government's too, not its plans').
    const out = set.filter((f) => !isContent(f)).map((f) => f.sql(filter[f.field] as never, context));

    // Content: what the record is about.
    const content = set.filter(isContent);
    if (!content.length) return out;
    if (target.contentVia) {
      // A local government matches when one of its published plans or practices matches.
      const contentOnly = Object.fromEntries(content.map((f) => [f.field, filter[f.field]])) as CatalogueFilter;
      const alternatives: string[] = [];
      for (const via of target.contentVia) {
        const inner = [
          `${via.target.alias}.${via.ownerColumn} = ${target.alias}.id`,
          `${via.target.alias}.status = '${EditorialStatus.PUBLISHED}'`,
          ...(await this.conditions({ ...via.target, placeAlias: undefined }, contentOnly, params, counter)),
        ];
        alternatives.push(`EXISTS (SELECT 1 FROM ${via.table} ${via.target.alias} WHERE ${inner.join(' AND ')})`);
      }
      out.push(`(${alternatives.join(' OR ')})`);
      return out;
    }
    const expanded = await this.expanded(filter);
    for (const f of content) out.push(f.sql(expanded[f.field] as never, context));
    return out;
  }
}
