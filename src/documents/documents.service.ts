import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource, EntityManager, In, IsNull, QueryFailedError } from 'typeorm';
import { RecordStores } from '../catalogue/record-stores';
import { AppError, BadUserInputError, ConflictError, NotFoundError } from '../common/errors';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, PageArgs, paginate } from '../common/data/pagination';
import { groupByKeys, requestLoader } from '../common/graphql/request-loaders';
import { validatePlain } from '../common/input/validation';
import { stripFormatControls } from '../common/input/text';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { DOCUMENT_OUTBOX_TYPE } from './document-outbox';
import { access } from '../accounts/access';
import { AuditService, Snapshot } from '../accounts/audit.service';
import { DocumentPassage } from './document-passage.entity';
import { Document, DocumentStatus } from './document.entity';
import type { DocumentRecordType } from '../catalogue/record-definitions';
import { UpdateDocumentInput, UploadFields } from './document.inputs';
import { ExtractionSignal } from './extraction/extraction-signal';
import { acceptedFormats } from './formats/registry';
import { detectMediaType } from './media-type';
import { ReceivedUpload, receiveUpload } from './multipart-upload';
import { BLOB_STORAGE, BlobStorage } from './storage/blob-storage';

/** How many files one workspace upload form may send at once. */
export const MAX_FILES_PER_UPLOAD = 20;

export interface UploadResult {
  document: Document;
  /** The same bytes were already attached to this record: nothing new was created. */
  alreadyAttached: boolean;
}

