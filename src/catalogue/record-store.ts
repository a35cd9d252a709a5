import { Injectable } from '@nestjs/common';
import { DataSource, ObjectLiteral } from 'typeorm';
import { AuditService } from '../accounts/audit.service';
import { OutboxService } from '../common/outbox/outbox.service';
import { TransactionRunner } from '../database/transaction-runner';
import { CatalogueFilterBuilder } from './catalogue-filter.builder';
import { CatalogueRecord } from './entities/record-base';
import type { RecordDefinition } from './record-options';
import { RecordReads } from './record-reads';
import { RecordWrites } from './record-writes';
import { RecordWorkflow } from './workflow';

/**
 * One record type's rows, in three parts with one job each: `reads` (queries and per-request loaders,
 * under the reader's access rules), `writes` (the record to change, slugs, save with its outbox row,
 * the audited change with its revision — inside the caller's transaction) and `workflow` (status
 * changes, by the table in workflow.ts). Each record service owns one, for its own entity.
 */
export class RecordStore<T extends CatalogueRecord & ObjectLiteral> {
  readonly reads: RecordReads<T>;
  readonly writes: RecordWrites<T>;
  readonly workflow: RecordWorkflow<T>;

  constructor(
    readonly definition: RecordDefinition<T>,
    dataSource: DataSource,
    filters: CatalogueFilterBuilder,
    readonly tx: TransactionRunner,
    outbox: OutboxService,
    audit: AuditService,
  ) {
    this.reads = new RecordReads(definition, dataSource, filters, audit);
    this.writes = new RecordWrites(definition, outbox, audit);
    this.workflow = new RecordWorkflow(definition, tx, this.writes);
  }
}

/** Builds each record type's store from the services all stores share (one constructor parameter instead of five). */
@Injectable()
export class RecordStoreFactory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly filters: CatalogueFilterBuilder,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  for<T extends CatalogueRecord & ObjectLiteral>(definition: RecordDefinition<T>): RecordStore<T> {
    return new RecordStore(definition, this.dataSource, this.filters, this.tx, this.outbox, this.audit);
  }
}
