import { Field, ObjectType } from '@nestjs/graphql';
import { Column, PrimaryColumn } from 'typeorm';

/** What themes and target groups share: a slug, an English name, its translations and a place in the list. */
@ObjectType({ isAbstract: true })
export abstract class TaxonomyTerm {
  @Field()
  @PrimaryColumn({ type: 'varchar', length: 80 })
  slug: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Order in the reference list. */
  @Column({ type: 'integer', default: 0 })
  position: number;

  /** Translations of the name by language code ({"fr": "…", "ar": "…"}); English is the name itself. */
  @Column({ type: 'simple-json', nullable: true })
  labels: Record<string, string> | null;
}
