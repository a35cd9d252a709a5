import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { Column } from 'typeorm';

/**
 * When a row was created and last changed: the same two columns and GraphQL fields on users,
 * documents and catalogue records. `type: Date` lets each driver pick its own timestamp type
 * (datetime on SQLite, timestamp on PostgreSQL).
 */
@ObjectType({ isAbstract: true })
export abstract class Timestamped {
  @Field(() => GraphQLISODateTime)
  @Column({ type: Date })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @Column({ type: Date })
  updatedAt: Date;
}
