import { Ctx } from '../accounts/auth.decorators';
import { RequestContext } from '../accounts/request-context';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { argumentsKey, requestMemo } from '../common/graphql/request-loaders';
import { CatalogueStatsService, DEFAULT_STATS_TYPES } from './catalogue-stats.service';
import { RecordType } from './enums';
import { CatalogueFilter, FilterArg } from './inputs/catalogue-filter.input';
import { EXPENSIVE_FIELD_COST } from '../common/graphql/complexity.plugin';
import { CatalogueStats } from './types/catalogue-stats.types';

@Resolver()
export class CatalogueStatsResolver {
  constructor(private readonly stats: CatalogueStatsService) {}

  @Query(() => CatalogueStats, {
    complexity: EXPENSIVE_FIELD_COST,
    description: 'Counts of published records per record type, theme, SDG, target group, region, country and year.',
  })
  catalogueStats(
    @FilterArg() filter: CatalogueFilter | null,
    @Args('types', { type: () => [RecordType], nullable: true, defaultValue: DEFAULT_STATS_TYPES, description: 'Record types to count; plans, practices and tools by default.' })
    types: RecordType[],
    @Ctx() ctx: RequestContext,
  ): Promise<CatalogueStats> {
    return requestMemo(ctx, `catalogueStats:${argumentsKey({ filter, types })}`, () => this.stats.stats(filter, types));
  }
}