/** Documents attached to plans, practices and tools: upload, public reads, and curation. */
@Injectable()
@ActsOnBehalf()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly stores: RecordStores,
    private readonly outbox: OutboxService,
    private readonly extraction: ExtractionSignal,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /**
   * POST /documents: streams the file to staging, checks the fields, the record, the size and the
   * type (from the bytes), then keeps the file under its hash and queues extraction. Any refusal
   * leaves nothing behind.
   */
  async upload(ctx: RequestContext, req: Request): Promise<UploadResult> {
    const { fields, file } = await receiveUpload(req, this.storage, this.config.maxUploadBytes);
    return this.ingest(ctx, fields, file);
  }

  /** Attaches a file from disk exactly as an upload would (the seed collection uses it). */
  async attachLocalFile(ctx: RequestContext, path: string, fields: Record<string, string | undefined>): Promise<UploadResult> {
    const staged = await this.storage.stage(createReadStream(path), this.config.maxUploadBytes);
    return this.ingest(ctx, fields, { staged, filename: basename(path) });
  }

  private async ingest(ctx: RequestContext, fields: Record<string, string | undefined>, file: ReceivedUpload['file']): Promise<UploadResult> {
    try {
      const input = await validatePlain(
        UploadFields,
        { recordType: fields.recordType, recordId: fields.recordId, title: fields.title || undefined, language: fields.language || undefined },
        '',
      );
      if (!file) throw new BadUserInputError('file', 'no file: send it as the multipart part named "file"');
      const detected = await this.checkFile(file);
      const store = this.stores.of(input.recordType);
      // An unknown record and one the caller may not read (another curator's draft) are the same NOT_FOUND:
      // "not yours" would tell that the hidden draft exists.
      access.requireEditable(ctx, await store.writes.getReferenced(ctx, this.dataSource.manager, input.recordId, 'recordId'), store.definition.label);

      const earlier = await this.dataSource.manager.find(Document, { where: { sha256: file.staged.sha256, archivedAt: IsNull() }, order: { createdAt: 'ASC' } });
      const sameRecord = earlier.find((d) => d.recordId === input.recordId);
      if (sameRecord) {
        await this.storage.discard(file.staged);
        return { document: sameRecord, alreadyAttached: true };
      }

      await this.storage.commit(file.staged);
      const now = new Date();
      let document: Document;
      try {
        document = await this.tx.run(async (m) => {
          const saved = await m.save(Document, {
            id: randomUUID(),
            recordType: input.recordType,
            recordId: input.recordId,
            title: input.title ?? null,
            filename: safeFilename(file.filename),
            mediaType: detected.mediaType,
            byteSize: file.staged.byteSize,
            sha256: file.staged.sha256,
            duplicateOf: earlier[0]?.id ?? null,
            pageCount: null,
            language: input.language ?? null,
            languageGiven: !!input.language,
            status: DocumentStatus.PENDING,
            failureReason: null,
            extractor: null,
            attempts: 0,
            leaseExpiresAt: null,
            archivedAt: null,
            indexedAt: null,
            createdBy: access.userId(ctx),
            version: 1,
            createdAt: now,
            updatedAt: now,
          });
          await this.audit.record(ctx, m, { action: 'upload', recordType: 'DOCUMENT', recordId: saved.id, before: null, after: documentSnapshot(saved) });
          return saved;
        });
      } catch (error) {
        // The same bytes reached the same record at the same moment: the database kept one (unique index).
        const winner = isUniqueViolation(error) ? await this.liveCopy(input.recordId, file.staged.sha256) : null;
        if (winner) return { document: winner, alreadyAttached: true };
        throw error;
      }
      this.extraction.notify();
      return { document, alreadyAttached: false };
    } catch (error) {
      if (file) await this.storage.discard(file.staged);
      throw error;
    }
  }

  /** Refuses a file that is too large, empty or of a type we cannot read; its media type otherwise. */
  private async checkFile(file: NonNullable<ReceivedUpload['file']>): Promise<{ mediaType: string }> {
    const named = { filename: file.filename };
    if (file.staged.truncated) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${formatBytes(this.config.maxUploadBytes)} (MAX_UPLOAD_BYTES); nothing was kept.`, {
        limitBytes: this.config.maxUploadBytes,
        ...named,
      });
    }
    if (file.staged.byteSize === 0) {
      const empty = new BadUserInputError('file', 'the file is empty', { rule: 'emptyFile' });
      empty.details.filename = file.filename;
      throw empty;
    }
    const detected = await detectMediaType(file.staged.path);
    if (!detected.supported) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `The file is ${detected.detected}. Accepted: ${acceptedFormats('en', 'plain text')} (the type is read from the file's content, not its name).`,
        { detected: detected.detected, ...named },
      );
    }
    return detected;
  }

  /**
   * Several files for one record in one multipart request (the workspace's upload form). Every file is
   * checked before any is kept: one refused file (named in `details.filename`) keeps none of them. A
   * file input left empty (a nameless, empty part) counts as no file. The record is the caller's (the
   * page's path), never the form's: the form's fields could name any record.
   */
  async uploadMany(ctx: RequestContext, req: Request, record: { recordType: DocumentRecordType; recordId: string }, maxFiles = MAX_FILES_PER_UPLOAD): Promise<UploadResult[]> {
    const { fields: formFields, files } = await receiveUpload(req, this.storage, this.config.maxUploadBytes, maxFiles);
    const fields = { ...formFields, ...record };
    const chosen = files.filter((f) => f.filename !== '' || f.staged.byteSize > 0);
    const discard = (list: typeof files) => Promise.all(list.map((f) => this.storage.discard(f.staged).catch(() => undefined)));
    await discard(files.filter((f) => !chosen.includes(f)));
    try {
      if (!chosen.length) throw new BadUserInputError('file', 'choose at least one file', { rule: 'noFile' });
      for (const file of chosen) await this.checkFile(file);
    } catch (error) {
      await discard(chosen);
      throw error;
    }
    const results: UploadResult[] = [];
    for (const [i, file] of chosen.entries()) {
      try {
        results.push(await this.ingest(ctx, fields, file));
      } catch (error) {
        await discard(chosen.slice(i + 1));
        throw error;
      }
    }
    return results;
  }

  private liveCopy(recordId: string, sha256: string): Promise<Document | null> {
    return this.dataSource.manager.findOne(Document, { where: { recordId, sha256, archivedAt: IsNull() } });
  }

  /** The earlier document with the same bytes, named only when the caller may see it (it would reveal a hidden draft's file). */
  async visibleDuplicateOf(ctx: RequestContext, document: Document): Promise<string | null> {
    return document.duplicateOf && (await this.findVisible(ctx, document.duplicateOf)) ? document.duplicateOf : null;
  }

  /** Documents a user uploaded that are not searchable yet, or failed (the workspace's "my work"). */
  uploadsNeedingAttention(userId: string, limit = 50): Promise<Document[]> {
    return this.dataSource.manager.find(Document, {
      where: { createdBy: userId, archivedAt: IsNull(), status: In([DocumentStatus.PENDING, DocumentStatus.PROCESSING, DocumentStatus.FAILED]) },
      order: { updatedAt: 'DESC' },
      take: limit,
    });
  }

  /** A document the reader may see: not archived, on a record the reader may see (the public: a published one). */
  async findVisible(ctx: RequestContext, id: string): Promise<Document | null> {
    const document = await requestLoader<string, Document | null>(ctx, 'document:byId', async (ids) => {
      const rows = await this.dataSource.manager.find(Document, { where: { id: In([...ids]), archivedAt: IsNull() } });
      return groupByKeys(ids, rows, (d) => d.id).map((g) => g[0] ?? null);
    }).load(id);
    if (!document) return null;
    return (await this.stores.of(document.recordType).reads.visibleById(ctx, document.recordId)) ? document : null;
  }

  /** The documents of a record (which the caller can already see), oldest first, archived ones left out. */
  ofRecord(ctx: RequestContext, recordType: DocumentRecordType, recordId: string): Promise<Document[]> {
    return requestLoader<string, Document[]>(ctx, `documents:of:${recordType}`, async (ids) => {
      const rows = await this.dataSource.manager.find(Document, { where: { recordType, recordId: In([...ids]), archivedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
      return groupByKeys(ids, rows, (d) => d.recordId);
    }).load(recordId);
  }

  async passages(documentId: string, page: number | null | undefined, paging: PageArgs): Promise<Page<DocumentPassage>> {
    if (page != null && page < 1) throw new BadUserInputError('page', 'pages are numbered from 1');
    const qb = this.dataSource.manager.createQueryBuilder(DocumentPassage, 'p').where('p.document_id = :documentId', { documentId });
    if (page != null) qb.andWhere('p.page = :page', { page });
    return paginate(qb.orderBy('p.seq', 'ASC'), paging);
  }

  /** Queues extraction again (after a failure, or to re-extract with a newer extractor). */
  async retry(ctx: RequestContext, id: string, expectedVersion?: number | null): Promise<Document> {
    const document = await this.tx.run(async (m) => {
      const doc = await this.getForWrite(ctx, m, id, expectedVersion);
      const before = documentSnapshot(doc);
      if (doc.status === DocumentStatus.PROCESSING && doc.leaseExpiresAt && doc.leaseExpiresAt.getTime() > Date.now()) {
        throw new BadUserInputError('id', 'the document is being extracted right now; wait for it to finish');
      }
      Object.assign(doc, {
        status: DocumentStatus.PENDING,
        failureReason: null,
        attempts: 0,
        leaseExpiresAt: null,
        parkedAt: null,
        updatedAt: new Date(),
        version: doc.version + 1,
      });
      const saved = await m.save(Document, doc);
      await this.audit.record(ctx, m, { action: 'retryDocument', recordType: 'DOCUMENT', recordId: id, before, after: documentSnapshot(saved) });
      return saved;
    });
    this.extraction.notify();
    return document;
  }

  async update(ctx: RequestContext, id: string, input: UpdateDocumentInput, expectedVersion?: number | null): Promise<Document> {
    return this.tx.run(async (m) => {
      const doc = await this.getForWrite(ctx, m, id, expectedVersion);
      const before = documentSnapshot(doc);
      if (input.title !== undefined) doc.title = input.title?.trim() || null;
      if (input.language !== undefined) {
        doc.language = input.language;
        doc.languageGiven = input.language !== null;
        // The curator knows better than detection: the passages take the given language.
        if (input.language) await m.update(DocumentPassage, { documentId: id }, { language: input.language });
      }
      doc.updatedAt = new Date();
      doc.version += 1;
      const saved = await m.save(Document, doc);
      await this.outbox.enqueue(m, DOCUMENT_OUTBOX_TYPE, [id]);
      await this.audit.record(ctx, m, { action: 'updateDocument', recordType: 'DOCUMENT', recordId: id, before, after: documentSnapshot(saved) });
      return saved;
    });
  }

  /** Takes the document out of search and downloads; its file and passages stay in storage. */
  async archive(ctx: RequestContext, id: string, expectedVersion?: number | null): Promise<Document> {
    return this.tx.run(async (m) => {
      const doc = await this.getForWrite(ctx, m, id, expectedVersion);
      if (doc.archivedAt) return doc;
      const before = documentSnapshot(doc);
      doc.archivedAt = new Date();
      doc.updatedAt = doc.archivedAt;
      doc.version += 1;
      const saved = await m.save(Document, doc);
      await this.outbox.enqueue(m, DOCUMENT_OUTBOX_TYPE, [id]);
      await this.audit.record(ctx, m, { action: 'archiveDocument', recordType: 'DOCUMENT', recordId: id, before, after: documentSnapshot(saved) });
      return saved;
    });
  }

  async describePublic(ctx: RequestContext, id: string): Promise<{ document: Document }> {
    const document = await this.findVisible(ctx, id);
    if (!document) throw new NotFoundError('Document', id);
    return { document };
  }

  /**
   * The original file of a document the reader may see; `isPublic` when anyone may (the record is
   * published), so that only such a file is ever kept by a shared cache.
   */
  async openFile(ctx: RequestContext, id: string): Promise<{ document: Document; stream: NodeJS.ReadableStream; byteSize: number; isPublic: boolean }> {
    const document = await this.findVisible(ctx, id);
    if (!document) throw new NotFoundError('Document', id);
    const isPublic = !!(await this.stores.of(document.recordType).reads.publicById(ctx, document.recordId));
    const file = await this.storage.open(document.sha256);
    if (!file) throw new AppError('INTERNAL_SERVER_ERROR', `The file of document "${id}" is missing from storage.`);
    return { document, ...file, isPublic };
  }

  /**
   * The document to change; changing it is changing its record (curators: their own drafts). With
   * `expectedVersion`, the row's version is claimed with a compare-and-set: a change made from an older
   * version, or the second of two made from the same one, gets CONFLICT.
   */
  private async getForWrite(ctx: RequestContext, m: EntityManager, id: string, expectedVersion?: number | null): Promise<Document> {
    const doc = await m.findOne(Document, { where: { id } });
    if (!doc) throw new NotFoundError('Document', id);
    const store = this.stores.of(doc.recordType);
    const record = await store.writes.getForWrite(m, doc.recordId);
    // A document of a record the caller may not read (another curator's draft) is as unknown as a missing one.
    if (!access.canRead(ctx, record)) throw new NotFoundError('Document', id);
    access.requireEditable(ctx, record, store.definition.label);
    if (expectedVersion == null) return doc;
    if (expectedVersion > doc.version || expectedVersion < 1)
      throw new BadUserInputError('expectedVersion', `the document has no version ${expectedVersion} (it is at version ${doc.version})`);
    const claimed = await m.update(Document, { id, version: expectedVersion }, { version: expectedVersion });
    if (claimed.affected === 0 || expectedVersion !== doc.version) {
      const current = (await m.findOne(Document, { where: { id } }))!.version;
      throw new ConflictError('document', expectedVersion, current, await this.audit.fieldsChangedByLast(m, 'DOCUMENT', id, current - expectedVersion));
    }
    return doc;
  }
}

function documentSnapshot(d: Document): Snapshot {
  return {
    recordType: d.recordType,
    recordId: d.recordId,
    title: d.title,
    filename: d.filename,
    sha256: d.sha256,
    language: d.language,
    status: d.status,
    archivedAt: d.archivedAt?.toISOString() ?? null,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && /unique|duplicate/i.test(error.message);
}

/** The client's filename for display only: no path, no control or bidi-override characters (a name must read as it is), bounded. */
function safeFilename(name: string): string {
  const base = stripFormatControls(name.split(/[\\/]/).pop() ?? '').trim();
  return (base || 'document').slice(0, 255);
}

function formatBytes(bytes: number): string {
  return bytes >= 1048576 ? `${Math.round((bytes / 1048576) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
