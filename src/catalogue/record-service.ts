import { EntityManager, ObjectLiteral } from 'typeorm';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { CatalogueRecord } from './entities/record-base';
import { TaggedRecordType } from './entities/taxonomy-links';
import type { UpdateOptions, WorkflowOptions } from './record-options';
import { RecordStore } from './record-store';
import { applyPatch } from './record-writes';
import { TaxonomyLinksService } from './taxonomy-links.service';

/** What a record type says about its input fields. */
export interface RecordFields<T> {
  /** Fields that may never be empty (clearing one is BAD_USER_INPUT). */
  required: readonly string[];
  /** Input fields the service applies itself (slug, taxonomy references, a country), not copied onto the record. */
  appliedBySelf: readonly string[];
  /** A new draft's values before the input is applied. */
  draft: Partial<T>;
}

/**
 * Create, update, publish and restore for one record type, the same way for every type: the access
 * rule, the input applied, the type's own rules (`complete`), save, audit entry and revision in one
 * transaction. A record type's service says only what differs.
 */
@ActsOnBehalf()
export abstract class RecordService<T extends CatalogueRecord & ObjectLiteral, C extends object, U extends object> {
  abstract readonly store: RecordStore<T>;
  protected abstract readonly fields: RecordFields<T>;

  /** Checks on the input before any record is read (e.g. that its taxonomy references exist). */
  protected async checkInput(_input: C | U): Promise<void> {}

  /** The type's own rules and derived values, then the save (and what goes with it), inside the transaction. */
  protected abstract complete(ctx: RequestContext, m: EntityManager, record: T, input: C | U): Promise<T>;

  /** An earlier revision's snapshot as this type's update input (restoring it is an ordinary update). */
  inputOfSnapshot(fields: Record<string, unknown>): U {
    return fields as U;
  }

  /** Runs before a record becomes public (publish, restore); none by default. */
  protected checkPublic?(m: EntityManager, record: T): Promise<void>;

  create(ctx: RequestContext, input: C, within?: EntityManager): Promise<T> {
    const { writes, definition } = this.store;
    return this.store.tx.run(
      (m) =>
        writes.audited(ctx, m, 'create', null, async () => {
          access.require(ctx, Role.CURATOR, `Creating a ${definition.label}`);
          await this.checkInput(input);
          const record = writes.draft(ctx, { ...this.fields.draft });
          applyPatch(record, input, this.fields.required, this.fields.appliedBySelf);
          return this.complete(ctx, m, record, input);
        }),
      within,
    );
  }

  update(ctx: RequestContext, id: string, input: U, options: UpdateOptions = {}): Promise<T> {
    const { writes, definition } = this.store;
    return this.store.tx.run(
      (m) =>
        writes.audited(
          ctx,
          m,
          options.action ?? 'update',
          id,
          async () => {
            await this.checkInput(input);
            const record = await writes.getForWrite(m, id);
            access.requireEditable(ctx, record, definition.label);
            applyPatch(record, input, this.fields.required, this.fields.appliedBySelf);
            return this.complete(ctx, m, record, input);
          },
          null,
          options.expectedVersion,
        ),
      options.within,
    );
  }

  publish(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<T> {
    return this.store.workflow.transition(ctx, id, 'publish', { ...options, check: this.checkPublic?.bind(this) });
  }

  restore(ctx: RequestContext, id: string, options: WorkflowOptions = {}): Promise<T> {
    return this.store.workflow.transition(ctx, id, 'restore', { ...options, check: this.checkPublic?.bind(this) });
  }
}

/** The taxonomy input every tagged record type takes. */
interface TaggingInput {
  slug?: string | null;
  themes?: string[] | null;
  sdgs?: number[] | null;
  targetGroups?: string[] | null;
}

/** The input fields a tagged record's service applies itself. */
export const TAGGING_FIELDS = ['slug', 'themes', 'sdgs', 'targetGroups'] as const;

/**
 * Plans, practices and tools: titled records tagged with themes, SDGs and target groups. After the
 * type's own rules (`prepare`), the slug, the save and the taxonomy links — the same for each.
 */
@ActsOnBehalf()
export abstract class TaggedRecordService<T extends CatalogueRecord & ObjectLiteral & { title: string }, C extends TaggingInput, U extends TaggingInput> extends RecordService<
  T,
  C,
  U
> {
  protected abstract readonly links: TaxonomyLinksService;
  protected abstract readonly recordType: TaggedRecordType;

  protected override checkInput(input: C | U): Promise<void> {
    return this.links.validate(input);
  }

  /** The type's own rules and derived values, before the slug and the save. */
  protected abstract prepare(ctx: RequestContext, m: EntityManager, record: T): Promise<void>;

  protected async complete(ctx: RequestContext, m: EntityManager, record: T, input: C | U): Promise<T> {
    await this.prepare(ctx, m, record);
    const { writes } = this.store;
    if (input.slug !== undefined || !record.slug) (record as { slug: string }).slug = await writes.resolveSlug(ctx, m, input.slug, record.title, record.id);
    const saved = await writes.save(m, record);
    await this.links.replace(m, this.recordType, saved.id, input);
    return saved;
  }
}
