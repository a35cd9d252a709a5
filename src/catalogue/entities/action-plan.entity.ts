import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { ActionPlanKind, ActionPlanLifecycle } from '../enums';
import { CatalogueRecord, languageListTransformer } from './record-base';
import { LocalGovernment } from './local-government.entity';

@ObjectType({ description: "A local government's human rights action plan, programme or human-rights-city commitment." })
@Entity('action_plan')
export class ActionPlan extends CatalogueRecord {
  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => String, { nullable: true, description: 'Title in the original language.' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  originalTitle: string | null;

  @Field()
  @Column({ type: 'text' })
  summary: string;

  @Index()
  @ForeignKey(() => LocalGovernment, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 36 })
  localGovernmentId: string;

  @Field(() => ActionPlanKind)
  @Column({ type: 'varchar', length: 30 })
  kind: ActionPlanKind;

  @Field(() => ActionPlanLifecycle)
  @Column({ type: 'varchar', length: 30 })
  lifecycle: ActionPlanLifecycle;

  @Field(() => String, { nullable: true, description: 'Date of adoption, YYYY-MM-DD.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  adoptionDate: string | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  periodStart: number | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  periodEnd: number | null;

  @Field(() => Int, { nullable: true, description: "The plan's year: its adoption year, or else the start of its period." })
  @Index()
  @Column({ type: 'integer', nullable: true })
  year: number | null;

  @Field(() => String, { nullable: true, description: 'The body that adopted the plan, e.g. the city council.' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  adoptingBody: string | null;

  @Field(() => [String], { description: 'ISO 639-1 codes of the languages the plan is published in.' })
  @Column({ type: 'varchar', length: 200, default: '', transformer: languageListTransformer })
  languages: string[];

  @Field(() => String, { nullable: true, description: 'How the plan was developed with residents and rights holders.' })
  @Column({ type: 'text', nullable: true })
  participation: string | null;

  @Field(() => String, { nullable: true, description: 'How implementation is monitored, and by whom.' })
  @Column({ type: 'text', nullable: true })
  monitoring: string | null;

  @Field(() => String, { nullable: true, description: 'Where the plan or the facts about it were found.' })
  @Column({ type: 'varchar', length: 2048, nullable: true })
  sourceUrl: string | null;
}
