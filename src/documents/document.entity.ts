import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Timestamped } from '../common/data/timestamped';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { RecordType } from '../catalogue/enums';
import type { DocumentRecordType } from '../catalogue/record-definitions';

export enum DocumentStatus {
  PENDING = 'PENDING',
  PROCESSING = 'PROCESSING',
  INDEXED = 'INDEXED',
  FAILED = 'FAILED',
}
registerEnumType(DocumentStatus, {
  name: 'DocumentStatus',
  description: 'Extraction progress: PENDING → PROCESSING → INDEXED, or FAILED with a failureReason (retryDocument queues it again).',
});

/**
 * An uploaded file attached to a plan, practice or tool. The row is also the extraction job: the
 * extraction queue is the set of PENDING rows (and PROCESSING ones whose lease lapsed).
 */
@ObjectType({ description: 'An uploaded file (PDF, Word, ODT, RTF, HTML, text, Markdown, or an image of pages) and its extracted or recognised text.' })
@Entity('document')
@Index(['recordType', 'recordId'])
@Index(['status', 'leaseExpiresAt'])
@Index('UQ_document_live_record_bytes', ['recordId', 'sha256'], { unique: true, where: 'archived_at IS NULL' })
export class Document extends Timestamped {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field(() => RecordType)
  @Column({ type: 'varchar', length: 30 })
  recordType: DocumentRecordType;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  @Field(() => String, { nullable: true, description: 'Given by the curator; search shows it (or the filename).' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  title: string | null;

  @Field({ description: 'The name the file was uploaded with (for display and downloads only; the type is read from the bytes).' })
  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Field({ description: 'Detected from the bytes, e.g. application/pdf.' })
  @Column({ type: 'varchar', length: 100 })
  mediaType: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  byteSize: number;

  @Field({ description: 'SHA-256 of the bytes, hex; the same bytes are stored once.' })
  @Index()
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  /** The earlier document with the same bytes (GraphQL shows it only to those who may see that one). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  duplicateOf: string | null;

  @Field(() => Int, { nullable: true, description: 'Pages of a PDF or TIFF (1 for another image); null for formats without pages and before extraction.' })
  @Column({ type: 'integer', nullable: true })
  pageCount: number | null;

  @Field(() => Int, { nullable: true, description: 'Pages (or images) whose text was recognised by OCR; null when recognition was not needed.' })
  @Column({ type: 'integer', nullable: true })
  recognisedPageCount: number | null;

  @Field(() => [String], {
    description: 'What text recognition (OCR) left out or doubts, one sentence each: pages not recognised and why (page cap, time budget), pages recognised with low confidence.',
  })
  @Column({ type: 'simple-json', nullable: true, transformer: { to: (v: string[] | null) => (v?.length ? v : null), from: (v: string[] | null) => v ?? [] } })
  recognitionNotes: string[];

  @Field(() => String, { nullable: true, description: 'ISO 639-1 code: given by the curator, else detected from the text.' })
  @Column({ type: 'varchar', length: 8, nullable: true })
  language: string | null;

  /** True when the curator set the language (detection does not overwrite it). */
  @Column({ type: 'boolean', default: false })
  languageGiven: boolean;

  @Field(() => DocumentStatus)
  @Column({ type: 'varchar', length: 20 })
  status: DocumentStatus;

  @Field(() => String, { nullable: true, description: 'Why extraction failed, in plain words.' })
  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @Field(() => String, { nullable: true, description: 'What extracted the text, e.g. pdftotext, pdfjs, mammoth; with OCR, e.g. pdfjs+tesseract.js.' })
  @Column({ type: 'varchar', length: 40, nullable: true })
  extractor: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Set when extraction failed unexpectedly EXTRACTION_MAX_ATTEMPTS times (FAILED with the error): listed for admins to retry. */
  @Column({ type: Date, nullable: true })
  parkedAt: Date | null;

  /** Until when the worker that claimed the job owns it; renewed while it runs (after an unexpected failure: when it may run again). */
  @Column({ type: Date, nullable: true })
  leaseExpiresAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Archived documents are out of search and downloads.' })
  @Column({ type: Date, nullable: true })
  archivedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: Date, nullable: true })
  indexedAt: Date | null;

  /** Who uploaded it (null for seeded documents). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Field(() => Int, { description: 'Raised by every curation change (title, language, retry, archive); send it back as expectedVersion. Extraction progress does not change it.' })
  @Column({ type: 'integer', default: 1 })
  version: number;
}
