import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'One field changed by a mutation: its value before and after, as JSON.' })
export class FieldChange {
  @Field()
  field: string;

  @Field(() => String, { nullable: true, description: 'JSON; null when the field did not exist (creation).' })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'JSON.' })
  after: string | null;
}

@ObjectType({ description: 'Who changed what, when: written in the same transaction as the change.' })
@Entity('audit_entry')
@Index(['recordType', 'recordId', 'at'])
@Index(['userId', 'at'])
export class AuditEntry {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field(() => GraphQLISODateTime)
  @Column({ type: Date })
  at: Date;

  @Field(() => ID, { nullable: true, description: 'Null for the system (seeding, command line).' })
  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Field({ description: 'e.g. create, update, submitForReview, publish, returnToDraft, archive, restore, restoreRevision, upload.' })
  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Field({ description: 'A record type, DOCUMENT, USER or API_TOKEN.' })
  @Column({ type: 'varchar', length: 30 })
  recordType: string;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  /** JSON: FieldChange[]. */
  @Column({ type: 'text' })
  changes: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  comment: string | null;
}
