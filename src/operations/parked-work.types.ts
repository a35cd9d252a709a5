import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum WorkQueue {
  SEARCH_INDEX = 'SEARCH_INDEX',
  EXTRACTION = 'EXTRACTION',
}
registerEnumType(WorkQueue, {
  name: 'WorkQueue',
  description: 'SEARCH_INDEX: a change waiting to reach the search index (a search-outbox row). EXTRACTION: an uploaded document waiting to be read.',
});

@ObjectType({
  description:
    'Work that kept failing while the rest succeeded, parked so that it no longer holds up what comes after it (OUTBOX_MAX_ATTEMPTS, EXTRACTION_MAX_ATTEMPTS). Fix the cause, then retryParkedJob.',
})
export class ParkedJob {
  @Field(() => WorkQueue)
  queue: WorkQueue;

  @Field(() => ID, { description: 'The job within its queue: the outbox row number, or the document id. Pass it to retryParkedJob.' })
  id: string;

  @Field({ description: 'The record type the work is about (a search-outbox row can name one this version does not know), or DOCUMENT.' })
  recordType: string;

  @Field(() => ID)
  recordId: string;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true, description: 'The error of the last attempt.' })
  lastError: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was parked; null once retried (the answer of retryParkedJob).' })
  parkedAt: Date | null;
}
