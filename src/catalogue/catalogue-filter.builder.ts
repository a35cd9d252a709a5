import { Injectable } from '@nestjs/common';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../common/errors';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { LinkTable, TaxonomyKind } from './entities/taxonomy-links';
import type { ReadScope } from '../accounts/access';
import { CatalogueSort, EditorialStatus } from './enums';
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

const CONTENT_FIELDS = ['themes', 'sdgs', 'targetGroups', 'yearFrom', 'yearTo', 'languages'] as const;

function present<T>(values: readonly T[] | null | undefined): values is T[] {
  return Array.isArray(values) && values.length > 0;
}

/** The one filter builder shared by lists, stats (and the search index's filter fields). */
@Injectable()
export class CatalogueFilterBuilder {
  constructor(private readonly taxonomy: TaxonomyService) {}

  /** References in a filter must exist; a bad one is BAD_USER_INPUT naming the field. */
  async validate(filter: CatalogueFilter | null | undefined, field = 'filter'): Promise<void> {
    if (!filter) return;
    await this.taxonomy.assertThemes(filter.themes, `${field}.themes`);
    await this.taxonomy.assertTargetGroups(filter.targetGroups, `${field}.targetGroups`);
    await this.taxonomy.assertSdgs(filter.sdgs, `${field}.sdgs`);
    await this.taxonomy.assertRegions(filter.regions, `${field}.regions`);
    await this.taxonomy.assertCountries(filter.countries, `${field}.countries`);
    if (filter.yearFrom != null && filter.yearTo != null && filter.yearTo < filter.yearFrom) {
      throw new BadUserInputError(`${field}.yearTo`, 'yearTo must not be before yearFrom');
    }
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
    const param = (value: unknown) => {
      const name = `f${counter.n++}`;
      params[name] = value;
      return name;
    };
    const out: string[] = [];
    const nothing = '1 = 0';

    // Place: where the record is.
    const place = target.placeAlias;
    if (present(filter.regions)) {
      if (!place) out.push(nothing);
      else {
        const p = param(filter.regions);
        out.push(`(${place}.region_code IN (:...${p}) OR ${place}.subregion_code IN (:...${p}))`);
      }
    }
    if (present(filter.countries)) out.push(place ? `${place}.country_code IN (:...${param(filter.countries)})` : nothing);
    if (filter.localGovernmentId) out.push(place ? `${place}.id = :${param(filter.localGovernmentId)}` : nothing);
    // When: the record's own last change (a local government's too, not its plans').
    if (filter.updatedSince) out.push(`${target.alias}.updated_at >= :${param(filter.updatedSince)}`);

    // Content: what the record is about.
    const hasContent = CONTENT_FIELDS.some((f) => (Array.isArray(filter[f]) ? present(filter[f] as unknown[]) : filter[f] != null));
    if (!hasContent) return out;
    if (target.contentVia) {
      // A local government matches when one of its published plans or practices matches.
      const alternatives: string[] = [];
      for (const via of target.contentVia) {
        const inner = [
          `${via.target.alias}.${via.ownerColumn} = ${target.alias}.id`,
          `${via.target.alias}.status = '${EditorialStatus.PUBLISHED}'`,
          ...(await this.conditions(
            { ...via.target, placeAlias: undefined },
            { ...filter, regions: null, countries: null, localGovernmentId: null, updatedSince: null },
            params,
            counter,
          )),
        ];
        alternatives.push(`EXISTS (SELECT 1 FROM ${via.table} ${via.target.alias} WHERE ${inner.join(' AND ')})`);
      }
      out.push(`(${alternatives.join(' OR ')})`);
      return out;
    }

    const a = target.alias;
    const links = target.links;
    const linked = (kind: TaxonomyKind, values: unknown[]) => {
      if (!links) return nothing;
      const l = links[kind];
      const x = `${a}_${kind}`;
      return `EXISTS (SELECT 1 FROM ${l.table} ${x} WHERE ${x}.${l.ownerColumn} = ${a}.id AND ${x}.${l.refColumn} IN (:...${param(values)}))`;
    };
    if (present(filter.themes)) out.push(linked('themes', await this.taxonomy.expandThemes(filter.themes)));
    if (present(filter.sdgs)) out.push(linked('sdgs', filter.sdgs));
    if (present(filter.targetGroups)) out.push(linked('targetGroups', filter.targetGroups));
    if (filter.yearFrom != null) out.push(target.yearColumn ? `${a}.${target.yearColumn} >= :${param(filter.yearFrom)}` : nothing);
    if (filter.yearTo != null) out.push(target.yearColumn ? `${a}.${target.yearColumn} <= :${param(filter.yearTo)}` : nothing);
    if (present(filter.languages)) {
      if (!target.languagesColumn) out.push(nothing);
      else out.push(`(${filter.languages.map((l) => `${a}.${target.languagesColumn} LIKE :${param(`%,${l},%`)}`).join(' OR ')})`);
    }
    return out;
  }
}
