import { EXPORT_FORMATS } from '../exports/export-formats';
import type { ImportReport } from './import.service';

const COLUMNS = ['line', 'outcome', 'id', 'slug', 'title', 'matchedBy', 'changes', 'problems', 'documents'];

/** An import's report as CSV (one row per line of the file), written by the exports' CSV writer. */
export function importReportCsv(report: ImportReport): string {
  const csv = EXPORT_FORMATS.csv;
  return (
    csv.start(COLUMNS) +
    report.rows
      .map((r) =>
        csv.row(
          COLUMNS,
          [
            r.line,
            r.outcome,
            r.id,
            r.slug,
            r.title,
            r.matchedBy,
            r.changes.map((c) => `${c.field}: ${c.before} → ${c.after}`).join(' | ') || null,
            r.problems.map((p) => `${p.column}: ${p.message}`).join(' | ') || null,
            r.documents,
          ],
          false,
        ),
      )
      .join('')
  );
}

/** One line per outcome, and the columns left out: what the CLI prints and the page heads with. */
export function importSummary(report: ImportReport): string[] {
  const c = report.counts;
  const lines = [`${report.dryRun ? 'Dry run (nothing written)' : 'Imported'}: ${c.CREATED} created, ${c.UPDATED} updated, ${c.UNCHANGED} unchanged, ${c.ERROR} with errors.`];
  if (report.unknownColumns.length) lines.push(`Unknown columns, not imported: ${report.unknownColumns.join(', ')}.`);
  if (report.ignoredColumns.length) lines.push(`Export-only columns, ignored: ${report.ignoredColumns.join(', ')}.`);
  return lines;
}
