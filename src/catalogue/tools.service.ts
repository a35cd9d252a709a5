import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxService } from '../common/outbox/outbox.service';
import { TransactionRunner } from '../database/transaction-runner';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { AuditService } from '../accounts/audit.service';
import { CatalogueFilterBuilder } from './catalogue-filter.builder';
import { Tool } from './entities/tool.entity';
import { RecordType } from './enums';
import { CreateToolInput, UpdateToolInput } from './inputs/record-inputs';
import { TOOL_KIND } from './record-kinds';
import type { UpdateOptions, WorkflowOptions } from './record-options';
import { RecordStore } from './record-store';
import { applyPatch } from './record-writes';
import { TaxonomyLinksService } from './taxonomy-links.service';

const REQUIRED = ['title', 'kind', 'summary'];
const TAGGING = ['slug', 'themes', 'sdgs', 'targetGroups'];

@Injectable()
@ActsOnBehalf()
export class ToolsService {
  readonly store: RecordStore<Tool>;

  constructor(
    dataSource: DataSource,
    filters: CatalogueFilterBuilder,
    tx: TransactionRunner,
    outbox: OutboxService,
    audit: AuditService,
    private readonly links: TaxonomyLinksService,
  ) {
    this.store = new RecordStore(TOOL_KIND, dataSource, filters, tx, outbox, audit);
  }

  create(ctx: RequestContext, input: CreateToolInput, within?: EntityManager): Promise<Tool> {
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

  update(ctx: RequestContext, id: string, input: UpdateToolInput, options: UpdateOptions = {}): Promise<Tool> {
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

  publish(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<Tool> {
    return this.store.workflow.transition(ctx, id, 'publish', options);
  }

  restore(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<Tool> {
    return this.store.workflow.transition(ctx, id, 'restore', options);
  }

  private async finishWrite(ctx: RequestContext, m: EntityManager, record: Tool, input: UpdateToolInput): Promise<Tool> {
    record.languages ??= [];
    if (input.slug !== undefined || !record.slug) record.slug = await this.store.writes.resolveSlug(ctx, m, input.slug, record.title, record.id);
    const saved = await this.store.writes.save(m, record);
    await this.links.replace(m, RecordType.TOOL, saved.id, input);
    return saved;
  }
}
