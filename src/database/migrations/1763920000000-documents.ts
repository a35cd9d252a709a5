import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Uploaded documents (each row doubles as its extraction job) and their passages. */
export class Documents1763920000000 implements MigrationInterface {
  name = 'Documents1763920000000';

  async up(q: QueryRunner): Promise<void> {
    const timestamp = q.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await q.createTable(
      new Table({
        name: 'document',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'record_type', type: 'varchar', length: '30' },
          { name: 'record_id', type: 'varchar', length: '36' },
          { name: 'title', type: 'varchar', length: '300', isNullable: true },
          { name: 'filename', type: 'varchar', length: '255' },
          { name: 'media_type', type: 'varchar', length: '100' },
          { name: 'byte_size', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'duplicate_of', type: 'varchar', length: '36', isNullable: true },
          { name: 'page_count', type: 'integer', isNullable: true },
          { name: 'language', type: 'varchar', length: '8', isNullable: true },
          { name: 'language_given', type: 'boolean', default: false },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'failure_reason', type: 'text', isNullable: true },
          { name: 'extractor', type: 'varchar', length: '40', isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'lease_expires_at', type: timestamp, isNullable: true },
          { name: 'archived_at', type: timestamp, isNullable: true },
          { name: 'indexed_at', type: timestamp, isNullable: true },
          { name: 'created_at', type: timestamp },
          { name: 'updated_at', type: timestamp },
        ],
        indices: [
          new TableIndex({ columnNames: ['record_type', 'record_id'] }),
          new TableIndex({ columnNames: ['status', 'lease_expires_at'] }),
          new TableIndex({ columnNames: ['sha256'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'document_passage',
        columns: [
          { name: 'id', type: 'varchar', length: '48', isPrimary: true },
          { name: 'document_id', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'page', type: 'integer', isNullable: true },
          { name: 'section_path', type: 'text', isNullable: true },
          { name: 'text', type: 'text' },
          { name: 'language', type: 'varchar', length: '8', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['document_id'], referencedTableName: 'document', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ columnNames: ['document_id', 'seq'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('document_passage');
    await q.dropTable('document');
  }
}
