import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { CatalogueRecord } from './record-base';
import { ActionPlan } from './action-plan.entity';
import { LocalGovernment } from './local-government.entity';

@ObjectType({ description: 'What a local government actually did, with its outcomes and lessons learned.' })
@Entity('good_practice')
export class GoodPractice extends CatalogueRecord {
  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field()
  @Column({ type: 'text' })
  summary: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Index()
  @ForeignKey(() => LocalGovernment, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 36 })
  localGovernmentId: string;

  @Index()
  @ForeignKey(() => ActionPlan, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 36, nullable: true })
  actionPlanId: string | null;

  @Field(() => Int)
  @Column({ type: 'integer' })
  startYear: number;

  @Field(() => Int, { nullable: true, description: 'Set when the practice is over.' })
  @Column({ type: 'integer', nullable: true })
  endYear: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  outcomes: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lessonsLearned: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2048, nullable: true })
  sourceUrl: string | null;
}
