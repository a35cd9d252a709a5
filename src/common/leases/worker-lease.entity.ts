import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which process holds a named job for the whole deployment (e.g. draining the search outbox), and until when. */
@Entity('worker_lease')
export class WorkerLease {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 120 })
  holder: string;

  @Column({ type: Date })
  expiresAt: Date;
}
