import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'A human-rights theme; themes form two levels (parent and children).' })
@Entity('theme')
export class Theme {
  @Field()
  @PrimaryColumn({ type: 'varchar', length: 80 })
  slug: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  parentSlug: string | null;

  /** Order in the reference list. */
  @Column({ type: 'integer', default: 0 })
  position: number;

  /** Translations of the name by language code ({"fr": "…", "ar": "…"}); English is the name itself. */
  @Column({ type: 'simple-json', nullable: true })
  labels: Record<string, string> | null;
}
