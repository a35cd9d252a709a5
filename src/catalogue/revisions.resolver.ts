import { Args, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { Role } from '../accounts/actor';
import { Ctx, RequireRole } from '../accounts/auth.decorators';
import { RequestContext } from '../accounts/request-context';
import { RecordRevision } from '../accounts/entities/record-revision.entity';
import { RevisionsService } from './revisions.service';

@Resolver()
export class RevisionsResolver {
  constructor(private readonly revisions: RevisionsService) {}

  @Mutation(() => RecordRevision, { description: 'Editors: brings a record back to an earlier revision (itself a new, audited revision).' })
  @RequireRole(Role.EDITOR)
  restoreRevision(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', {
      type: () => Int,
      nullable: true,
      description: "The record's `version` you looked at: CONFLICT when it changed since (no restore over an edit you have not seen).",
    })
    expectedVersion?: number | null,
  ): Promise<RecordRevision> {
    return this.revisions.restore(ctx, id, expectedVersion);
  }
}
