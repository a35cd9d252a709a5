import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { User } from './user.entity';

@ObjectType({ description: 'A personal API token for scripts (its secret is shown once, at creation).' })
@Entity('api_token')
export class ApiToken {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field(() => ID)
  @Index()
  @ForeignKey(() => User, { onDelete: 'CASCADE' })
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field({ description: 'The first characters of the token, to recognise it.' })
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  /** SHA-256 of the token. */
  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Field(() => GraphQLISODateTime)
  @Column({ type: Date })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;
}
