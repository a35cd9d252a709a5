import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxService } from '../common/outbox/outbox.service';
import { TransactionRunner } from '../database/transaction-runner';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { AuditService } from '../accounts/audit.service';
import { CatalogueFilterBuilder } from './catalogue-filter.builder';
import { Tool } from './entities/tool.entity';
import { RecordType } from './enums';
import { CreateToolInput, UpdateToolInput } from './inputs/record-inputs';
import { TOOL_KIND } from './record-kinds';
import { RecordStore } from './record-store';
import { TAGGING_FIELDS, TaggedRecordService } from './record-service';
import { TaxonomyLinksService } from './taxonomy-links.service';

@Injectable()
@ActsOnBehalf()
export class ToolsService extends TaggedRecordService<Tool, CreateToolInput, UpdateToolInput> {
  readonly store: RecordStore<Tool>;
  protected readonly fields = { required: ['title', 'kind', 'summary'], appliedBySelf: TAGGING_FIELDS, draft: { languages: [] } };
  protected readonly recordType = RecordType.TOOL;

  constructor(
    dataSource: DataSource,
    filters: CatalogueFilterBuilder,
    tx: TransactionRunner,
    outbox: OutboxService,
    audit: AuditService,
    protected readonly links: TaxonomyLinksService,
  ) {
    super();
    this.store = new RecordStore(TOOL_KIND, dataSource, filters, tx, outbox, audit);
  }

  protected async prepare(_ctx: RequestContext, _m: EntityManager, record: Tool): Promise<void> {
    record.languages ??= [];
  }
}
