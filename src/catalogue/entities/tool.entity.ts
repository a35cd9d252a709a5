import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity } from 'typeorm';
import { ToolKind } from '../enums';
import { CatalogueRecord, languageListTransformer } from './record-base';

@ObjectType({ description: 'A toolkit, guide, indicator set, charter, publication or outcome document.' })
@Entity('tool')
export class Tool extends CatalogueRecord {
  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => ToolKind)
  @Column({ type: 'varchar', length: 30 })
  kind: ToolKind;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  publisher: string | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  year: number | null;

  @Field(() => [String], { description: 'ISO 639-1 codes.' })
  @Column({ type: 'varchar', length: 200, default: '', transformer: languageListTransformer })
  languages: string[];

  @Field()
  @Column({ type: 'text' })
  summary: string;

  @Field(() => String, { nullable: true, description: 'Where the tool is published.' })
  @Column({ type: 'varchar', length: 2048, nullable: true })
  url: string | null;
}
