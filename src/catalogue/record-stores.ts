import { Injectable } from '@nestjs/common';
import { ActionPlansService } from './action-plans.service';
import { CatalogueRecord } from './entities/record-base';
import { RecordType } from './enums';
import { GoodPracticesService } from './good-practices.service';
import { LocalGovernmentsService } from './local-governments.service';
import { RecordService } from './record-service';
import { RecordStore } from './record-store';
import { ToolsService } from './tools.service';

type AnyRecordService = RecordService<CatalogueRecord, object, object>;

/** The service and store of each record type, for code that works across types (stats, search, revisions, pages). */
@Injectable()
export class RecordStores {
  private readonly services: Record<RecordType, AnyRecordService>;

  constructor(actionPlans: ActionPlansService, goodPractices: GoodPracticesService, tools: ToolsService, localGovernments: LocalGovernmentsService) {
    this.services = {
      [RecordType.ACTION_PLAN]: actionPlans,
      [RecordType.GOOD_PRACTICE]: goodPractices,
      [RecordType.TOOL]: tools,
      [RecordType.LOCAL_GOVERNMENT]: localGovernments,
    } as unknown as Record<RecordType, AnyRecordService>;
  }

  of(type: RecordType): RecordStore<CatalogueRecord> {
    return this.services[type].store;
  }

  serviceOf(type: RecordType): AnyRecordService {
    return this.services[type];
  }
}
