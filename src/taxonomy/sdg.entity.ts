import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'A UN Sustainable Development Goal.' })
@Entity('sdg')
export class Sdg {
  @Field(() => Int, { description: 'Goal number, 1 to 17.' })
  @PrimaryColumn({ type: 'integer' })
  number: number;

  @Field({ description: 'Official short title.' })
  @Column({ type: 'varchar', length: 100 })
  title: string;

  @Field({ description: 'Official colour from the UN SDG logo guidelines, as #RRGGBB.' })
  @Column({ type: 'varchar', length: 7 })
  color: string;

  /** Translations of the name by language code ({"fr": "…", "ar": "…"}); English is the name itself. */
  @Column({ type: 'simple-json', nullable: true })
  labels: Record<string, string> | null;
}
