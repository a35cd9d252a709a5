import { Args, Query, Resolver } from '@nestjs/graphql';
import { CatalogueStatsService, DEFAULT_STATS_TYPES } from './catalogue-stats.service';
import { RecordType } from './enums';
import { CatalogueFilter } from './inputs/catalogue-filter.input';
import { CatalogueStats } from './types/catalogue-stats.types';

@Resolver()
export class CatalogueStatsResolver {
  constructor(private readonly stats: CatalogueStatsService) {}

  @Query(() => CatalogueStats, { description: 'Counts of published records per record type, theme, SDG, target group, region, country and year.' })
  catalogueStats(
    @Args('filter', { type: () => CatalogueFilter, nullable: true }) filter: CatalogueFilter | null,
    @Args('types', { type: () => [RecordType], nullable: true, defaultValue: DEFAULT_STATS_TYPES, description: 'Record types to count; plans, practices and tools by default.' })
    types: RecordType[],
  ): Promise<CatalogueStats> {
    return this.stats.stats(filter, types);
  }
}
