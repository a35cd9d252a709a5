import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey } from 'typeorm';
import { TaxonomyTerm } from './taxonomy-term';

@ObjectType({ description: 'A human-rights theme; themes form two levels (parent and children).' })
@Entity('theme')
export class Theme extends TaxonomyTerm {
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @ForeignKey(() => Theme, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 80, nullable: true })
  parentSlug: string | null;
}
