import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { NotFoundError } from '../common/errors';
import { OutboxEntry } from '../common/outbox/outbox-entry.entity';
import { OutboxService } from '../common/outbox/outbox.service';
import { Document } from '../documents/document.entity';
import { DocumentsService } from '../documents/documents.service';
import { ParkedJob, WorkQueue } from './parked-work.types';

/** Parked work of both queues, for admins: what failed, why, and a way to put it back in its queue. */
@Injectable()
@ActsOnBehalf()
export class ParkedWorkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly documents: DocumentsService,
  ) {}

  async list(ctx: RequestContext): Promise<ParkedJob[]> {
    access.require(ctx, Role.ADMIN, 'Listing parked work');
    const rows = await this.outbox.parked();
    const documents = await this.dataSource.manager.find(Document, { where: { parkedAt: Not(IsNull()), archivedAt: IsNull() }, order: { parkedAt: 'ASC' }, take: 500 });
    return [...rows.map(outboxJob), ...documents.map(extractionJob)].sort((a, b) => a.parkedAt!.getTime() - b.parkedAt!.getTime());
  }

  /** Back in its queue with its attempts reset (a document: read again, as its "Read again" button does). */
  async retry(ctx: RequestContext, queue: WorkQueue, id: string): Promise<ParkedJob> {
    access.require(ctx, Role.ADMIN, 'Retrying parked work');
    if (queue === WorkQueue.SEARCH_INDEX) {
      const row = /^\d+$/.test(id) ? await this.outbox.retryParked(Number(id)) : null;
      if (!row) throw new NotFoundError('Parked search-index job', id, 'id');
      return outboxJob(row);
    }
    const parked = await this.dataSource.manager.findOne(Document, { where: { id, parkedAt: Not(IsNull()) } });
    if (!parked) throw new NotFoundError('Parked extraction job', id, 'id');
    return extractionJob(await this.documents.retry(ctx, id));
  }
}

function outboxJob(row: OutboxEntry): ParkedJob {
  return {
    queue: WorkQueue.SEARCH_INDEX,
    id: String(row.id),
    recordType: row.recordType,
    recordId: row.recordId,
    attempts: row.attempts,
    lastError: row.lastError,
    parkedAt: row.parkedAt,
  };
}

function extractionJob(document: Document): ParkedJob {
  return {
    queue: WorkQueue.EXTRACTION,
    id: document.id,
    recordType: 'DOCUMENT',
    recordId: document.id,
    attempts: document.attempts,
    lastError: document.failureReason,
    parkedAt: document.parkedAt,
  };
}
