import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { ClassConstructor } from 'class-transformer';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { validatePlain } from '../common/validation';
import { ActionPlansService } from '../catalogue/action-plans.service';
import { CatalogueRecord } from '../catalogue/entities/record-base';
import { GoodPracticesService } from '../catalogue/good-practices.service';
import { CreateActionPlanInput, CreateGoodPracticeInput, CreateLocalGovernmentInput, CreateToolInput } from '../catalogue/inputs/record-inputs';
import { LocalGovernmentsService } from '../catalogue/local-governments.service';
import { ToolsService } from '../catalogue/tools.service';
import { ReferenceData, TaxonomyService } from '../taxonomy/taxonomy.service';
import { DocumentsService } from '../documents/documents.service';
import { RecordType } from '../catalogue/enums';
import { readSeedFile, SEEDS_DIR } from './seed-files';

export type SeedProgress = (step: string, done: number, total: number) => void;

export interface SeedReport {
  referenceRowsChanged: number;
  created: Record<string, number>;
  unchanged: Record<string, number>;
}

type SeedEntry = Record<string, unknown> & { slug: string };

interface CollectionStep<I extends object> {
  name: string;
  file: string;
  input: ClassConstructor<I>;
  /** The record type's table, to find an entry already loaded (by slug). */
  store: () => { reads: { query(): SelectQueryBuilder<CatalogueRecord> }; definition: { target: { alias: string } } };
  /** Seed entries refer to other records by slug; the API takes ids. */
  resolveRefs: (entry: SeedEntry, ids: Map<string, string>) => object;
  createPublished: (input: I, m: EntityManager) => Promise<CatalogueRecord>;
}

/**
 * Loads reference data and the seed collection from seeds/, validated by the same rules as the API.
 * Idempotent: reference data is upserted by key; a collection record whose slug exists is left as it is
 * (curators may have edited it since).
 */
