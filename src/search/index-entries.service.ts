import { RECORD_BODY_FIELDS } from './index-settings';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ActionPlan } from '../catalogue/entities/action-plan.entity';
import { GoodPractice } from '../catalogue/entities/good-practice.entity';
import { LocalGovernment } from '../catalogue/entities/local-government.entity';
import { CatalogueRecord } from '../catalogue/entities/record-base';
import { Tool } from '../catalogue/entities/tool.entity';
import { EditorialStatus, RecordType } from '../catalogue/enums';
import type { FilterAttribute } from '../catalogue/filter-fields';
import { RecordStore } from '../catalogue/record-store';
import { RecordStores } from '../catalogue/record-stores';
import { TaxonomyLinksService } from '../catalogue/taxonomy-links.service';
import { TaxonomySnapshot, TaxonomyService } from '../taxonomy/taxonomy.service';
import { contentLanguage } from '../common/http/content-language';
import { analyse } from './text-analysis';

/** One search document per published record, and one per passage of a public document. */
export interface IndexEntry {
  id: string;
  type: RecordType | 'PASSAGE';
  recordId: string;
  title: string;
  titleSort: string;
  originalTitle?: string | null;
  summary?: string | null;
  description?: string | null;
  participation?: string | null;
  monitoring?: string | null;
  outcomes?: string | null;
  lessonsLearned?: string | null;
  adoptingBody?: string | null;
  publisher?: string | null;
  localGovernmentId?: string | null;
  localGovernmentName?: string | null;
  country?: string | null;
  countryName?: string | null;
  region?: string | null;
  subregion?: string | null;
  year?: number | null;
  languages: string[];
  themes: string[];
  themeNames: string[];
  sdgs: number[];
  sdgTitles: string[];
  targetGroups: string[];
  targetGroupNames: string[];
  createdAt: number;
  /** The record's last change (epoch ms; a passage: its record's), for `updatedSince`. */
  updatedAt: number;
  status?: string;
  createdBy?: string | null;
  /** Staff index: whether the public index has it too (curators see these plus their own). */
  isPublic?: boolean;
  // Passages only: where the text comes from.
  recordType?: RecordType;
  documentId?: string;
  seq?: number;
  page?: number | null;
  sectionPath?: string | null;
  text?: string;
  /** Recognised from an image of the page (OCR): the engine's confidence, 0–100; null for a text layer. */
  ocrConfidence?: number | null;
  documentTitle?: string;
  /** The language the text is written in (a passage's, or told from a record's own text); null when unknown. */
  language: string | null;
  /** The text normalised for its language (text-analysis.ts): what stemmed, elision- and clitic-free queries match. */
  norm: string;
}

/** Every attribute the filter table (catalogue/filter-fields.ts) reads is a field of the entries: a new filter's field is added above, else this fails to compile. */
const filterAttributesIndexed: Exclude<FilterAttribute, keyof IndexEntry> extends never ? true : Exclude<FilterAttribute, keyof IndexEntry> = true;
void filterAttributesIndexed;

type PlaceFields = Partial<Pick<IndexEntry, 'localGovernmentId' | 'localGovernmentName' | 'country' | 'countryName' | 'region' | 'subregion'>>;
interface Places {
  placeOf: (lg: LocalGovernment | undefined) => PlaceFields;
  placeById: (id: string) => PlaceFields;
}

/**
 * Each record type's own fields in the index — its text, title, year, languages and place; the
 * fields every entry has come from `common`. One entry per record type (the compiler asks for a new
 * type's).
 */
