import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The transactional outbox feeding the search index. */
export class SearchOutbox1763910000000 implements MigrationInterface {
  name = 'SearchOutbox1763910000000';

  async up(q: QueryRunner): Promise<void> {
    const timestamp = q.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await q.createTable(
      new Table({
        name: 'search_outbox',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'record_type', type: 'varchar', length: '30' },
          { name: 'record_id', type: 'varchar', length: '36' },
          { name: 'enqueued_at', type: timestamp },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: timestamp },
          { name: 'last_error', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ columnNames: ['next_attempt_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('search_outbox');
  }
}
