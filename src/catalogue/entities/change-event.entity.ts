import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { RecordType } from '../enums';

export enum ChangeKind {
  VISIBLE = 'VISIBLE',
  CHANGED = 'CHANGED',
  INVISIBLE = 'INVISIBLE',
}
registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description:
    'VISIBLE: the record became public (published, restored, or its local government published). CHANGED: it changed while public. INVISIBLE: it stopped being public (archived, returned to draft, or hidden because its local government was unpublished): a mirror removes it.',
});

/** One change in what the public sees, in the order it was observed (the cursor of `changes`). */
@ObjectType('RecordChange', { description: 'A change in what the public sees of one record.' })
@Entity('change_event')
@Index(['occurredAt'])
export class ChangeEvent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => GraphQLISODateTime, { description: 'When the change was observed (within seconds of the write).' })
  @Column({ type: Date })
  occurredAt: Date;

  @Field(() => RecordType)
  @Column({ type: 'varchar', length: 30 })
  recordType: RecordType;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  @Field(() => ChangeKind)
  @Column({ type: 'varchar', length: 12 })
  kind: ChangeKind;
}

/** What the public saw of a record when last observed (present = visible), to tell the next change's kind. */
@Entity('public_record_state')
export class PublicRecordState {
  @PrimaryColumn({ type: 'varchar', length: 30 })
  recordType: RecordType;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  recordId: string;

  /** The record's updatedAt then (epoch ms): a later one while still visible is a CHANGED. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  updatedAtMs: number;
}
