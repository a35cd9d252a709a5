import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { CatalogueFilter, FilterArg } from '../catalogue/inputs/catalogue-filter.input';
import { EXPENSIVE_FIELD_COST } from '../common/complexity.plugin';
import { argumentsKey, requestMemo } from '../common/request-loaders';
import { SearchService } from './search.service';
import { SearchArgs, SearchResults } from './search.types';

@Resolver()
export class SearchResolver {
  constructor(private readonly searchService: SearchService) {}

  @Query(() => SearchResults, { complexity: EXPENSIVE_FIELD_COST, description: 'Full-text search over published plans, practices, tools and local governments, with facets.' })
  search(
    @Args() args: SearchArgs,
    @FilterArg() filter: CatalogueFilter | null,
    @Context() context: object,
  ): Promise<SearchResults> {
    return requestMemo(context, `search:${argumentsKey({ args, filter })}`, () => this.searchService.search(args, filter, context));
  }
}
