import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Region } from './region.entity';

@ObjectType({ description: 'A country or territory (ISO 3166-1) with its UN M49 region and sub-region.' })
@Entity('country')
export class Country {
  @Field({ description: 'ISO 3166-1 alpha-2 code, e.g. "AT".' })
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @ForeignKey(() => Region, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 3 })
  regionCode: string;

  @ForeignKey(() => Region, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 3 })
  subregionCode: string;
}
