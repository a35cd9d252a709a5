import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Every mutation runs inside one of these: all-or-nothing. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in a new transaction, or inside the caller's when one is given. */
  run<T>(work: (manager: EntityManager) => Promise<T>, within?: EntityManager): Promise<T> {
    return within ? work(within) : this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