@Injectable()
@ActsOnBehalf()
export class SeedService {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly localGovernments: LocalGovernmentsService,
    private readonly actionPlans: ActionPlansService,
    private readonly goodPractices: GoodPracticesService,
    private readonly tools: ToolsService,
    private readonly documents: DocumentsService,
  ) {}

  async isEmpty(): Promise<boolean> {
    return this.taxonomy.isEmpty();
  }

  async seed(progress: SeedProgress = this.logProgress()): Promise<SeedReport> {
    const reference: ReferenceData = {
      sdgs: withSdgShortTitles(readSeedFile<{ number: number; title: string; color: string }[]>('taxonomy/sdgs.json')),
      regions: readSeedFile<{ code: string; name: string; parent: string | null }[]>('taxonomy/regions.json').map((r) => ({
        code: r.code,
        name: r.name,
        parentCode: r.parent ?? null,
      })),
      countries: readSeedFile<{ code: string; name: string; region: string; subregion: string }[]>('taxonomy/countries.json').map((c) => ({
        code: c.code,
        name: c.name,
        regionCode: c.region,
        subregionCode: c.subregion,
      })),
      themes: readSeedFile<{ slug: string; name: string; labels?: Record<string, string>; description?: string; parent?: string }[]>('taxonomy/themes.json').map((t, position) => ({
        slug: t.slug,
        name: t.name,
        labels: t.labels ?? null,
        description: t.description ?? null,
        parentSlug: t.parent ?? null,
        position,
      })),
      targetGroups: readSeedFile<{ slug: string; name: string; labels?: Record<string, string> }[]>('taxonomy/target-groups.json').map((g, position) => ({
        slug: g.slug,
        name: g.name,
        labels: g.labels ?? null,
        position,
      })),
    };
    const report: SeedReport = { referenceRowsChanged: 0, created: {}, unchanged: {} };
    report.referenceRowsChanged = await this.dataSource.transaction((m) =>
      this.taxonomy.importReferenceData(m, reference, (done, total) => progress('reference data', done, total)),
    );

    const ids = new Map<string, string>(); // "file:slug" → id, for references between seed files
    // The seeder acts as the system (it publishes what it loads); one context for this run.
    const ctx = RequestContext.system('seeding');
    for (const step of this.collectionSteps(ctx)) {
      const entries = readSeedFile<SeedEntry[]>(`collection/${step.file}`);
      report.created[step.name] = 0;
      report.unchanged[step.name] = 0;
      for (const [index, entry] of entries.entries()) {
        const existing = await step.store().reads.query().where(`${step.store().definition.target.alias}.slug = :slug`, { slug: entry.slug }).getOne();
        if (existing) {
          report.unchanged[step.name] += 1;
          ids.set(`${step.file}:${entry.slug}`, existing.id);
        } else {
          const input = await validatePlain(step.input, step.resolveRefs(entry, ids), `seeds/collection/${step.file}[${index}] (${entry.slug})`);
          const record = await this.dataSource.transaction((m) => step.createPublished(input, m));
          ids.set(`${step.file}:${entry.slug}`, record.id);
          report.created[step.name] += 1;
        }
        progress(step.name, index + 1, entries.length);
      }
    }
    await this.seedDocuments(ctx, ids, report, progress);
    return report;
  }

  /** Sample documents attached to seed records; queued for extraction like uploads (identical bytes are skipped). */
  private async seedDocuments(ctx: RequestContext, ids: Map<string, string>, report: SeedReport, progress: SeedProgress): Promise<void> {
    const files: Record<string, string> = { [RecordType.ACTION_PLAN]: 'action-plans.json', [RecordType.GOOD_PRACTICE]: 'good-practices.json', [RecordType.TOOL]: 'tools.json' };
    const entries = readSeedFile<{ file: string; recordType: string; record: string; title?: string; language?: string }[]>('documents/documents.json');
    report.created.documents = 0;
    report.unchanged.documents = 0;
    for (const [index, entry] of entries.entries()) {
      const recordId = ids.get(`${files[entry.recordType]}:${entry.record}`);
      if (!recordId) throw new Error(`seeds/documents/documents.json[${index}]: no ${entry.recordType} "${entry.record}" in the seed collection`);
      const { alreadyAttached } = await this.documents.attachLocalFile(ctx, join(SEEDS_DIR, 'documents', entry.file), {
        recordType: entry.recordType,
        recordId,
        title: entry.title,
        language: entry.language,
      });
      report[alreadyAttached ? 'unchanged' : 'created'].documents += 1;
      progress('documents', index + 1, entries.length);
    }
  }

  private collectionSteps(ctx: RequestContext): CollectionStep<object>[] {
    const ref = (ids: Map<string, string>, file: string, given: unknown, field: string) => {
      if (given == null) return undefined;
      const slug = typeof given === 'string' ? given : JSON.stringify(given);
      const id = ids.get(`${file}:${slug}`);
      if (!id) throw new Error(`Seed reference ${field} "${slug}" is not in seeds/collection/${file}`);
      return id;
    };
    // Each step has its own input type: the list is heterogeneous by design.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const steps: CollectionStep<any>[] = [
      {
        name: 'local governments',
        file: 'local-governments.json',
        input: CreateLocalGovernmentInput,
        store: () => this.localGovernments.store,
        resolveRefs: (entry) => entry,
        createPublished: async (input: CreateLocalGovernmentInput, m) => this.localGovernments.publish(ctx, (await this.localGovernments.create(ctx, input, m)).id, { within: m }),
      },
      {
        name: 'action plans',
        file: 'action-plans.json',
        input: CreateActionPlanInput,
        store: () => this.actionPlans.store,
        resolveRefs: ({ localGovernment, ...rest }, ids) => ({ ...rest, localGovernmentId: ref(ids, 'local-governments.json', localGovernment, 'localGovernment') }),
        createPublished: async (input: CreateActionPlanInput, m) => this.actionPlans.publish(ctx, (await this.actionPlans.create(ctx, input, m)).id, { within: m }),
      },
      {
        name: 'good practices',
        file: 'good-practices.json',
        input: CreateGoodPracticeInput,
        store: () => this.goodPractices.store,
        resolveRefs: ({ localGovernment, actionPlan, ...rest }, ids) => ({
          ...rest,
          localGovernmentId: ref(ids, 'local-governments.json', localGovernment, 'localGovernment'),
          actionPlanId: ref(ids, 'action-plans.json', actionPlan, 'actionPlan'),
        }),
        createPublished: async (input: CreateGoodPracticeInput, m) => this.goodPractices.publish(ctx, (await this.goodPractices.create(ctx, input, m)).id, { within: m }),
      },
      {
        name: 'tools',
        file: 'tools.json',
        input: CreateToolInput,
        store: () => this.tools.store,
        resolveRefs: (entry) => entry,
        createPublished: async (input: CreateToolInput, m) => this.tools.publish(ctx, (await this.tools.create(ctx, input, m)).id, { within: m }),
      },
    ];
    return steps as CollectionStep<object>[];
  }

  private logProgress(): SeedProgress {
    return (step, done, total) => {
      if (done === total) this.logger.log(`${step}: ${total}/${total}`);
    };
  }
}

/** Each SDG with its official short titles in other languages (seeds/taxonomy/sdg-titles.json names its source). */
function withSdgShortTitles<T extends { number: number }>(goals: T[]): (T & { labels: Record<string, string> })[] {
  const titles = readSeedFile<{ goals: Record<string, Record<string, { short: string }>> }>('taxonomy/sdg-titles.json').goals;
  return goals.map((goal) => ({
    ...goal,
    labels: Object.fromEntries(
      Object.entries(titles[String(goal.number)] ?? {})
        .filter(([lang]) => lang !== 'en')
        .map(([lang, t]) => [lang, t.short]),
    ),
  }));
}
