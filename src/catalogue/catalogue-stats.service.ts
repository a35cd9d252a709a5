import { Injectable } from '@nestjs/common';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { TaxonomyKind } from './entities/taxonomy-links';
import { RecordType } from './enums';
import { CatalogueFilter } from './inputs/catalogue-filter.input';
import { RecordStores } from './record-stores';
import { CatalogueStats } from './types/catalogue-stats.types';

export const DEFAULT_STATS_TYPES = [RecordType.ACTION_PLAN, RecordType.GOOD_PRACTICE, RecordType.TOOL];

type Tally = Map<string, number>;

/** Aggregates over exactly the rows the list queries return for the same filter. */
@Injectable()
export class CatalogueStatsService {
  constructor(
    private readonly taxonomy: TaxonomyService,
    private readonly stores: RecordStores,
  ) {}

  /** Aggregations computed since start (tests prove with it that refused or repeated requests cost nothing). */
  computations = 0;

  async stats(filter: CatalogueFilter | null | undefined, types: RecordType[] = DEFAULT_STATS_TYPES): Promise<CatalogueStats> {
    this.computations++;
    const t = await this.taxonomy.snapshot();
    const tallies = { themes: new Map(), sdgs: new Map(), targetGroups: new Map(), regions: new Map(), subregions: new Map(), countries: new Map(), years: new Map() } as Record<
      string,
      Tally
    >;
    const byType: CatalogueStats['byType'] = [];

    for (const type of [...new Set(types)]) {
      const store = this.stores.of(type);
      const target = store.definition.target;
      const qb = await store.reads.publicQuery(filter);
      byType.push({ type, count: await qb.getCount() });

      for (const kind of ['themes', 'sdgs', 'targetGroups'] as TaxonomyKind[]) {
        const link = target.links?.[kind];
        if (!link) continue;
        const grouped = qb.clone().innerJoin(link.entity, 'stat_link', `stat_link.${link.ownerColumn} = ${target.alias}.id`);
        await this.tally(grouped, `stat_link.${link.refColumn}`, tallies[kind]);
      }
      if (target.placeAlias) {
        await this.tally(qb.clone(), `${target.placeAlias}.region_code`, tallies.regions);
        await this.tally(qb.clone(), `${target.placeAlias}.subregion_code`, tallies.subregions);
        await this.tally(qb.clone(), `${target.placeAlias}.country_code`, tallies.countries);
      }
      if (target.yearColumn) await this.tally(qb.clone().andWhere(`${target.alias}.${target.yearColumn} IS NOT NULL`), `${target.alias}.${target.yearColumn}`, tallies.years);
    }

    const sorted = (tally: Tally) => [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return {
      totalCount: byType.reduce((n, c) => n + c.count, 0),
      byType,
      byTheme: sorted(tallies.themes).map(([slug, count]) => ({ theme: t.themes.get(slug)!, count })),
      bySdg: sorted(tallies.sdgs).map(([n, count]) => ({ sdg: t.sdgs.get(Number(n))!, count })),
      byTargetGroup: sorted(tallies.targetGroups).map(([slug, count]) => ({ targetGroup: t.targetGroups.get(slug)!, count })),
      byRegion: sorted(tallies.regions).map(([code, count]) => ({ region: t.regions.get(code)!, count })),
      bySubregion: sorted(tallies.subregions).map(([code, count]) => ({ region: t.regions.get(code)!, count })),
      byCountry: sorted(tallies.countries).map(([code, count]) => ({ country: t.countries.get(code)!, count })),
      byYear: [...tallies.years.entries()].map(([year, count]) => ({ year: Number(year), count })).sort((a, b) => b.year - a.year),
    };
  }

  /** GROUP BY one expression over the filtered rows, adding the counts into `into`. */
  private async tally<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, expression: string, into: Tally): Promise<void> {
    const rows = await qb.select(expression, 'stat_key').addSelect('COUNT(*)', 'stat_count').groupBy(expression).orderBy().getRawMany<{ stat_key: unknown; stat_count: unknown }>();
    for (const row of rows) {
      const key = String(row.stat_key);
      into.set(key, (into.get(key) ?? 0) + Number(row.stat_count));
    }
  }
}
