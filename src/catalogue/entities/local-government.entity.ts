import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { Country } from '../../taxonomy/country.entity';
import { Region } from '../../taxonomy/region.entity';
import { LocalGovernmentKind } from '../enums';
import { CatalogueRecord } from './record-base';

@ObjectType({ description: 'A city, municipality, district or region that adopts human rights commitments and plans.' })
@Entity('local_government')
export class LocalGovernment extends CatalogueRecord {
  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => LocalGovernmentKind)
  @Column({ type: 'varchar', length: 20 })
  kind: LocalGovernmentKind;

  /** ISO 3166-1 alpha-2. */
  @Index()
  @ForeignKey(() => Country, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 2 })
  countryCode: string;

  /** M49 region, derived from the country on every write; never entered by hand. */
  @Index()
  @ForeignKey(() => Region, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 3 })
  regionCode: string;

  /** M49 sub-region, derived from the country. */
  @Index()
  @ForeignKey(() => Region, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 3 })
  subregionCode: string;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  population: number | null;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Field(() => String, { nullable: true, description: 'Official website.' })
  @Column({ type: 'varchar', length: 2048, nullable: true })
  website: string | null;

  @Field(() => Int, { nullable: true, description: 'Year the local government formally declared itself a human rights city.' })
  @Column({ type: 'integer', nullable: true })
  humanRightsCitySince: number | null;
}
