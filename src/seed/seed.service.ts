import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validatePlain } from '../common/input/validation';
import { CatalogueRecord } from '../catalogue/entities/record-base';
import { RECORD_INPUTS } from '../catalogue/inputs/record-inputs';
import type { RecordDefinition } from '../catalogue/record-options';
import { definitionOf, definitionsByDependency } from '../catalogue/record-definitions';
import { RecordStores } from '../catalogue/record-stores';
import { ReferenceData, TaxonomyService } from '../taxonomy/taxonomy.service';
import { DocumentsService } from '../documents/documents.service';
import { readSeedFile, SEEDS_DIR } from './seed-files';

export type SeedProgress = (step: string, done: number, total: number) => void;

export interface SeedReport {
  referenceRowsChanged: number;
  created: Record<string, number>;
  unchanged: Record<string, number>;
}

type SeedEntry = Record<string, unknown> & { slug: string };

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
    private readonly stores: RecordStores,
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

    const ids = new Map<string, string>(); // "RECORD_TYPE:slug" → id, for references between seed files
    // The seeder acts as the system (it publishes what it loads); one context for this run.
    const ctx = RequestContext.system('seeding');
    for (const definition of definitionsByDependency()) {
      const name = definition.collection.replace(/-/g, ' ');
      const file = `${definition.collection}.json`;
      const service = this.stores.serviceOf(definition.type);
      const entries = readSeedFile<SeedEntry[]>(`collection/${file}`);
      report.created[name] = 0;
      report.unchanged[name] = 0;
      for (const [index, entry] of entries.entries()) {
        const existing = await service.store.reads.query().where(`${definition.target.alias}.slug = :slug`, { slug: entry.slug }).getOne();
        if (existing) {
          report.unchanged[name] += 1;
          ids.set(`${definition.type}:${entry.slug}`, existing.id);
        } else {
          const input = await validatePlain<object>(
            RECORD_INPUTS[definition.type].create,
            withReferenceIds(definition, entry, ids),
            `seeds/collection/${file}[${index}] (${entry.slug})`,
          );
          const record = await this.dataSource.transaction(async (m) => service.publish(ctx, (await service.create(ctx, input, m)).id, { within: m }));
          ids.set(`${definition.type}:${entry.slug}`, record.id);
          report.created[name] += 1;
        }
        progress(name, index + 1, entries.length);
      }
    }
    await this.seedDocuments(ctx, ids, report, progress);
    return report;
  }

  /** Sample documents attached to seed records; queued for extraction like uploads (identical bytes are skipped). */
  private async seedDocuments(ctx: RequestContext, ids: Map<string, string>, report: SeedReport, progress: SeedProgress): Promise<void> {
    const entries = readSeedFile<{ file: string; recordType: string; record: string; title?: string; language?: string }[]>('documents/documents.json');
    report.created.documents = 0;
    report.unchanged.documents = 0;
    for (const [index, entry] of entries.entries()) {
      const recordId = ids.get(`${entry.recordType}:${entry.record}`);
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

  private logProgress(): SeedProgress {
    return (step, done, total) => {
      if (done === total) this.logger.log(`${step}: ${total}/${total}`);
    };
  }
}

/**
 * A seed entry as the API's input: the fields that name another record (the definition's references,
 * e.g. `localGovernment: "barcelona"`) become ids (`localGovernmentId`) of records seeded before.
 */
function withReferenceIds(definition: RecordDefinition<CatalogueRecord>, entry: SeedEntry, ids: Map<string, string>): object {
  const input: Record<string, unknown> = { ...entry };
  for (const [idField, type] of Object.entries(definition.references)) {
    const seedField = idField.replace(/Id$/, '');
    const given = input[seedField];
    delete input[seedField];
    if (given == null) continue;
    const slug = typeof given === 'string' ? given : JSON.stringify(given);
    const id = ids.get(`${type}:${slug}`);
    if (!id) throw new Error(`Seed reference ${seedField} "${slug}" is not in seeds/collection/${definitionOf(type).collection}.json`);
    input[idField] = id;
  }
  return input;
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
