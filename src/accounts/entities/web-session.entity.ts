import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { User } from './user.entity';

/**
 * A browser session of the web workspace: the cookie holds an opaque token, this row its SHA-256.
 * Server-side, so it can be revoked at once (sign-out, deactivation, a new password or role).
 */
@Entity('web_session')
export class WebSession {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Index()
  @ForeignKey(() => User, { onDelete: 'CASCADE' })
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  /** The user's credentials generation when signing in: a later change of password, role or status ends the session. */
  @Column({ type: 'integer' })
  credentialsGeneration: number;

  @Column({ type: Date })
  createdAt: Date;

  /** Refreshed (at most once a minute) by each request; past the idle limit the session is over. */
  @Column({ type: Date })
  lastSeenAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;
}
