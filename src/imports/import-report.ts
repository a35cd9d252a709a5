import { EXPORT_FORMATS } from '../exports/export-formats';
import type { ImportReport, RowReport } from './import.service';

const COLUMNS = ['line', 'outcome', 'id', 'slug', 'title', 'matchedBy', 'changes', 'problems', 'documents'];

/** A row's problem as the CLI and the report file say it: "Column title: the title is empty". */
export function problemText(problem: RowReport['problems'][number]): string {
  return `Column ${problem.column}: ${problem.message}`;
}

/**
 * An import's report as CSV (one row per line of the file), written by the exports' CSV writer. An
 * import that stopped lists the lines it did not reach as NOT_IMPORTED, with the reason.
 */
export function importReportCsv(report: ImportReport): string {
  const csv = EXPORT_FORMATS.csv;
  const done = report.rows.map((r) =>
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
        r.problems.map(problemText).join(' | ') || null,
        r.documents,
      ],
      false,
    ),
  );
  const notDone: string[] = [];
  if (report.stopped)
    for (let line = report.stopped.line; line <= report.totalRows + 1; line++)
      notDone.push(csv.row(COLUMNS, [line, 'NOT_IMPORTED', null, null, null, null, null, `the import stopped: ${report.stopped.reason}`, []], false));
  return csv.start(COLUMNS) + done.join('') + notDone.join('');
}

/** One line per outcome, the columns left out, and where a stopped import stopped: what the CLI prints and the page heads with. */
export function importSummary(report: ImportReport): string[] {
  const c = report.counts;
  const lines = [`${report.dryRun ? 'Dry run (nothing written)' : 'Imported'}: ${c.CREATED} created, ${c.UPDATED} updated, ${c.UNCHANGED} unchanged, ${c.ERROR} with errors.`];
  if (report.unknownColumns.length) lines.push(`Unknown columns, not imported: ${report.unknownColumns.join(', ')}.`);
  if (report.ignoredColumns.length) lines.push(`Export-only columns, ignored: ${report.ignoredColumns.join(', ')}.`);
  if (report.stopped)
    lines.push(
      `Stopped at line ${report.stopped.line} of ${report.totalRows + 1} (${report.stopped.reason}): lines ${report.stopped.line} to ${report.totalRows + 1} were not imported. ` +
        'Import the same file again to continue: the rows already imported come out unchanged.',
    );
  return lines;
}
