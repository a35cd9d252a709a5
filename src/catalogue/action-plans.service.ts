import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BadUserInputError } from '../common/errors';
import { OutboxService } from '../common/outbox/outbox.service';
import { TransactionRunner } from '../database/transaction-runner';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { AuditService } from '../accounts/audit.service';
import { CatalogueFilterBuilder } from './catalogue-filter.builder';
import { ActionPlan } from './entities/action-plan.entity';
import { RecordType } from './enums';
import { CreateActionPlanInput, UpdateActionPlanInput } from './inputs/record-inputs';
import { LocalGovernmentsService } from './local-governments.service';
import { ACTION_PLAN_KIND } from './record-kinds';
import type { UpdateOptions, WorkflowOptions } from './record-options';
import { RecordStore } from './record-store';
import { applyPatch } from './record-writes';
import { TaxonomyLinksService } from './taxonomy-links.service';

const REQUIRED = ['title', 'summary', 'localGovernmentId', 'kind', 'lifecycle'];
const TAGGING = ['slug', 'themes', 'sdgs', 'targetGroups'];

@Injectable()
@ActsOnBehalf()
export class ActionPlansService {
  readonly store: RecordStore<ActionPlan>;

  constructor(
    dataSource: DataSource,
    filters: CatalogueFilterBuilder,
    tx: TransactionRunner,
    outbox: OutboxService,
    audit: AuditService,
    private readonly links: TaxonomyLinksService,
    private readonly localGovernments: LocalGovernmentsService,
  ) {
    this.store = new RecordStore(ACTION_PLAN_KIND, dataSource, filters, tx, outbox, audit);
  }

  create(ctx: RequestContext, input: CreateActionPlanInput, within?: EntityManager): Promise<ActionPlan> {
    return this.store.tx.run(
      (m) =>
        this.store.writes.audited(ctx, m, 'create', null, async () => {
          access.require(ctx, Role.CURATOR, `Creating a ${this.store.kind.label}`);
          await this.links.validate(input);
          const record = this.store.writes.draft(ctx, { languages: [] });
          applyPatch(record, input, REQUIRED, TAGGING);
          return this.finishWrite(ctx, m, record, input);
        }),
      within,
    );
  }

  update(ctx: RequestContext, id: string, input: UpdateActionPlanInput, options: UpdateOptions = {}): Promise<ActionPlan> {
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

  publish(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<ActionPlan> {
    return this.store.workflow.transition(ctx, id, 'publish', { ...options, check: (m, plan) => this.localGovernments.assertPublished(m, plan.localGovernmentId) });
  }

  restore(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<ActionPlan> {
    return this.store.workflow.transition(ctx, id, 'restore', { ...options, check: (m, plan) => this.localGovernments.assertPublished(m, plan.localGovernmentId) });
  }

  private async finishWrite(ctx: RequestContext, m: EntityManager, record: ActionPlan, input: UpdateActionPlanInput): Promise<ActionPlan> {
    await this.localGovernments.store.writes.getReferenced(ctx, m, record.localGovernmentId, 'input.localGovernmentId');
    if (record.periodStart != null && record.periodEnd != null && record.periodEnd < record.periodStart) {
      throw new BadUserInputError('input.periodEnd', `the period cannot end (${record.periodEnd}) before it starts (${record.periodStart})`, { rule: 'endBeforeStart' });
    }
    record.languages ??= [];
    record.year = record.adoptionDate ? Number(record.adoptionDate.slice(0, 4)) : record.periodStart;
    if (input.slug !== undefined || !record.slug) record.slug = await this.store.writes.resolveSlug(ctx, m, input.slug, record.title, record.id);
    const saved = await this.store.writes.save(m, record);
    await this.links.replace(m, RecordType.ACTION_PLAN, saved.id, input);
    return saved;
  }
}
