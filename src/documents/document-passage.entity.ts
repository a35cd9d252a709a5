import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Document } from './document.entity';

/** Below this mean word confidence (0–100) a recognised page is flagged as doubtful: its text is kept, searchable, and marked. */
export const LOW_OCR_CONFIDENCE = 60;

/**
 * A few hundred words of a document, never across a page or section. Stored in the database (the
 * source of truth) and projected into the search index.
 */
@ObjectType({ description: "A piece of a document's text, within one page (PDF) or one section (other formats)." })
@Entity('document_passage')
@Index(['documentId', 'seq'], { unique: true })
export class DocumentPassage {
  /** `${documentId}-${seq}`, also the search document's id suffix. */
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 48 })
  id: string;

  @ForeignKey(() => Document, { onDelete: 'CASCADE' })
  @Column({ type: 'varchar', length: 36 })
  documentId: string;

  @Field(() => Int, { description: 'Position in the document, from 0.' })
  @Column({ type: 'integer' })
  seq: number;

  @Field(() => Int, { nullable: true, description: 'PDF page, from 1; null for formats without pages.' })
  @Column({ type: 'integer', nullable: true })
  page: number | null;

  @Field(() => String, { nullable: true, description: 'Headings leading to the passage, e.g. "3. Monitoring › 3.1 Indicators".' })
  @Column({ type: 'text', nullable: true })
  sectionPath: string | null;

  @Field()
  @Column({ type: 'text' })
  text: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  language: string | null;

  @Field({ description: 'True when the text was recognised from an image of the page (OCR: a scan or a photograph), not read from a text layer.' })
  @Column({ type: 'boolean', default: false })
  ocr: boolean;

  @Field(() => Float, {
    nullable: true,
    description: "OCR passages: the recognition engine's mean word confidence for the page, 0–100 (below 60: doubtful, check against the file).",
  })
  @Column({ type: 'real', nullable: true })
  ocrConfidence: number | null;
}
