import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'A group of rights holders a record is aimed at.' })
@Entity('target_group')
export class TargetGroup {
  @Field()
  @PrimaryColumn({ type: 'varchar', length: 80 })
  slug: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'integer', default: 0 })
  position: number;

  /** Translations of the name by language code ({"fr": "…", "ar": "…"}); English is the name itself. */
  @Column({ type: 'simple-json', nullable: true })
  labels: Record<string, string> | null;
}
