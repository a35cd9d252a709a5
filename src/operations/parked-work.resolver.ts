import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../accounts/actor';
import { Ctx, RequireRole } from '../accounts/auth.decorators';
import { RequestContext } from '../accounts/request-context';
import { ParkedWorkService } from './parked-work.service';
import { ParkedJob, WorkQueue } from './parked-work.types';

@Resolver(() => ParkedJob)
export class ParkedWorkResolver {
  constructor(private readonly parked: ParkedWorkService) {}

  @RequireRole(Role.ADMIN)
  @Query(() => [ParkedJob], { description: 'Admins: work parked after failing too often (search-index changes, document extractions), oldest first.' })
  parkedJobs(@Ctx() ctx: RequestContext): Promise<ParkedJob[]> {
    return this.parked.list(ctx);
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => ParkedJob, { description: 'Admins: puts a parked job back in its queue with its attempts reset; answers the job as it now stands (parkedAt null).' })
  retryParkedJob(@Args('queue', { type: () => WorkQueue }) queue: WorkQueue, @Args('id', { type: () => ID }) id: string, @Ctx() ctx: RequestContext): Promise<ParkedJob> {
    return this.parked.retry(ctx, queue, id);
  }
}
