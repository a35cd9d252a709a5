import type { Type } from '@nestjs/common';
import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Ctx } from '../accounts/auth.decorators';
import { RequestContext } from '../accounts/request-context';
import type { CatalogueRecord } from '../catalogue/entities/record-base';
import { RECORD_DEFINITIONS } from '../catalogue/record-definitions';
import { publicBaseOf } from '../common/http/public-url';
import { CitationFormat, CitationsService } from './citations.service';

/** `citation(format:)` on one citable record type (plans, practices and tools). */
function citationResolverFor(entity: Type<CatalogueRecord>): Type<unknown> {
  @Resolver(() => entity)
  class CitationResolver {
    constructor(readonly citations: CitationsService) {}

    @ResolveField(() => String, {
      description: 'How to cite this record: BibTeX, RIS, CSL-JSON or an APA reference, with its year, author, URL, permalink and today as the access date.',
    })
    citation(
      @Parent() record: CatalogueRecord,
      @Args('format', { type: () => CitationFormat }) format: CitationFormat,
      @Ctx() ctx: RequestContext,
      @Context('req') req: Request,
    ): Promise<string> {
      return this.citations.cite(ctx, record, format, publicBaseOf(req));
    }
  }
  Object.defineProperty(CitationResolver, 'name', { value: `${entity.name}CitationResolver` });
  return CitationResolver;
}

export const CITATION_RESOLVERS = RECORD_DEFINITIONS.filter((d) => d.citable).map((d) => citationResolverFor(d.entity as Type<CatalogueRecord>));
