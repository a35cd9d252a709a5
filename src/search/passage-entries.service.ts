import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { RecordType } from '../catalogue/enums';
import { DocumentPassage } from '../documents/document-passage.entity';
import { Document, DocumentStatus } from '../documents/document.entity';
import { DOCUMENT_RECORD_TYPES } from '../catalogue/record-definitions';
import { IndexScope, IndexEntry, IndexEntriesService } from './index-entries.service';
import { analyse } from './text-analysis';

/** The search index's `type` of passages, next to the record types. */
export const PASSAGE_TYPE = 'PASSAGE';

const PASSAGE_ID_PREFIX = 'passage-';

function passageSearchId(passageId: string): string {
  return `${PASSAGE_ID_PREFIX}${passageId}`;
}

/** The passage id of a passage's search document id (the inverse of passageSearchId). */
export function passageIdOf(searchId: string): string {
  return searchId.slice(PASSAGE_ID_PREFIX.length);
}

export interface PassageBuild {
  documents: IndexEntry[];
  /** Searchable documents and how many passages each has now (higher sequence numbers are stale). */
  counts: Map<string, number>;
  /** Documents none of whose passages may be searchable (archived, failed, or their record not public). */
  hidden: string[];
}

/**
 * Projects documents' passages into the search index. A passage is public only while its document
 * is INDEXED and not archived and its record is published.
 */
@Injectable()
export class PassageEntriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: IndexEntriesService,
  ) {}

  /**
   * `norms`: normalised texts by passage id, shared by the builds of one sync (the public and the staff
   * index take the same passages; normalising is most of the CPU a passage costs here).
   */
  async build(documentIds: readonly string[], scope: IndexScope = 'public', norms = new Map<string, string>()): Promise<PassageBuild> {
    const result: PassageBuild = { documents: [], counts: new Map(), hidden: [] };
    if (!documentIds.length) return result;
    const documents = await this.dataSource.manager.find(Document, { where: { id: In([...documentIds]) } });
    const found = new Set(documents.map((d) => d.id));
    result.hidden.push(...documentIds.filter((id) => !found.has(id)));
    const candidates = documents.filter((d) => d.status === DocumentStatus.INDEXED && !d.archivedAt);
    result.hidden.push(...documents.filter((d) => !candidates.includes(d)).map((d) => d.id));

    const parents = new Map<string, IndexEntry>();
    for (const type of DOCUMENT_RECORD_TYPES) {
      const ids = [...new Set(candidates.filter((d) => d.recordType === type).map((d) => d.recordId))];
      for (const parent of (await this.records.build(type, ids, scope)).documents) parents.set(parent.recordId, parent);
    }
    const searchable = candidates.filter((d) => parents.has(d.recordId));
    result.hidden.push(...candidates.filter((d) => !parents.has(d.recordId)).map((d) => d.id));
    // One query for all their passages, not one per document.
    const passages = searchable.length
      ? await this.dataSource.manager.find(DocumentPassage, { where: { documentId: In(searchable.map((d) => d.id)) }, order: { documentId: 'ASC', seq: 'ASC' } })
      : [];
    const byDocument = new Map(searchable.map((d) => [d.id, [] as DocumentPassage[]]));
    for (const passage of passages) byDocument.get(passage.documentId)!.push(passage);
    for (const document of searchable) {
      const own = byDocument.get(document.id)!;
      result.counts.set(document.id, own.length);
      for (const passage of own) result.documents.push(this.toSearchDocument(document, passage, parents.get(document.recordId)!, norms));
    }
    return result;
  }

  /** Ids of the documents attached to these records (archived ones too: build() hides them). */
  async documentsOf(type: RecordType, recordIds: readonly string[]): Promise<string[]> {
    if (!recordIds.length || !(DOCUMENT_RECORD_TYPES as readonly RecordType[]).includes(type)) return [];
    const rows = await this.dataSource.manager.find(Document, { where: { recordType: type as Document['recordType'], recordId: In([...recordIds]) }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** Ids of every document whose passages may be searchable, for a full reindex. */
  async candidateDocumentIds(): Promise<string[]> {
    const rows = await this.dataSource.manager.find(Document, { where: { status: DocumentStatus.INDEXED, archivedAt: IsNull() }, select: { id: true }, order: { id: 'ASC' } });
    return rows.map((r) => r.id);
  }

  /** Documents changed since a moment (reindex replays them after its swap). */
  async changedSince(since: Date): Promise<string[]> {
    const rows = await this.dataSource.manager.createQueryBuilder(Document, 'd').select('d.id', 'id').where('d.updated_at >= :since', { since }).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** A passage takes its record's filter fields (not its searchable text), so the catalogue filter applies to it too. */
  private toSearchDocument(document: Document, passage: DocumentPassage, parent: IndexEntry, norms: Map<string, string>): IndexEntry {
    let norm = norms.get(passage.id);
    if (norm === undefined) norms.set(passage.id, (norm = analyse(passage.text, passage.language ?? document.language)));
    const title = document.title ?? document.filename;
    return {
      themes: parent.themes,
      sdgs: parent.sdgs,
      targetGroups: parent.targetGroups,
      region: parent.region ?? null,
      subregion: parent.subregion ?? null,
      country: parent.country ?? null,
      localGovernmentId: parent.localGovernmentId ?? null,
      year: parent.year ?? null,
      updatedAt: parent.updatedAt,
      ...(parent.status !== undefined ? { status: parent.status, createdBy: parent.createdBy, isPublic: parent.isPublic } : {}),
      id: passageSearchId(passage.id),
      type: PASSAGE_TYPE,
      recordId: document.recordId,
      recordType: document.recordType,
      documentId: document.id,
      seq: passage.seq,
      page: passage.page,
      sectionPath: passage.sectionPath,
      text: passage.text,
      ocrConfidence: passage.ocr ? passage.ocrConfidence : null,
      documentTitle: title,
      title,
      titleSort: title.toLowerCase(),
      languages: passage.language ? [passage.language] : [],
      language: passage.language ?? document.language ?? null,
      norm,
      themeNames: [],
      sdgTitles: [],
      targetGroupNames: [],
      createdAt: new Date(document.createdAt).getTime(),
    };
  }
}
