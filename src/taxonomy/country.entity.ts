import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'A country or territory (ISO 3166-1) with its UN M49 region and sub-region.' })
@Entity('country')
export class Country {
  @Field({ description: 'ISO 3166-1 alpha-2 code, e.g. "AT".' })
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 3 })
  regionCode: string;

  @Column({ type: 'varchar', length: 3 })
  subregionCode: string;
}
