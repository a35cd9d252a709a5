import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BadUserInputError } from '../common/errors';
import { OutboxService } from '../common/outbox/outbox.service';
import { TransactionRunner } from '../database/transaction-runner';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { AuditService } from '../accounts/audit.service';
import { ActionPlansService } from './action-plans.service';
import { CatalogueFilterBuilder } from './catalogue-filter.builder';
import { GoodPractice } from './entities/good-practice.entity';
import { RecordType } from './enums';
import { CreateGoodPracticeInput, UpdateGoodPracticeInput } from './inputs/record-inputs';
import { LocalGovernmentsService } from './local-governments.service';
import { GOOD_PRACTICE_KIND } from './record-kinds';
import type { UpdateOptions, WorkflowOptions } from './record-options';
import { RecordStore } from './record-store';
import { applyPatch } from './record-writes';
import { TaxonomyLinksService } from './taxonomy-links.service';

const REQUIRED = ['title', 'summary', 'localGovernmentId', 'startYear'];
const TAGGING = ['slug', 'themes', 'sdgs', 'targetGroups'];

@Injectable()
@ActsOnBehalf()
export class GoodPracticesService {
  readonly store: RecordStore<GoodPractice>;

  constructor(
    dataSource: DataSource,
    filters: CatalogueFilterBuilder,
    tx: TransactionRunner,
    outbox: OutboxService,
    audit: AuditService,
    private readonly links: TaxonomyLinksService,
    private readonly localGovernments: LocalGovernmentsService,
    private readonly actionPlans: ActionPlansService,
  ) {
    this.store = new RecordStore(GOOD_PRACTICE_KIND, dataSource, filters, tx, outbox, audit);
  }

  create(ctx: RequestContext, input: CreateGoodPracticeInput, within?: EntityManager): Promise<GoodPractice> {
    return this.store.tx.run(
      (m) =>
        this.store.writes.audited(ctx, m, 'create', null, async () => {
          access.require(ctx, Role.CURATOR, `Creating a ${this.store.kind.label}`);
          await this.links.validate(input);
          const record = this.store.writes.draft(ctx, { actionPlanId: null });
          applyPatch(record, input, REQUIRED, TAGGING);
          return this.finishWrite(ctx, m, record, input);
        }),
      within,
    );
  }

  update(ctx: RequestContext, id: string, input: UpdateGoodPracticeInput, options: UpdateOptions = {}): Promise<GoodPractice> {
    return this.store.tx.run((m) =>
      this.store.writes.audited(
        ctx,
        m,
        options.action ?? 'update',
        id,
        async () => {
          await this.links.validate(input);
          const record = await this.store.writes.getForWrite(m, id);
          access.requireEditable(ctx, record, this.store.kind.label);
          applyPatch(record, input, REQUIRED, TAGGING);
          return this.finishWrite(ctx, m, record, input);
        },
        null,
        options.expectedVersion,
      ),
    );
  }

  publish(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<GoodPractice> {
    return this.store.workflow.transition(ctx, id, 'publish', { ...options, check: (m, practice) => this.localGovernments.assertPublished(m, practice.localGovernmentId) });
  }

  restore(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<GoodPractice> {
    return this.store.workflow.transition(ctx, id, 'restore', { ...options, check: (m, practice) => this.localGovernments.assertPublished(m, practice.localGovernmentId) });
  }

  private async finishWrite(ctx: RequestContext, m: EntityManager, record: GoodPractice, input: UpdateGoodPracticeInput): Promise<GoodPractice> {
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
    if (input.slug !== undefined || !record.slug) record.slug = await this.store.writes.resolveSlug(ctx, m, input.slug, record.title, record.id);
    const saved = await this.store.writes.save(m, record);
    await this.links.replace(m, RecordType.GOOD_PRACTICE, saved.id, input);
    return saved;
  }
}
