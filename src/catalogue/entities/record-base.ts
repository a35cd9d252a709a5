import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Timestamped } from '../../common/data/timestamped';
import { Column, PrimaryColumn } from 'typeorm';
import { EditorialStatus } from '../enums';

/** Columns every catalogue record has. */
@ObjectType({ isAbstract: true })
export abstract class CatalogueRecord extends Timestamped {
  @Field(() => ID, { description: 'Stable UUID.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: 'Unique, URL-safe, stable name within the record type.' })
  @Column({ type: 'varchar', length: 120, unique: true })
  slug: string;

  @Field(() => EditorialStatus)
  @Column({ type: 'varchar', length: 20 })
  status: EditorialStatus;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the record was first published.' })
  // `type: Date` lets each driver pick its own timestamp type (datetime on SQLite, timestamp on PostgreSQL).
  @Column({ type: Date, nullable: true })
  publishedAt: Date | null;

  /** The user who created it (curators may change only their own drafts); null for seeded records. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;
}

/** ISO 639-1 codes stored as ",en,fr," so that one LIKE finds a language on SQLite and PostgreSQL alike. */
export const languageListTransformer = {
  to: (value: string[] | undefined | null): string | undefined => (value == null ? undefined : value.length ? `,${value.join(',')},` : ''),
  // TypeORM also passes back the array it just saved; only strings come from the database.
  from: (value: string | string[] | null): string[] => (Array.isArray(value) ? value : value ? value.split(',').filter(Boolean) : []),
};