const OWN_FIELDS: Record<RecordType, (record: CatalogueRecord, places: Places) => Pick<IndexEntry, 'title' | 'titleSort'> & Partial<IndexEntry>> = {
  [RecordType.ACTION_PLAN]: (record, { placeById }) => {
    const plan = record as ActionPlan;
    return {
      ...placeById(plan.localGovernmentId),
      title: plan.title,
      titleSort: plan.title.toLowerCase(),
      originalTitle: plan.originalTitle,
      summary: plan.summary,
      participation: plan.participation,
      monitoring: plan.monitoring,
      adoptingBody: plan.adoptingBody,
      year: plan.year,
      languages: plan.languages,
    };
  },
  [RecordType.GOOD_PRACTICE]: (record, { placeById }) => {
    const practice = record as GoodPractice;
    return {
      ...placeById(practice.localGovernmentId),
      title: practice.title,
      titleSort: practice.title.toLowerCase(),
      summary: practice.summary,
      description: practice.description,
      outcomes: practice.outcomes,
      lessonsLearned: practice.lessonsLearned,
      year: practice.startYear,
    };
  },
  [RecordType.TOOL]: (record) => {
    const tool = record as Tool;
    return { title: tool.title, titleSort: tool.title.toLowerCase(), summary: tool.summary, publisher: tool.publisher, year: tool.year, languages: tool.languages };
  },
  // A local government is its own place.
  [RecordType.LOCAL_GOVERNMENT]: (record, { placeOf }) => {
    const lg = record as LocalGovernment;
    return { ...placeOf(lg), title: lg.name, titleSort: lg.name.toLowerCase() };
  },
};

/** A record's own text, in the order a reader meets it (for its language and its normalised form). */
const RECORD_TEXT_FIELDS = ['title', 'summary', ...RECORD_BODY_FIELDS] as const;

/** Adds a record's language and normalised text (its taxonomy names are English, like the records' text). */
function withAnalysis<D extends Omit<IndexEntry, 'language' | 'norm'>>(doc: D): D & Pick<IndexEntry, 'language' | 'norm'> {
  const text = RECORD_TEXT_FIELDS.map((f) => doc[f as keyof D])
    .filter((v): v is string & D[keyof D] => typeof v === 'string' && !!v)
    .join('. ');
  const language = contentLanguage(`${doc.title}. ${doc.summary ?? ''}`) ?? 'en';
  const tags = [...doc.themeNames, ...doc.targetGroupNames].join('. ');
  return {
    ...doc,
    language,
    norm: [analyse(text, language), analyse(doc.originalTitle ?? '', contentLanguage(doc.originalTitle ?? '')), analyse(tags, 'en')].filter(Boolean).join(' '),
  };
}

export function indexEntryId(type: RecordType, recordId: string): string {
  return `${type.toLowerCase()}-${recordId}`;
}

/**
 * Two projections of the same data: the public index (published records only) and the staff index
 * (every record but archived ones, with status and creator), which signed-in curators and editors
 * search. Drafts never reach the public index.
 */
export type IndexScope = 'public' | 'staff';
export const INDEX_SCOPES: IndexScope[] = ['public', 'staff'];

export const RECORD_TYPES = [RecordType.ACTION_PLAN, RecordType.GOOD_PRACTICE, RecordType.TOOL, RecordType.LOCAL_GOVERNMENT];

