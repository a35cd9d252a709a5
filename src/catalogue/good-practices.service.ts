import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BadUserInputError } from '../common/errors';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { ActionPlansService } from './action-plans.service';
import { GoodPractice } from './entities/good-practice.entity';
import { RecordType } from './enums';
import { CreateGoodPracticeInput, UpdateGoodPracticeInput } from './inputs/record-inputs';
import { LocalGovernmentsService } from './local-governments.service';
import { GOOD_PRACTICE_DEFINITION } from './record-definitions';
import { RecordStore, RecordStoreFactory } from './record-store';
import { TAGGING_FIELDS, TaggedRecordService } from './record-service';
import { TaxonomyLinksService } from './taxonomy-links.service';

@Injectable()
@ActsOnBehalf()
export class GoodPracticesService extends TaggedRecordService<GoodPractice, CreateGoodPracticeInput, UpdateGoodPracticeInput> {
  readonly store: RecordStore<GoodPractice>;
  protected readonly fields = { required: ['title', 'summary', 'localGovernmentId', 'startYear'], appliedBySelf: TAGGING_FIELDS, draft: { actionPlanId: null } };
  protected readonly recordType = RecordType.GOOD_PRACTICE;

  constructor(
    stores: RecordStoreFactory,
    protected readonly links: TaxonomyLinksService,
    private readonly localGovernments: LocalGovernmentsService,
    private readonly actionPlans: ActionPlansService,
  ) {
    super();
    this.store = stores.for(GOOD_PRACTICE_DEFINITION);
  }

  /** A practice is public only with its local government. */
  protected checkPublic(m: EntityManager, practice: GoodPractice): Promise<void> {
    return this.localGovernments.assertPublished(m, practice.localGovernmentId);
  }

  protected async prepare(ctx: RequestContext, m: EntityManager, record: GoodPractice): Promise<void> {
    await this.localGovernments.store.writes.getReferenced(ctx, m, record.localGovernmentId, 'input.localGovernmentId');
    if (record.endYear != null && record.endYear < record.startYear) {
      throw new BadUserInputError('input.endYear', `the practice cannot end (${record.endYear}) before it starts (${record.startYear})`, { rule: 'endBeforeStart' });
    }
    if (record.actionPlanId) {
      const plan = await this.actionPlans.store.writes.getReferenced(ctx, m, record.actionPlanId, 'input.actionPlanId');
      if (plan.localGovernmentId !== record.localGovernmentId) {
        throw new BadUserInputError('input.actionPlanId', 'the action plan belongs to another local government than the practice', { rule: 'otherLocalGovernment' });
      }
    }
  }
}
