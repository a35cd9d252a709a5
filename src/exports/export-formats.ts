import type { Cell } from './export-columns';

/** A file format of the exports: how a header, each row and the end are written. */
export interface ExportFormat {
  id: 'csv' | 'json' | 'ndjson';
  contentType: string;
  start(columns: string[]): string;
  row(columns: string[], cells: Cell[], first: boolean): string;
  end(): string;
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first) gets a
 * leading apostrophe (CSV injection). Numbers are never touched: -33.9 is a latitude, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
/** The cell as it was before `neutralised` (import takes the apostrophe off again: the round trip is exact). */
export function unneutralised(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function csvText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  const text = Array.isArray(cell) ? cell.map((v) => neutralised(String(v))).join(';') : neutralised(cell);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function jsonObject(columns: string[], cells: Cell[]): string {
  return JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, cells[i]])));
}

export const EXPORT_FORMATS: Record<ExportFormat['id'], ExportFormat> = {
  csv: {
    id: 'csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    start: (columns) => `${columns.join(',')}\r\n`,
    row: (_columns, cells) => `${cells.map(csvText).join(',')}\r\n`,
    end: () => '',
  },
  json: {
    id: 'json',
    contentType: 'application/json; charset=utf-8',
    start: () => '[',
    row: (columns, cells, first) => `${first ? '\n' : ',\n'}${jsonObject(columns, cells)}`,
    end: () => '\n]\n',
  },
  ndjson: {
    id: 'ndjson',
    contentType: 'application/x-ndjson; charset=utf-8',
    start: () => '',
    row: (columns, cells) => `${jsonObject(columns, cells)}\n`,
    end: () => '',
  },
};
