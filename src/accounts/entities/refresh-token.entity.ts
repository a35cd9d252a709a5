import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { User } from './user.entity';

/**
 * A refresh token, stored as its SHA-256. Each use replaces it with a new one of the same family;
 * using a replaced one again (a stolen copy) revokes the whole family.
 */
@Entity('refresh_token')
export class RefreshToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index()
  @ForeignKey(() => User, { onDelete: 'CASCADE' })
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  familyId: string;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  replacedById: string | null;

  @Column({ type: Date })
  createdAt: Date;
}
