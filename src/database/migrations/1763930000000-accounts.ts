import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Users, sessions, API tokens, the audit trail and record revisions; who created each record. */
export class Accounts1763930000000 implements MigrationInterface {
  name = 'Accounts1763930000000';

  async up(q: QueryRunner): Promise<void> {
    const timestamp = q.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
    const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
    await q.createTable(
      new Table({
        name: 'app_user',
        columns: [
          id,
          { name: 'email', type: 'varchar', length: '254', isUnique: true },
          { name: 'display_name', type: 'varchar', length: '120' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'active', type: 'boolean', default: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'created_at', type: timestamp },
          { name: 'updated_at', type: timestamp },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'refresh_token',
        columns: [
          id,
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'family_id', type: 'varchar', length: '36' },
          { name: 'expires_at', type: timestamp },
          { name: 'revoked_at', type: timestamp, isNullable: true },
          { name: 'replaced_by_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: timestamp },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ columnNames: ['user_id'] }), new TableIndex({ columnNames: ['family_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_token',
        columns: [
          id,
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'prefix', type: 'varchar', length: '16' },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'created_at', type: timestamp },
          { name: 'last_used_at', type: timestamp, isNullable: true },
          { name: 'revoked_at', type: timestamp, isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ columnNames: ['user_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          id,
          { name: 'at', type: timestamp },
          { name: 'user_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'action', type: 'varchar', length: '40' },
          { name: 'record_type', type: 'varchar', length: '30' },
          { name: 'record_id', type: 'varchar', length: '36' },
          { name: 'changes', type: 'text' },
          { name: 'comment', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ columnNames: ['record_type', 'record_id', 'at'] }), new TableIndex({ columnNames: ['user_id', 'at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'record_revision',
        columns: [
          id,
          { name: 'record_type', type: 'varchar', length: '30' },
          { name: 'record_id', type: 'varchar', length: '36' },
          { name: 'version', type: 'integer' },
          { name: 'snapshot', type: 'text' },
          { name: 'action', type: 'varchar', length: '40' },
          { name: 'user_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: timestamp },
        ],
        indices: [new TableIndex({ columnNames: ['record_type', 'record_id', 'version'], isUnique: true })],
      }),
    );
    // Plain ALTER TABLE (both engines have it): TypeORM's SQLite addColumn rebuilds the table, which
    // would cascade-delete the rows that reference it.
    for (const table of ['local_government', 'action_plan', 'good_practice', 'tool', 'document']) {
      await q.query(`ALTER TABLE ${q.connection.driver.escape(table)} ADD COLUMN created_by varchar(36)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['local_government', 'action_plan', 'good_practice', 'tool', 'document'])
      await q.query(`ALTER TABLE ${q.connection.driver.escape(table)} DROP COLUMN created_by`);
    for (const table of ['record_revision', 'audit_entry', 'api_token', 'refresh_token', 'app_user']) await q.dropTable(table);
  }
}
