import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Operations at scale: parked work (an outbox row or an extraction job that kept failing while the
 * rest succeeded no longer holds the queue up, and waits for an admin), and worker leases (one
 * replica at a time drains the search outbox, so the index follows the database's order of changes).
 */
export class Operations1763980000000 implements MigrationInterface {
  name = 'Operations1763980000000';

  async up(q: QueryRunner): Promise<void> {
    const timestamp = q.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await q.addColumn('search_outbox', new TableColumn({ name: 'parked_at', type: timestamp, isNullable: true }));
    await q.createIndex('search_outbox', new TableIndex({ columnNames: ['parked_at'] }));
    await q.addColumn('document', new TableColumn({ name: 'parked_at', type: timestamp, isNullable: true }));
    await q.createTable(
      new Table({
        name: 'worker_lease',
        columns: [
          { name: 'name', type: 'varchar', length: '60', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '120' },
          { name: 'expires_at', type: timestamp },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('worker_lease');
    await q.dropColumn('document', 'parked_at');
    const table = await q.getTable('search_outbox');
    const index = table?.indices.find((i) => i.columnNames.length === 1 && i.columnNames[0] === 'parked_at');
    if (index) await q.dropIndex('search_outbox', index);
    await q.dropColumn('search_outbox', 'parked_at');
  }
}
