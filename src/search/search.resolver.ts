import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { CatalogueFilter } from '../catalogue/inputs/catalogue-filter.input';
import { SearchService } from './search.service';
import { SearchArgs, SearchResults } from './search.types';

@Resolver()
export class SearchResolver {
  constructor(private readonly searchService: SearchService) {}

  @Query(() => SearchResults, { description: 'Full-text search over published plans, practices, tools and local governments, with facets.' })
  search(
    @Args() args: SearchArgs,
    @Args('filter', { type: () => CatalogueFilter, nullable: true }) filter: CatalogueFilter | null,
    @Context() context: object,
  ): Promise<SearchResults> {
    return this.searchService.search(args, filter, context);
  }
}
