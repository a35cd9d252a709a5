import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'A UN M49 region (e.g. "150" Europe) or sub-region (e.g. "155" Western Europe).' })
@Entity('region')
export class Region {
  @Field({ description: 'Three-digit M49 code, e.g. "150".' })
  @PrimaryColumn({ type: 'varchar', length: 3 })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The region of a sub-region; null for the five regions. */
  @ForeignKey(() => Region, { onDelete: 'RESTRICT' })
  @Column({ type: 'varchar', length: 3, nullable: true })
  parentCode: string | null;
}
