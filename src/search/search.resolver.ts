import { Ctx } from '../accounts/auth.decorators';
import { RequestContext } from '../accounts/request-context';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { CatalogueFilter, FilterArg } from '../catalogue/inputs/catalogue-filter.input';
import { EXPENSIVE_FIELD_COST } from '../common/graphql/complexity.plugin';
import { argumentsKey, requestMemo } from '../common/graphql/request-loaders';
import { SearchService } from './search.service';
import { FACETS_OF_FIELD } from './search.service';
import { SearchArgs, SearchResults } from './search.types';

/** The facets the query selects (`facets { themes … }`, through fragments too): only those are computed. */
function selectedFacets(info: GraphQLResolveInfo): string[] {
  const wanted = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, inFacets: boolean) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === 'Field') {
        if (inFacets) for (const attribute of FACETS_OF_FIELD[selection.name.value] ?? []) wanted.add(attribute);
        else if (selection.name.value === 'facets') visit(selection.selectionSet, true);
      } else if (selection.kind === 'InlineFragment') visit(selection.selectionSet, inFacets);
      else visit(info.fragments[selection.name.value]?.selectionSet, inFacets);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, false);
  return [...wanted].sort();
}

@Resolver()
export class SearchResolver {
  constructor(private readonly searchService: SearchService) {}

  @Query(() => SearchResults, { complexity: EXPENSIVE_FIELD_COST, description: 'Full-text search over published plans, practices, tools and local governments, with facets.' })
  search(@Args() args: SearchArgs, @FilterArg() filter: CatalogueFilter | null, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<SearchResults> {
    const facets = selectedFacets(info);
    return requestMemo(ctx, `search:${argumentsKey({ args, filter, facets })}`, () => this.searchService.search(ctx, args, filter, { facets }));
  }
}
