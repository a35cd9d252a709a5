import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'A record as it was after one change; restoreRevision brings it back. Edits never lose anything.' })
@Entity('record_revision')
@Index(['recordType', 'recordId', 'version'], { unique: true })
export class RecordRevision {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field()
  @Column({ type: 'varchar', length: 30 })
  recordType: string;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  version: number;

  @Field({ description: "The record's fields (and taxonomy references) as JSON." })
  @Column({ type: 'text' })
  snapshot: string;

  @Field()
  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Field(() => GraphQLISODateTime)
  @Column({ type: Date })
  createdAt: Date;
}
