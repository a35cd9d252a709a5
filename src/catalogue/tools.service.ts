import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { Tool } from './entities/tool.entity';
import { RecordType } from './enums';
import { CreateToolInput, UpdateToolInput } from './inputs/record-inputs';
import { TOOL_DEFINITION } from './record-definitions';
import { RecordStore, RecordStoreFactory } from './record-store';
import { TAGGING_FIELDS, TaggedRecordService } from './record-service';
import { TaxonomyLinksService } from './taxonomy-links.service';

@Injectable()
@ActsOnBehalf()
export class ToolsService extends TaggedRecordService<Tool, CreateToolInput, UpdateToolInput> {
  readonly store: RecordStore<Tool>;
  protected readonly fields = { required: ['title', 'kind', 'summary'], appliedBySelf: TAGGING_FIELDS, draft: { languages: [] } };
  protected readonly recordType = RecordType.TOOL;

  constructor(
    stores: RecordStoreFactory,
    protected readonly links: TaxonomyLinksService,
  ) {
    super();
    this.store = stores.for(TOOL_DEFINITION);
  }

  protected async prepare(_ctx: RequestContext, _m: EntityManager, record: Tool): Promise<void> {
    record.languages ??= [];
  }
}
