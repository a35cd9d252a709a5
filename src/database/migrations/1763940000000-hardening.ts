import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * One live document per (record, bytes), enforced by the database so two identical uploads at the
 * same moment give one document; a credentials generation per user, so a new password, a new role or
 * a deactivation ends every access token at once.
 */
export class Hardening1763940000000 implements MigrationInterface {
  name = 'Hardening1763940000000';

  async up(q: QueryRunner): Promise<void> {
    // Duplicates created before the constraint existed: the oldest stays, the later ones are archived (nothing is deleted).
    const now = q.connection.options.type === 'postgres' ? 'now()' : "strftime('%Y-%m-%d %H:%M:%f', 'now')";
    await q.query(
      `UPDATE document SET archived_at = ${now} WHERE archived_at IS NULL AND EXISTS (` +
        'SELECT 1 FROM document d2 WHERE d2.record_id = document.record_id AND d2.sha256 = document.sha256 AND d2.archived_at IS NULL ' +
        'AND (d2.created_at < document.created_at OR (d2.created_at = document.created_at AND d2.id < document.id)))',
    );
    await q.createIndex('document', new TableIndex({ name: 'UQ_document_live_record_bytes', columnNames: ['record_id', 'sha256'], isUnique: true, where: 'archived_at IS NULL' }));
    await q.addColumn('app_user', new TableColumn({ name: 'credentials_generation', type: 'integer', default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('app_user', 'credentials_generation');
    await q.dropIndex('document', 'UQ_document_live_record_bytes');
  }
}
