import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BadUserInputError } from '../common/errors';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { ActionPlan } from './entities/action-plan.entity';
import { RecordType } from './enums';
import { CreateActionPlanInput, UpdateActionPlanInput } from './inputs/record-inputs';
import { LocalGovernmentsService } from './local-governments.service';
import { ACTION_PLAN_DEFINITION } from './record-definitions';
import { RecordStore, RecordStoreFactory } from './record-store';
import { TAGGING_FIELDS, TaggedRecordService } from './record-service';
import { TaxonomyLinksService } from './taxonomy-links.service';

@Injectable()
@ActsOnBehalf()
export class ActionPlansService extends TaggedRecordService<ActionPlan, CreateActionPlanInput, UpdateActionPlanInput> {
  readonly store: RecordStore<ActionPlan>;
  protected readonly fields = { required: ['title', 'summary', 'localGovernmentId', 'kind', 'lifecycle'], appliedBySelf: TAGGING_FIELDS, draft: { languages: [] } };
  protected readonly recordType = RecordType.ACTION_PLAN;

  constructor(
    stores: RecordStoreFactory,
    protected readonly links: TaxonomyLinksService,
    private readonly localGovernments: LocalGovernmentsService,
  ) {
    super();
    this.store = stores.for(ACTION_PLAN_DEFINITION);
  }

  /** A plan is public only with its local government. */
  protected checkPublic(m: EntityManager, plan: ActionPlan): Promise<void> {
    return this.localGovernments.assertPublished(m, plan.localGovernmentId);
  }

  protected async prepare(ctx: RequestContext, m: EntityManager, record: ActionPlan): Promise<void> {
    await this.localGovernments.store.writes.getReferenced(ctx, m, record.localGovernmentId, 'input.localGovernmentId');
    if (record.periodStart != null && record.periodEnd != null && record.periodEnd < record.periodStart) {
      throw new BadUserInputError('input.periodEnd', `the period cannot end (${record.periodEnd}) before it starts (${record.periodStart})`, { rule: 'endBeforeStart' });
    }
    record.languages ??= [];
    record.year = record.adoptionDate ? Number(record.adoptionDate.slice(0, 4)) : record.periodStart;
  }
}
