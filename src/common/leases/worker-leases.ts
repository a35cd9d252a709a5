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

  /** Takes or renews the lease; false while another live holder has it. */
  async hold(name: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const taken = await this.dataSource
      .createQueryBuilder()
      .update(WorkerLease)
      .set({ holder: this.holder, expiresAt })
      .where('name = :name AND (holder = :holder OR expires_at < :now)', { name, holder: this.holder, now })
      .execute();
    if (taken.affected) return true;
    try {
      // No such lease yet: the first to insert it holds it (the primary key settles a race).
      await this.dataSource.createQueryBuilder().insert().into(WorkerLease).values({ name, holder: this.holder, expiresAt }).execute();
      return true;
    } catch {
      return false; // it exists and is held by another process
    }
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
