/**
 * A synthetic collection for the benchmarks (search, export): published records with taxonomy links
 * and, optionally, document passages, inserted straight into the tables (this is load, not API use).
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ActionPlan } from '#app/catalogue/entities/action-plan.entity';
import { GoodPractice } from '#app/catalogue/entities/good-practice.entity';
import { LocalGovernment } from '#app/catalogue/entities/local-government.entity';
import { TAXONOMY_LINKS } from '#app/catalogue/entities/taxonomy-links';
import { Tool } from '#app/catalogue/entities/tool.entity';
import { ActionPlanKind, ActionPlanLifecycle, EditorialStatus, LocalGovernmentKind, RecordType, ToolKind } from '#app/catalogue/enums';
import { OutboxEntry } from '#app/common/outbox/outbox-entry.entity';
import { Document, DocumentStatus } from '#app/documents/document.entity';
import { DocumentPassage } from '#app/documents/document-passage.entity';
import { TaxonomyService } from '#app/taxonomy/taxonomy.service';

export const WORDS =
  'participation monitoring indicators council residents equality racism women children youth disability housing water education health culture training ombudsperson budget accountability report charter declaration migrants refugees roma inclusion violence safety justice'.split(
    ' ',
  );
const pick = <T>(list: readonly T[], n: number, seed: number) => Array.from({ length: n }, (_, i) => list[(seed * 7 + i * 13) % list.length]);
const sentence = (seed: number, words: number) => pick(WORDS, words, seed).join(' ');

/** Bulk-inserts published records with taxonomy links (straight into the tables: this is load, not API use). */
export async function generate(dataSource: DataSource, taxonomy: TaxonomyService, total: number, passages = 0): Promise<void> {
  const t = await taxonomy.snapshot();
  const countries = [...t.countries.values()];
  const themes = [...t.themes.keys()];
  const groups = [...t.targetGroups.keys()];
  const now = new Date();
  const base = { status: EditorialStatus.PUBLISHED, publishedAt: now, createdAt: now, updatedAt: now };
  const places: Partial<LocalGovernment>[] = Array.from({ length: 300 }, (_, i) => {
    const c = countries[(i * 37) % countries.length];
    return {
      ...base,
      id: randomUUID(),
      slug: `bench-city-${i}`,
      name: `Bench City ${i}`,
      kind: LocalGovernmentKind.CITY,
      countryCode: c.code,
      regionCode: c.regionCode,
      subregionCode: c.subregionCode,
    };
  });
  const m = dataSource.manager;
  await m.insert(LocalGovernment, places);
  const plans = Math.floor(total * 0.5);
  const practices = Math.floor(total * 0.3);
  const tools = total - plans - practices - places.length;
  const links: Record<string, { type: RecordType; ownerId: string; kind: 'themes' | 'sdgs' | 'targetGroups'; ref: string | number }[]> = {};
  const tag = (type: RecordType, id: string, i: number) => {
    for (const ref of pick(themes, 3, i)) (links[`${type}:themes`] ??= []).push({ type, ownerId: id, kind: 'themes', ref });
    for (const ref of new Set([(i % 17) + 1, ((i * 5) % 17) + 1])) (links[`${type}:sdgs`] ??= []).push({ type, ownerId: id, kind: 'sdgs', ref });
    (links[`${type}:targetGroups`] ??= []).push({ type, ownerId: id, kind: 'targetGroups', ref: groups[i % groups.length] });
  };
  const chunk = async <T>(entity: new () => T, rows: Partial<T>[]) => {
    for (let i = 0; i < rows.length; i += 500) await m.insert(entity, rows.slice(i, i + 500));
  };
  const planRows: Partial<ActionPlan>[] = Array.from({ length: plans }, (_, i) => {
    const id = randomUUID();
    tag(RecordType.ACTION_PLAN, id, i);
    return {
      ...base,
      id,
      slug: `bench-plan-${i}`,
      title: `${sentence(i, 3)} action plan ${i}`,
      summary: sentence(i + 1, 40),
      participation: sentence(i + 2, 25),
      monitoring: sentence(i + 3, 25),
      localGovernmentId: places[i % places.length].id!,
      kind: ActionPlanKind.HUMAN_RIGHTS,
      lifecycle: ActionPlanLifecycle.ADOPTED,
      year: 2000 + (i % 25),
      periodStart: 2000 + (i % 25),
      languages: ['en'],
    };
  });
  await chunk(ActionPlan, planRows);
  const practiceRows: Partial<GoodPractice>[] = Array.from({ length: practices }, (_, i) => {
    const id = randomUUID();
    tag(RecordType.GOOD_PRACTICE, id, i);
    return {
      ...base,
      id,
      slug: `bench-practice-${i}`,
      title: `${sentence(i + 5, 3)} practice ${i}`,
      summary: sentence(i + 6, 40),
      outcomes: sentence(i + 7, 20),
      localGovernmentId: places[i % places.length].id!,
      startYear: 2000 + (i % 25),
    };
  });
  await chunk(GoodPractice, practiceRows);
  const toolRows: Partial<Tool>[] = Array.from({ length: tools }, (_, i) => {
    const id = randomUUID();
    tag(RecordType.TOOL, id, i);
    return {
      ...base,
      id,
      slug: `bench-tool-${i}`,
      title: `${sentence(i + 9, 3)} toolkit ${i}`,
      summary: sentence(i + 10, 40),
      kind: ToolKind.TOOLKIT,
      year: 2000 + (i % 25),
      languages: ['en', 'fr'],
    };
  });
  await chunk(Tool, toolRows);
  // Passages of indexed documents (BENCH_PASSAGES): 50 per document, on the generated tools.
  const perDocument = 50;
  for (let d = 0; d * perDocument < passages; d++) {
    const tool = toolRows[d % toolRows.length];
    const documentId = randomUUID();
    await m.insert(Document, {
      ...{
        id: documentId,
        recordType: RecordType.TOOL,
        recordId: tool.id!,
        title: `Bench document ${d}`,
        filename: `bench-${d}.txt`,
        mediaType: 'text/plain',
        byteSize: 1000,
        sha256: documentId.replace(/-/g, '').padEnd(64, '0'),
      },
      ...{
        duplicateOf: null,
        pageCount: null,
        language: 'en',
        languageGiven: false,
        status: DocumentStatus.INDEXED,
        failureReason: null,
        extractor: 'bench',
        attempts: 1,
        leaseExpiresAt: null,
      },
      ...{ archivedAt: null, indexedAt: now, createdBy: null, version: 1, createdAt: now, updatedAt: now },
    } as never);
    const rows = Array.from({ length: Math.min(perDocument, passages - d * perDocument) }, (_, seq) => ({
      id: `${documentId}-${seq}`,
      documentId,
      seq,
      page: null,
      sectionPath: `Bench document ${d} › Part ${seq + 1}`,
      text: sentence(d * 31 + seq, 60),
      language: 'en',
    }));
    await chunk(DocumentPassage, rows);
  }
  for (const list of Object.values(links)) {
    const { type, kind } = list[0];
    await chunk(
      TAXONOMY_LINKS[type as Exclude<RecordType, RecordType.LOCAL_GOVERNMENT>][kind].entity,
      list.map(({ ownerId, ref }) => ({ ownerId, ref })),
    );
  }
  await m.clear(OutboxEntry);
}
