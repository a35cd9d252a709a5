import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The public change log behind `changes(since:)`: events in observed order, and the last observed
 * public state of each record. Starts empty: a record's first observation (any write, or a reindex)
 * reports it VISIBLE once.
 */
export class ChangeLog1763970000000 implements MigrationInterface {
  name = 'ChangeLog1763970000000';

  async up(q: QueryRunner): Promise<void> {
    const timestamp = q.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await q.createTable(
      new Table({
        name: 'change_event',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'occurred_at', type: timestamp },
          { name: 'record_type', type: 'varchar', length: '30' },
          { name: 'record_id', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '12' },
        ],
        indices: [new TableIndex({ columnNames: ['occurred_at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'public_record_state',
        columns: [
          { name: 'record_type', type: 'varchar', length: '30', isPrimary: true },
          { name: 'record_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'updated_at_ms', type: 'bigint' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('public_record_state');
    await q.dropTable('change_event');
  }
}
