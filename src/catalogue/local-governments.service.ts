import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BadUserInputError } from '../common/errors';
import { OutboxService } from '../common/outbox/outbox.service';
import { TransactionRunner } from '../database/transaction-runner';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { AuditService } from '../accounts/audit.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { CatalogueFilterBuilder } from './catalogue-filter.builder';
import { LocalGovernment } from './entities/local-government.entity';
import { EditorialStatus } from './enums';
import { CreateLocalGovernmentInput, UpdateLocalGovernmentInput } from './inputs/record-inputs';
import { LOCAL_GOVERNMENT_KIND } from './record-kinds';
import type { UpdateOptions, WorkflowOptions } from './record-options';
import { RecordStore } from './record-store';
import { applyPatch } from './record-writes';

@Injectable()
@ActsOnBehalf()
export class LocalGovernmentsService {
  readonly store: RecordStore<LocalGovernment>;

  constructor(
    dataSource: DataSource,
    filters: CatalogueFilterBuilder,
    tx: TransactionRunner,
    outbox: OutboxService,
    audit: AuditService,
    private readonly taxonomy: TaxonomyService,
  ) {
    this.store = new RecordStore(LOCAL_GOVERNMENT_KIND, dataSource, filters, tx, outbox, audit);
  }

  create(ctx: RequestContext, input: CreateLocalGovernmentInput, within?: EntityManager): Promise<LocalGovernment> {
    return this.store.tx.run(
      (m) =>
        this.store.writes.audited(ctx, m, 'create', null, async () => {
          access.require(ctx, Role.CURATOR, `Creating a ${this.store.kind.label}`);
          const { slug, country, ...fields } = input;
          const record = this.store.writes.draft(ctx, { ...fields, slug: await this.store.writes.resolveSlug(ctx, m, slug, input.name) });
          await this.placeIn(record, country);
          return this.store.writes.save(m, record);
        }),
      within,
    );
  }

  update(ctx: RequestContext, id: string, input: UpdateLocalGovernmentInput, options: UpdateOptions = {}): Promise<LocalGovernment> {
    return this.store.tx.run((m) =>
      this.store.writes.audited(
        ctx,
        m,
        options.action ?? 'update',
        id,
        async () => {
          const record = await this.store.writes.getForWrite(m, id);
          access.requireEditable(ctx, record, this.store.kind.label);
          const { slug, country, ...fields } = input;
          applyPatch(record, fields, ['name', 'kind']);
          if (slug !== undefined) record.slug = await this.store.writes.resolveSlug(ctx, m, slug, record.name, record.id);
          if (country === null) applyPatch(record, { country }, ['country']);
          if (country) await this.placeIn(record, country);
          return this.store.writes.save(m, record);
        },
        null,
        options.expectedVersion,
      ),
    );
  }

  /** Region and sub-region always follow the country (UN M49); they are never entered by hand. */
  private async placeIn(record: LocalGovernment, countryCode: string): Promise<void> {
    const country = await this.taxonomy.country(countryCode, 'input.country');
    record.countryCode = country.code;
    record.regionCode = country.regionCode;
    record.subregionCode = country.subregionCode;
  }

  publish(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<LocalGovernment> {
    return this.store.workflow.transition(ctx, id, 'publish', options);
  }

  restore(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<LocalGovernment> {
    return this.store.workflow.transition(ctx, id, 'restore', options);
  }

  /** Plans and practices are public only with their local government: publishing them requires it. */
  async assertPublished(m: EntityManager, id: string): Promise<void> {
    const place = await this.store.writes.getForWrite(m, id);
    if (place.status !== EditorialStatus.PUBLISHED) {
      throw new BadUserInputError('id', `its local government "${place.name}" is not published: publish the local government first`);
    }
  }
}
