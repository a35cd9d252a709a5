import { MigrationInterface, QueryRunner } from 'typeorm';

/** The boolean columns whose default the earlier migrations wrote as `true`/`false`. */
const BOOLEAN_DEFAULTS: [table: string, column: string, value: boolean][] = [
  ['app_user', 'active', true],
  ['document', 'language_given', false],
  ['document_passage', 'ocr', false],
];

/**
 * SQLite only: the boolean defaults above were written `DEFAULT (true)` / `DEFAULT (false)`, which
 * SQLite reads as 1 / 0 but TypeORM spells `DEFAULT (1)` / `DEFAULT (0)`, so it saw every such table
 * as differing from its entity (test/migrations.e2e-spec.ts). Rewritten in TypeORM's spelling: each
 * table is rebuilt with its rows (TypeORM turns foreign keys off before a migration's transaction, so
 * no row that references them is touched). Values are unchanged. Nothing to do on PostgreSQL, which
 * keeps the defaults as `true` / `false`.
 */
export class SqliteBooleanDefaults1764000000000 implements MigrationInterface {
  name = 'SqliteBooleanDefaults1764000000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') return;
    for (const [tableName, columnName, value] of BOOLEAN_DEFAULTS) {
      const table = await q.getTable(tableName);
      const column = table?.findColumnByName(columnName);
      if (!table || !column) throw new Error(`${tableName}.${columnName} is missing`);
      const respelled = column.clone();
      respelled.default = value ? '1' : '0';
      await q.changeColumn(table, column, respelled);
    }
  }

  /**
   * Nothing: both spellings mean the same to SQLite and to the migrations before this one. Rebuilding
   * the tables back would not be safe either: TypeORM reverts a migration with foreign keys on (it
   * switches them off inside the transaction, where SQLite ignores that), so dropping `app_user` or
   * `document` would cascade-delete the sessions, tokens and passages that reference them.
   */
  async down(): Promise<void> {}
}
