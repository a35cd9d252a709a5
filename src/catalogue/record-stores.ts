import { Injectable } from '@nestjs/common';
import { ActionPlansService } from './action-plans.service';
import { CatalogueRecord } from './entities/record-base';
import { RecordType } from './enums';
import { GoodPracticesService } from './good-practices.service';
import { LocalGovernmentsService } from './local-governments.service';
import { RecordStore } from './record-store';
import { ToolsService } from './tools.service';

/** The record store of each record type, for code that works across types (stats, search). */
@Injectable()
export class RecordStores {
  private readonly byType: Record<RecordType, RecordStore<CatalogueRecord>>;

  constructor(actionPlans: ActionPlansService, goodPractices: GoodPracticesService, tools: ToolsService, localGovernments: LocalGovernmentsService) {
    this.byType = {
      [RecordType.ACTION_PLAN]: actionPlans.store,
      [RecordType.GOOD_PRACTICE]: goodPractices.store,
      [RecordType.TOOL]: tools.store,
      [RecordType.LOCAL_GOVERNMENT]: localGovernments.store,
    } as unknown as Record<RecordType, RecordStore<CatalogueRecord>>;
  }

  of(type: RecordType): RecordStore<CatalogueRecord> {
    return this.byType[type];
  }
}
