import { Args, Field, GraphQLISODateTime, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { BadUserInputError } from '../common/errors';
import { ChangeFeedPage, ChangesService, MAX_CHANGES_PAGE } from './changes.service';
import { ChangeEvent } from './entities/change-event.entity';

@ObjectType({ description: 'A page of the public change log, oldest first.' })
class ChangeFeed implements ChangeFeedPage {
  @Field(() => [ChangeEvent])
  items: ChangeEvent[];

  @Field(() => String, { nullable: true, description: 'Pass as `after` in the next call (with the same `since`); store it between runs.' })
  endCursor: string | null;

  @Field({ description: 'More events wait: call again with `after: endCursor` now.' })
  hasMore: boolean;
}

@Resolver()
export class ChangesResolver {
  constructor(private readonly changeLog: ChangesService) {}

  @Query(() => ChangeFeed, {
    description: `What changed for the public since a moment: records that became visible, changed while visible, or stopped being visible — in the order observed, so a mirror that applies them in order ends in the catalogue's public state. Paginated by cursor (the one exception to limit/offset: a harvester resumes exactly where it stopped): pass \`after: endCursor\` until \`hasMore\` is false, and keep the last endCursor for the next run. Events appear within seconds of the write. limit: 1 to ${MAX_CHANGES_PAGE}.`,
  })
  changes(
    @Args('since', { type: () => GraphQLISODateTime }) since: Date,
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 100 }) limit: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<ChangeFeed> {
    if (!(since instanceof Date) || Number.isNaN(since.getTime())) throw new BadUserInputError('since', 'since must be a date and time such as 2026-01-31T00:00:00Z');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES_PAGE) throw new BadUserInputError('limit', `limit must be between 1 and ${MAX_CHANGES_PAGE}`);
    return this.changeLog.feed(since, after, limit);
  }
}
