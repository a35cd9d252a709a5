import { RequestContext } from '../accounts/request-context';
import { Type } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Page, PageArgs } from '../common/data/pagination';
import { ValidateAs } from '../common/input/validation';
import { Role } from '../accounts/actor';
import { RequireRole, Ctx } from '../accounts/auth.decorators';
import { Sdg } from '../taxonomy/sdg.entity';
import { TargetGroup } from '../taxonomy/target-group.entity';
import { Theme } from '../taxonomy/theme.entity';
import { CatalogueRecord } from './entities/record-base';
import { TaggedRecordType } from './entities/taxonomy-links';
import { CatalogueSort } from './enums';
import { CatalogueFilter, FilterArg } from './inputs/catalogue-filter.input';
import type { RecordService } from './record-service';
import { TaxonomyLinksService } from './taxonomy-links.service';

/** The optional `expectedVersion` precondition of every record mutation (no lost edits, no transition on stale data). */
const ExpectedVersionArg = () =>
  Args('expectedVersion', { type: () => Int, nullable: true, description: 'The `version` you loaded: a precondition, not data (no lost edits). A stale one fails with CONFLICT.' });

interface RecordResolverOptions<T, C, U> {
  type: Type<T>;
  list: Type<Page<T>>;
  /** GraphQL name of one record, e.g. "actionPlan"; the list is `${singular}s`, mutations `create${Singular}`… */
  singular: string;
  plural: string;
  createInput: Type<C>;
  updateInput: Type<U>;
}

/** The queries and mutations every record type has, named after the type (actionPlans, publishActionPlan, …). */
export function RecordResolver<T extends CatalogueRecord, C extends object, U extends object>(o: RecordResolverOptions<T, C, U>) {
  const Name = o.singular.charAt(0).toUpperCase() + o.singular.slice(1);

  @Resolver(() => o.type, { isAbstract: true })
  abstract class BaseRecordResolver {
    protected abstract readonly service: RecordService<T, C, U>;

    @Query(() => o.list, { name: o.plural, description: `Published ${o.plural} (signed in: also the drafts you may see), filtered, sorted and paginated.` })
    list(
      @Ctx() ctx: RequestContext,
      @FilterArg() filter: CatalogueFilter | null,
      @Args('sort', { type: () => CatalogueSort, nullable: true, defaultValue: CatalogueSort.TITLE_ASC }) sort: CatalogueSort,
      @Args() page: PageArgs,
    ): Promise<Page<T>> {
      return this.service.store.reads.list(ctx, filter, sort, page);
    }

    @Query(() => o.type, { name: o.singular, nullable: true, description: `One ${o.singular} by id or slug: published, or a draft you may see; null otherwise.` })
    one(
      @Ctx() ctx: RequestContext,
      @Args('id', { type: () => ID, nullable: true }) id: string | null,
      @Args('slug', { type: () => String, nullable: true }) slug: string | null,
    ): Promise<T | null> {
      return this.service.store.reads.findVisible(ctx, { id, slug });
    }

    @Mutation(() => o.type, { name: `create${Name}`, description: 'Creates a DRAFT (curators and up).' })
    @RequireRole(Role.CURATOR)
    create(@Ctx() ctx: RequestContext, @Args('input', { type: () => o.createInput }, new ValidateAs(o.createInput)) input: C): Promise<T> {
      return this.service.create(ctx, input);
    }

    @Mutation(() => o.type, {
      name: `update${Name}`,
      description:
        'Changes the given fields; null clears an optional field. Curators: their own drafts only. With expectedVersion, refused with CONFLICT when the record changed since that version.',
    })
    @RequireRole(Role.CURATOR)
    update(
      @Ctx() ctx: RequestContext,
      @Args('id', { type: () => ID }) id: string,
      @Args('input', { type: () => o.updateInput }, new ValidateAs(o.updateInput)) input: U,
      @ExpectedVersionArg() expectedVersion?: number | null,
    ): Promise<T> {
      return this.service.update(ctx, id, input, { expectedVersion });
    }

    @ResolveField(() => Int, { description: 'The version of the latest revision; every change (workflow transitions too) raises it. Send it back as expectedVersion.' })
    version(@Parent() record: T, @Ctx() ctx: RequestContext): Promise<number> {
      return this.service.store.reads.versionOf(ctx, record.id);
    }

    @Mutation(() => o.type, { name: `submit${Name}ForReview`, description: 'DRAFT → IN_REVIEW: asks an editor to publish it. Curators: their own drafts.' })
    @RequireRole(Role.CURATOR)
    submitForReview(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string, @ExpectedVersionArg() expectedVersion?: number | null): Promise<T> {
      return this.service.store.workflow.transition(ctx, id, 'submitForReview', { expectedVersion });
    }

    @Mutation(() => o.type, { name: `publish${Name}`, description: 'Editors: makes the record public (from IN_REVIEW, or a DRAFT directly).' })
    @RequireRole(Role.EDITOR)
    publish(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string, @ExpectedVersionArg() expectedVersion?: number | null): Promise<T> {
      return this.service.publish(ctx, id, { expectedVersion });
    }

    @Mutation(() => o.type, { name: `return${Name}ToDraft`, description: 'Editors: sends a record in review (or published) back to its curator, saying why.' })
    @RequireRole(Role.EDITOR)
    returnToDraft(
      @Ctx() ctx: RequestContext,
      @Args('id', { type: () => ID }) id: string,
      @Args('comment') comment: string,
      @ExpectedVersionArg() expectedVersion?: number | null,
    ): Promise<T> {
      return this.service.store.workflow.transition(ctx, id, 'returnToDraft', { comment, expectedVersion });
    }

    @Mutation(() => o.type, { name: `archive${Name}`, description: 'Editors: hides the record; restore undoes it. Nothing is ever deleted.' })
    @RequireRole(Role.EDITOR)
    archive(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string, @ExpectedVersionArg() expectedVersion?: number | null): Promise<T> {
      return this.service.store.workflow.transition(ctx, id, 'archive', { expectedVersion });
    }

    @Mutation(() => o.type, { name: `restore${Name}`, description: 'Editors: undoes archiving: back to PUBLISHED if it had been published, else DRAFT.' })
    @RequireRole(Role.EDITOR)
    restore(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string, @ExpectedVersionArg() expectedVersion?: number | null): Promise<T> {
      return this.service.restore(ctx, id, { expectedVersion });
    }
  }
  return BaseRecordResolver;
}

/** The taxonomy relation fields of plans, practices and tools, batched per request. */
export function TaggedRecordResolver<T extends CatalogueRecord, C extends object, U extends object>(o: RecordResolverOptions<T, C, U> & { recordType: TaggedRecordType }) {
  @Resolver(() => o.type, { isAbstract: true })
  abstract class BaseTaggedResolver extends RecordResolver(o) {
    protected abstract readonly links: TaxonomyLinksService;

    @ResolveField(() => [Theme])
    themes(@Parent() record: T, @Ctx() ctx: RequestContext): Promise<Theme[]> {
      return this.links.themesOf(ctx, o.recordType, record.id);
    }

    @ResolveField(() => [Sdg])
    sdgs(@Parent() record: T, @Ctx() ctx: RequestContext): Promise<Sdg[]> {
      return this.links.sdgsOf(ctx, o.recordType, record.id);
    }

    @ResolveField(() => [TargetGroup])
    targetGroups(@Parent() record: T, @Ctx() ctx: RequestContext): Promise<TargetGroup[]> {
      return this.links.targetGroupsOf(ctx, o.recordType, record.id);
    }
  }
  return BaseTaggedResolver;
}
