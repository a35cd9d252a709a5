import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Names of SDGs, themes and target groups in the interface languages (JSON: {"fr": "…", "ar": "…"});
 * a version on documents (records take theirs from their revisions), for optimistic concurrency.
 */
export class TaxonomyLabels1763950000000 implements MigrationInterface {
  name = 'TaxonomyLabels1763950000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['sdg', 'theme', 'target_group']) await q.addColumn(table, new TableColumn({ name: 'labels', type: 'text', isNullable: true }));
    await q.addColumn('document', new TableColumn({ name: 'version', type: 'integer', default: 1 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('document', 'version');
    for (const table of ['sdg', 'theme', 'target_group']) await q.dropColumn(table, 'labels');
  }
}
