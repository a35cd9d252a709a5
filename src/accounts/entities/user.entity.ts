import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Timestamped } from '../../common/data/timestamped';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Role } from '../actor';

@ObjectType({ description: 'A curator, editor or administrator.' })
@Entity('app_user')
export class User extends Timestamped {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: 'Lower-case; unique.' })
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Field()
  @Column({ type: 'varchar', length: 120 })
  displayName: string;

  @Field(() => Role)
  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Field({ description: 'Inactive users cannot sign in and their tokens stop working.' })
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Raised by a new password, a new role or a (de)activation: access tokens of an older generation stop working. */
  @Column({ type: 'integer', default: 0 })
  credentialsGeneration: number;

  /** argon2id, PHC string format; never leaves the service. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;
}
