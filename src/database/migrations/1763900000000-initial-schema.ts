import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Taxonomies and the catalogue. Written with TypeORM's schema API rather than raw SQL so that the
 * same migration runs on SQLite and PostgreSQL.
 */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const timestamp = q.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
    const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
    const int = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
    const recordColumns: TableColumnOptions[] = [
      { ...varchar('id', 36), isPrimary: true },
      { ...varchar('slug', 120), isUnique: true },
      varchar('status', 20),
      { name: 'published_at', type: timestamp, isNullable: true },
      { name: 'created_at', type: timestamp, isNullable: false },
      { name: 'updated_at', type: timestamp, isNullable: false },
    ];
    const fk = (column: string, table: string, refColumn: string, onDelete = 'RESTRICT') =>
      new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: [refColumn], onDelete });

    await q.createTable(new Table({ name: 'sdg', columns: [{ ...int('number', false), isPrimary: true }, varchar('title', 100), varchar('color', 7)] }));
    await q.createTable(
      new Table({
        name: 'region',
        columns: [{ ...varchar('code', 3), isPrimary: true }, varchar('name', 100), varchar('parent_code', 3, true)],
        foreignKeys: [fk('parent_code', 'region', 'code')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'country',
        columns: [{ ...varchar('code', 2), isPrimary: true }, varchar('name', 100), varchar('region_code', 3), varchar('subregion_code', 3)],
        foreignKeys: [fk('region_code', 'region', 'code'), fk('subregion_code', 'region', 'code')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'theme',
        columns: [
          { ...varchar('slug', 80), isPrimary: true },
          varchar('name', 200),
          text('description'),
          varchar('parent_slug', 80, true),
          { ...int('position', false), default: 0 },
        ],
        foreignKeys: [fk('parent_slug', 'theme', 'slug')],
      }),
    );
    await q.createTable(
      new Table({ name: 'target_group', columns: [{ ...varchar('slug', 80), isPrimary: true }, varchar('name', 200), { ...int('position', false), default: 0 }] }),
    );

    await q.createTable(
      new Table({
        name: 'local_government',
        columns: [
          ...recordColumns,
          varchar('name', 200),
          varchar('kind', 20),
          varchar('country_code', 2),
          varchar('region_code', 3),
          varchar('subregion_code', 3),
          int('population'),
          { name: 'latitude', type: 'double precision', isNullable: true },
          { name: 'longitude', type: 'double precision', isNullable: true },
          varchar('website', 2048, true),
          int('human_rights_city_since'),
        ],
        foreignKeys: [fk('country_code', 'country', 'code'), fk('region_code', 'region', 'code'), fk('subregion_code', 'region', 'code')],
        indices: [new TableIndex({ columnNames: ['region_code'] }), new TableIndex({ columnNames: ['subregion_code'] }), new TableIndex({ columnNames: ['country_code'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'action_plan',
        columns: [
          ...recordColumns,
          varchar('title', 300),
          varchar('original_title', 300, true),
          text('summary', false),
          varchar('local_government_id', 36),
          varchar('kind', 30),
          varchar('lifecycle', 30),
          varchar('adoption_date', 10, true),
          int('period_start'),
          int('period_end'),
          int('year'),
          varchar('adopting_body', 300, true),
          { ...varchar('languages', 200), default: "''" },
          text('participation'),
          text('monitoring'),
          varchar('source_url', 2048, true),
        ],
        foreignKeys: [fk('local_government_id', 'local_government', 'id')],
        indices: [new TableIndex({ columnNames: ['local_government_id'] }), new TableIndex({ columnNames: ['year'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'good_practice',
        columns: [
          ...recordColumns,
          varchar('title', 300),
          text('summary', false),
          text('description'),
          varchar('local_government_id', 36),
          varchar('action_plan_id', 36, true),
          int('start_year', false),
          int('end_year'),
          text('outcomes'),
          text('lessons_learned'),
          varchar('source_url', 2048, true),
        ],
        foreignKeys: [fk('local_government_id', 'local_government', 'id'), fk('action_plan_id', 'action_plan', 'id')],
        indices: [new TableIndex({ columnNames: ['local_government_id'] }), new TableIndex({ columnNames: ['action_plan_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tool',
        columns: [
          ...recordColumns,
          varchar('title', 300),
          varchar('kind', 30),
          varchar('publisher', 300, true),
          int('year'),
          { ...varchar('languages', 200), default: "''" },
          text('summary', false),
          varchar('url', 2048, true),
        ],
      }),
    );

    for (const owner of ['action_plan', 'good_practice', 'tool']) {
      const links: [string, string, TableColumnOptions, string, string][] = [
        ['theme', 'theme_slug', varchar('theme_slug', 80), 'theme', 'slug'],
        ['sdg', 'sdg_number', int('sdg_number', false), 'sdg', 'number'],
        ['target_group', 'target_group_slug', varchar('target_group_slug', 80), 'target_group', 'slug'],
      ];
      for (const [suffix, refColumn, refColumnOptions, refTable, refKey] of links) {
        await q.createTable(
          new Table({
            name: `${owner}_${suffix}`,
            columns: [
              { ...varchar(`${owner}_id`, 36), isPrimary: true },
              { ...refColumnOptions, isPrimary: true },
            ],
            foreignKeys: [fk(`${owner}_id`, owner, 'id', 'CASCADE'), fk(refColumn, refTable, refKey)],
            indices: [new TableIndex({ columnNames: [refColumn] })],
          }),
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const owner of ['tool', 'good_practice', 'action_plan']) {
      for (const suffix of ['target_group', 'sdg', 'theme']) await q.dropTable(`${owner}_${suffix}`);
    }
    for (const table of ['tool', 'good_practice', 'action_plan', 'local_government', 'target_group', 'theme', 'country', 'region', 'sdg']) {
      await q.dropTable(table);
    }
  }
}