/** Builds search documents from the database, the source of truth, through the catalogue's services. */
@Injectable()
export class IndexEntriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly links: TaxonomyLinksService,
    private readonly stores: RecordStores,
  ) {}

  store(type: RecordType): RecordStore<CatalogueRecord> {
    return this.stores.of(type);
  }

  /** The records an index holds: published ones (public), or all but archived ones (staff). */
  private async scopeQuery(type: RecordType, scope: IndexScope) {
    const store = this.stores.of(type);
    if (scope === 'public') return store.reads.publicQuery(null);
    return store.reads.query().andWhere(`${store.definition.target.alias}.status <> :archived`, { archived: EditorialStatus.ARCHIVED });
  }

  /** Documents of the given records that belong in the index now; the ids that do not must leave it. */
  async build(type: RecordType, ids: readonly string[], scope: IndexScope = 'public'): Promise<{ documents: IndexEntry[]; hidden: string[] }> {
    if (!ids.length) return { documents: [], hidden: [] };
    const alias = this.stores.of(type).definition.target.alias;
    const records = await (await this.scopeQuery(type, scope)).andWhere(`${alias}.id IN (:...buildIds)`, { buildIds: [...ids] }).getMany();
    const documents = await this.toDocuments(type, records, scope);
    const visible = new Set(records.map((r) => r.id));
    return { documents, hidden: ids.filter((id) => !visible.has(id)) };
  }

  /** All records of a type for an index, page by page (for a full reindex). */
  async *all(type: RecordType, scope: IndexScope, pageSize = 500): AsyncGenerator<IndexEntry[]> {
    const alias = this.stores.of(type).definition.target.alias;
    for (let offset = 0; ; offset += pageSize) {
      const records = await (await this.scopeQuery(type, scope)).orderBy(`${alias}.id`).offset(offset).limit(pageSize).getMany();
      if (!records.length) return;
      yield await this.toDocuments(type, records, scope);
      if (records.length < pageSize) return;
    }
  }

  async count(type: RecordType, scope: IndexScope): Promise<number> {
    return (await this.scopeQuery(type, scope)).getCount();
  }

  /** Plans and practices show their local government's name and place: they change with it. */
  async dependentsOf(localGovernmentIds: readonly string[]): Promise<{ type: RecordType; ids: string[] }[]> {
    if (!localGovernmentIds.length) return [];
    const where = { localGovernmentId: In([...localGovernmentIds]) };
    const plans = await this.dataSource.manager.find(ActionPlan, { where, select: { id: true } });
    const practices = await this.dataSource.manager.find(GoodPractice, { where, select: { id: true } });
    return [
      { type: RecordType.ACTION_PLAN, ids: plans.map((p) => p.id) },
      { type: RecordType.GOOD_PRACTICE, ids: practices.map((p) => p.id) },
    ];
  }

  private async toDocuments(type: RecordType, records: CatalogueRecord[], scope: IndexScope): Promise<IndexEntry[]> {
    if (!records.length) return [];
    const store = this.stores.of(type);
    const publicIds =
      scope === 'staff'
        ? new Set(
            (await (await store.reads.publicQuery(null)).andWhere(`${store.definition.target.alias}.id IN (:...publicIds)`, { publicIds: records.map((r) => r.id) }).getMany()).map(
              (r) => r.id,
            ),
          )
        : null;
    const t = await this.taxonomy.snapshot();
    const ids = records.map((r) => r.id);
    const tagged = type !== RecordType.LOCAL_GOVERNMENT;
    const [themes, sdgs, groups] = tagged ? await Promise.all((['themes', 'sdgs', 'targetGroups'] as const).map((kind) => this.links.refsOf(type, kind, ids))) : [[], [], []];
    const placeIds = [...new Set(records.map((r) => (r as { localGovernmentId?: string }).localGovernmentId).filter((id): id is string => !!id))];
    const places = new Map(placeIds.length ? (await this.dataSource.manager.find(LocalGovernment, { where: { id: In(placeIds) } })).map((lg) => [lg.id, lg]) : []);

    const projected = records.map((record, i): Omit<IndexEntry, 'language' | 'norm'> => {
      const base = {
        ...this.common(type, record, t, (themes[i] ?? []) as string[], (sdgs[i] ?? []) as number[], (groups[i] ?? []) as string[]),
        ...(publicIds ? { status: record.status, createdBy: record.createdBy, isPublic: publicIds.has(record.id) } : {}),
      };
      return { ...base, ...OWN_FIELDS[type](record, { placeOf: (lg) => this.place(lg, t), placeById: (id) => this.place(places.get(id), t) }) };
    });
    return projected.map(withAnalysis);
  }

  private common(type: RecordType, record: CatalogueRecord, t: TaxonomySnapshot, themes: string[], sdgs: number[], groups: string[]) {
    return {
      id: indexEntryId(type, record.id),
      type,
      recordId: record.id,
      languages: [] as string[],
      themes,
      themeNames: themes.map((s) => t.themes.get(s)?.name ?? s),
      sdgs,
      sdgTitles: sdgs.map((n) => t.sdgs.get(n)?.title ?? String(n)),
      targetGroups: groups,
      targetGroupNames: groups.map((s) => t.targetGroups.get(s)?.name ?? s),
      createdAt: new Date(record.createdAt).getTime(),
      updatedAt: new Date(record.updatedAt).getTime(),
    };
  }

  private place(lg: LocalGovernment | undefined, t: TaxonomySnapshot) {
    if (!lg) return {};
    return {
      localGovernmentId: lg.id,
      localGovernmentName: lg.name,
      country: lg.countryCode,
      countryName: t.countries.get(lg.countryCode)?.name ?? lg.countryCode,
      region: lg.regionCode,
      subregion: lg.subregionCode,
    };
  }
}
