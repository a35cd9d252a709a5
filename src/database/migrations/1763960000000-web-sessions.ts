import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Server-side browser sessions of the web workspace. */
export class WebSessions1763960000000 implements MigrationInterface {
  name = 'WebSessions1763960000000';

  async up(q: QueryRunner): Promise<void> {
    const timestamp = q.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await q.createTable(
      new Table({
        name: 'web_session',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'credentials_generation', type: 'integer' },
          { name: 'created_at', type: timestamp },
          { name: 'last_seen_at', type: timestamp },
          { name: 'revoked_at', type: timestamp, isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ columnNames: ['user_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('web_session');
  }
}
