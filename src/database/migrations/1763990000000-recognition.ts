import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Text recognition (OCR): passages say whether they were recognised and how confidently; documents, how many pages and what was left out. */
export class Recognition1763990000000 implements MigrationInterface {
  name = 'Recognition1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('document', [
      new TableColumn({ name: 'recognised_page_count', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'recognition_notes', type: 'text', isNullable: true }),
    ]);
    await q.addColumns('document_passage', [
      new TableColumn({ name: 'ocr', type: 'boolean', default: false }),
      new TableColumn({ name: 'ocr_confidence', type: 'real', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('document_passage', 'ocr_confidence');
    await q.dropColumn('document_passage', 'ocr');
    await q.dropColumn('document', 'recognition_notes');
    await q.dropColumn('document', 'recognised_page_count');
  }
}
