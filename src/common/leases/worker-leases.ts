import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkerLease } from './worker-lease.entity';

/**
 * Leases in the database, for work that one process at a time must do across replicas. Held while
 * renewed; a holder that dies loses it when it lapses, and another process takes over.
 */
@Injectable()
export class WorkerLeases {
  /** This process, as lease holders are named (host, pid and a random part: pids repeat across hosts and restarts). */
  readonly holder = `${hostname().slice(0, 60)}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes or renews the lease; false while another live holder has it. On PostgreSQL — where replicas
   * run, on hosts whose clocks may differ — the expiry is set and compared on the database's clock.
   */
  async hold(name: string, ttlMs: number): Promise<boolean> {
    if (this.dataSource.options.type === 'postgres') {
      // Insert-or-take in one statement; a live holder's row is left alone (no error, no race).
      const rows = await this.dataSource.query<{ holder: string }[]>(
        `INSERT INTO worker_lease (name, holder, expires_at) VALUES ($1, $2, LOCALTIMESTAMP + $3::bigint * INTERVAL '1 millisecond')
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE worker_lease.holder = EXCLUDED.holder OR worker_lease.expires_at < LOCALTIMESTAMP
         RETURNING holder`,
        [name, this.holder, ttlMs],
      );
      return rows.length === 1;
    }
    // SQLite: one server per database file, so one clock.
    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(WorkerLease)
      .values({ name, holder: this.holder, expiresAt: new Date(0) })
      .orIgnore()
      .execute();
    const taken = await this.dataSource
      .createQueryBuilder()
      .update(WorkerLease)
      .set({ holder: this.holder, expiresAt })
      .where('name = :name AND (holder = :holder OR expires_at < :now)', { name, holder: this.holder, now })
      .execute();
    return !!taken.affected;
  }

  /** Lets another process take over at once (on shutdown). */
  async release(name: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(WorkerLease)
      .set({ expiresAt: new Date(0) })
      .where('name = :name AND holder = :holder', { name, holder: this.holder })
      .execute();
  }
}
