import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Request } from 'express';
import { parse } from 'csv-parse';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import type { CatalogueRecord } from '../catalogue/entities/record-base';
import { RecordType } from '../catalogue/enums';
import { RECORD_INPUTS } from '../catalogue/inputs/record-inputs';
import { definitionOf, definitionOfCollection, holdsDocuments, isTagged, RECORD_DEFINITIONS } from '../catalogue/record-definitions';
import type { RecordDefinition } from '../catalogue/record-options';
import { RecordStores } from '../catalogue/record-stores';
import { TaxonomyLinksService } from '../catalogue/taxonomy-links.service';
import { AppError, BadUserInputError, type FieldProblem } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { validatePlain } from '../common/input/validation';
import { DocumentsService } from '../documents/documents.service';
import { ZipArchive, ZipEntryTooLarge } from '../documents/extraction/zip-archive';
import { decodeText } from '../documents/formats/text-decoding';
import { receiveUpload } from '../documents/multipart-upload';
import { BLOB_STORAGE, type BlobStorage } from '../documents/storage/blob-storage';
import { cellKind, exportColumns } from '../exports/export-columns';
import { unneutralised } from '../exports/export-formats';

/** Largest import file (a CSV, or a ZIP with its documents); the CSV itself is bounded by IMPORT_MAX_CSV_BYTES. */
const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/** Most rows one import takes. */
const MAX_IMPORT_ROWS = 5000;
/** The literal that clears a field on update (an empty cell keeps it). */
const CLEAR = 'NULL';
/** Rows written per transaction: short enough to leave the database to others between batches, long enough to save commits. */
const BATCH_ROWS = 100;
/** A batch the database refused as busy (another process writing) is tried again this often, waiting longer each time. */
const BUSY_RETRIES = 5;
/** Characters of the CSV parsed at a time: the event loop breathes between pieces. */
const PARSE_CHUNK = 64 * 1024;

type RowOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'ERROR';

/** One problem of a row, named by its column. */
export interface RowProblem {
  column: string;
  message: string;
  rule?: string;
  /** With `unknownValues`: the values, as listed in the message. */
  values?: string;
}

export interface RowReport {
  /** The row's line in the file (the header is line 1). */
  line: number;
  outcome: RowOutcome;
  id: string | null;
  slug: string | null;
  /** The record's title (a local government's name): from the row, else the record. */
  title: string | null;
  /** How an existing record was found: by id, by slug, or by its natural key ("matched by title"). */
  matchedBy: 'id' | 'slug' | 'natural key' | null;
  changes: { field: string; before: string; after: string }[];
  /**
   * Every problem of the row, one per column, in plain words ("the title is empty"); `rule` (the broken
   * validation rule, or `unknownValues` with `values`) lets a page say it in its own language.
   */
  problems: RowProblem[];
  /** Documents attached (ZIP imports). */
  documents: string[];
}

export interface ImportReport {
  type: RecordType;
  dryRun: boolean;
  /** The rows done, in order (all of them unless the import stopped). */
  rows: RowReport[];
  counts: Record<RowOutcome, number>;
  /** Rows in the file (the header aside). */
  totalRows: number;
  /** Set when the import stopped before the end: from `line` on nothing was imported (a re-run continues). */
  stopped: { line: number; reason: string } | null;
  /** Columns the import does not know (reported, not silently dropped); export-only ones are not listed. */
  unknownColumns: string[];
  ignoredColumns: string[];
}

type Cells = Record<string, string>;

/** What one row will write, checked before its batch's transaction starts. */
interface PreparedRow {
  report: RowReport;
  /** Nothing to write: the report is final (an error, or unchanged). */
  write: null | { kind: 'create'; input: object; documents: string[] } | { kind: 'update'; id: string; input: object | null; expectedVersion: number | null; documents: string[] };
  /** Rows of one batch never share a key (a record, or a new title): a row that would is written in the next batch, after the first is. */
  key: string | null;
}

/** The import stops here: the rows from `line` on are not imported. */
class ImportStopped extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** What is read from a file before any row: the rows and what the columns mean. */
interface ImportSetup {
  definition: RecordDefinition<CatalogueRecord>;
  exportOnly: Set<string>;
  unknown: string[];
  archive: ZipArchive | null;
  scratch: string;
  dryRun: boolean;
}

/**
 * One import engine for the CLI and the workspace page: a CSV in the export's columns (or a ZIP with
 * that CSV and the documents its `documents` column names) creates drafts and updates existing
 * records — by id, slug, or natural key (a plan or practice: its local government and title; a tool:
 * title, publisher and year; a local government: name and country) — so importing the same
 * spreadsheet twice changes nothing the second time. Each row goes through the record type's service
 * (the API's validation and access rules, audit attributed to the importing user); rows are checked
 * outside any transaction, then written BATCH_ROWS to a transaction (each row in a savepoint, so a
 * refused row is skipped and reported); a dry run reports the same and rolls every batch back. An
 * import that stops (the database failing, a signal) reports what it did and from which line it did not.
 */
@Injectable()
@ActsOnBehalf()
export class ImportService {
  private readonly logger = new Logger('Import');

  constructor(
    private readonly stores: RecordStores,
    private readonly links: TaxonomyLinksService,
    private readonly documents: DocumentsService,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An import posted as multipart (the workspace page): fields `type` and `dryRun`, part `file`.
   * The file is staged like an upload, read, and removed whatever happens.
   */
  async runUpload(ctx: RequestContext, req: Request): Promise<ImportReport> {
    access.require(ctx, Role.CURATOR, 'Importing records');
    const { fields, file } = await receiveUpload(req, this.storage, MAX_IMPORT_BYTES);
    try {
      if (!file || file.staged.byteSize === 0) throw new BadUserInputError('file', 'choose a CSV or ZIP file to import', { rule: 'noFile' });
      if (file.staged.truncated) throw tooLarge(`the file is larger than ${MAX_IMPORT_BYTES / 1048576} MB`, { limitBytes: MAX_IMPORT_BYTES });
      const bytes = readFileSync(file.staged.path);
      return await this.run(ctx, this.typeOf(fields.type ?? ''), { bytes, filename: file.filename }, { dryRun: fields.dryRun === 'on' || fields.dryRun === 'true' });
    } finally {
      if (file) await this.storage.discard(file.staged).catch(() => undefined);
    }
  }

  /** How large a CSV may be (also once unpacked from a ZIP): IMPORT_MAX_CSV_BYTES. */
  get maxCsvBytes(): number {
    return this.config.imports.maxCsvBytes;
  }

  /** The record type of an export collection name (`action-plans`), or BAD_USER_INPUT. */
  typeOf(collection: string): RecordType {
    const found = definitionOfCollection(collection) ?? RECORD_DEFINITIONS.find((d) => d.type === collection);
    if (!found) throw new BadUserInputError('type', `the type must be one of ${RECORD_DEFINITIONS.map((d) => d.collection).join(', ')} (got "${collection}")`);
    return found.type;
  }

  /**
   * Imports a file. `signal` stops it between batches (the CLI's SIGINT/SIGTERM); the database failing
   * for good stops it too. Either way the report says what was done and from which line nothing was.
   */
  async run(
    ctx: RequestContext,
    type: RecordType,
    file: { bytes: Buffer; filename: string },
    options: { dryRun: boolean; signal?: AbortSignal },
    progress?: (done: number, total: number) => void,
  ): Promise<ImportReport> {
    access.require(ctx, Role.CURATOR, 'Importing records');
    if (file.bytes.length > MAX_IMPORT_BYTES) throw tooLarge(`the file is larger than ${MAX_IMPORT_BYTES / 1048576} MB`, { limitBytes: MAX_IMPORT_BYTES });
    const definition = definitionOf(type);
    const isZip = file.bytes[0] === 0x50 && file.bytes[1] === 0x4b;
    const scratch = mkdtempSync(join(tmpdir(), 'lrkb-import-'));
    let archive: ZipArchive | null = null;
    try {
      let csvBytes = file.bytes;
      if (isZip) {
        const path = join(scratch, 'import.zip');
        writeFileSync(path, file.bytes);
        archive = await ZipArchive.open(path, { maxTotalBytes: 1024 * 1024 * 1024, maxEntryBytes: 200 * 1024 * 1024, maxEntries: 2000 }, 'ZIP file').catch((error: Error) => {
          throw new BadUserInputError('file', error.message, { rule: 'damagedZip' });
        });
        const csvs = [...archive.entries.keys()].filter((n) => /\.csv$/i.test(n) && !n.startsWith('__MACOSX/'));
        if (csvs.length !== 1) throw new BadUserInputError('file', `the ZIP must hold exactly one .csv file (it holds ${csvs.length})`, { rule: 'zipOneCsv' });
        csvBytes = await this.csvOfZip(archive, csvs[0]);
      } else if (csvBytes.length > this.config.imports.maxCsvBytes) throw this.csvTooLarge(false);
      const read = await this.readCsv(csvBytes);
      const columns = exportColumns(definition, { withStatus: true });
      const known = new Set(columns.map((c) => c.name));
      if (holdsDocuments(type)) known.add('documents');
      // Column names as the export writes them, whatever their case ("Title" is title).
      const canonical = (name: string) => [...known].find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
      const header = read.header.map(canonical);
      const rows = read.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [canonical(k), v])));
      const exportOnly = new Set(columns.filter((c) => c.exportOnly).map((c) => c.name));
      const unknownColumns = header.filter((c) => !known.has(c));
      // `country` beside a local government given by name is read (to find the place), not ignored.
      const ignoredColumns = header.filter((c) => exportOnly.has(c) && !(c === 'country' && header.includes('localGovernment')));
      const setup: ImportSetup = { definition, exportOnly, unknown: unknownColumns, archive, scratch, dryRun: options.dryRun };

      const reports: RowReport[] = [];
      let stopped: ImportReport['stopped'] = null;
      let batch: PreparedRow[] = [];
      const flush = async () => {
        if (!batch.length) return;
        reports.push(...(await this.writeBatch(ctx, setup, batch)));
        batch = [];
        progress?.(reports.length, rows.length);
        await yieldToEventLoop();
      };
      // The row being read: where an unexpected failure stops the import, unless a batch is pending.
      let line = 2;
      const interrupted = () => new ImportStopped(batch[0]?.report.line ?? line, `interrupted (${String(options.signal?.reason ?? 'stopped')})`);
      try {
        for (const [index, cells] of rows.entries()) {
          line = index + 2;
          if (options.signal?.aborted) throw interrupted();
          // SQLite answers synchronously: without a turn of the event loop now and then, a signal or the
          // server's other requests would wait for the whole import.
          if (index % 10 === 0) await yieldToEventLoop();
          let prepared = await this.prepare(ctx, setup, cells, line);
          if (prepared.key && batch.some((p) => p.key === prepared.key)) {
            await flush();
            prepared = await this.prepare(ctx, setup, cells, line);
          }
          batch.push(prepared);
          if (batch.length >= BATCH_ROWS) await flush();
        }
        if (options.signal?.aborted && batch.length) throw interrupted();
        await flush();
      } catch (error) {
        // Whatever stops it, the report says what was done and from where nothing was.
        stopped =
          error instanceof ImportStopped ? { line: error.line, reason: error.message } : { line: batch[0]?.report.line ?? line, reason: `failed: ${(error as Error).message}` };
        this.logger.warn(`Import of ${definition.collection} stopped at line ${stopped.line} of ${rows.length + 1}: ${stopped.reason}`);
      }
      const counts: Record<RowOutcome, number> = { CREATED: 0, UPDATED: 0, UNCHANGED: 0, ERROR: 0 };
      for (const r of reports) counts[r.outcome] += 1;
      return { type, dryRun: options.dryRun, rows: reports, counts, totalRows: rows.length, stopped, unknownColumns, ignoredColumns };
    } finally {
      archive?.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** The ZIP's CSV, inflated under the CSV limit counted as the bytes come (a header may under-declare). */
  private async csvOfZip(archive: ZipArchive, name: string): Promise<Buffer> {
    const limit = this.config.imports.maxCsvBytes;
    if ((archive.entries.get(name)?.uncompressedSize ?? 0) > limit) throw this.csvTooLarge(true);
    try {
      return await archive.read(name, 'ZIP file', limit);
    } catch (error) {
      if (error instanceof ZipEntryTooLarge) throw this.csvTooLarge(true);
      throw new BadUserInputError('file', (error as Error).message, { rule: 'damagedZip' });
    }
  }

  /** `unpacked`: the CSV came out of a ZIP (the page says "once unpacked"). */
  private csvTooLarge(unpacked: boolean): AppError {
    return tooLarge(`the CSV is larger than ${megabytes(this.config.imports.maxCsvBytes)} (IMPORT_MAX_CSV_BYTES): split it into several imports`, {
      limit: unpacked ? 'unpackedCsvBytes' : 'csvBytes',
      limitBytes: this.config.imports.maxCsvBytes,
    });
  }

  /**
   * UTF-8 (with or without BOM) or UTF-16 with its BOM, else the spreadsheet's legacy encoding
   * (Windows-1252). Parsed a piece at a time so a large file never holds the event loop, with every
   * cell checked against IMPORT_MAX_CELL_CHARS as its row completes.
   */
  private async readCsv(bytes: Buffer): Promise<{ header: string[]; rows: Cells[] }> {
    // A spreadsheet's legacy encoding is Windows-1252 far more often than a guess would say.
    const content = decodeText(bytes, false, 'windows-1252');
    // Excel in many locales writes ";" between cells: take whichever separates the header.
    const firstLine = content.slice(0, content.search(/\r?\n|$/));
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    const maxCell = this.config.imports.maxCellChars;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < content.length; i += PARSE_CHUNK) yield content.slice(i, i + PARSE_CHUNK);
      })(),
    );
    const parser = source.pipe(parse({ delimiter, relax_column_count: false, skip_empty_lines: true }));
    const records: string[][] = [];
    let count = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        count += 1;
        const long = record.findIndex((cell) => cell.length > maxCell);
        if (long >= 0)
          throw tooLarge(`line ${count} has a cell of ${record[long].length} characters, more than the ${maxCell} a cell may hold (IMPORT_MAX_CELL_CHARS)`, {
            limit: 'cellChars',
            line: count,
            chars: record[long].length,
            maxChars: maxCell,
          });
        // Past the row limit the rest is only counted, for the message.
        if (count <= MAX_IMPORT_ROWS + 1) records.push(record);
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new BadUserInputError('file', `the file is not a readable CSV: ${(error as Error).message}`, { rule: 'unreadableCsv' });
    } finally {
      source.destroy();
      parser.destroy();
    }
    if (!records.length) throw new BadUserInputError('file', 'the file is empty: it needs a header row with column names such as id, slug, title', { rule: 'emptyCsv' });
    const header = records[0].map((h) => h.trim());
    if (count - 1 > MAX_IMPORT_ROWS)
      throw new BadUserInputError('file', `the file has ${count - 1} rows, more than the ${MAX_IMPORT_ROWS} one import takes: split it`, { rule: 'tooManyRows' });
    const duplicate = header.find((h, i) => header.indexOf(h) !== i);
    if (duplicate) throw new BadUserInputError('file', `the column "${duplicate}" appears twice in the header`, { rule: 'duplicateColumn' });
    return { header, rows: records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
  }

  /**
   * Everything about a row that can be known before writing, every problem reported (not just the
   * first): its cells as values with their references resolved (slugs → ids), then the record it
   * stands for (by id, slug, or the natural key over the resolved values), its changes and the input
   * the service will take, validated.
   */
  private async prepare(ctx: RequestContext, setup: ImportSetup, cells: Cells, line: number): Promise<PreparedRow> {
    const { definition, archive } = setup;
    const report: RowReport = {
      line,
      outcome: 'ERROR',
      id: null,
      slug: null,
      title: (cells.title ?? cells.name ?? '').trim() || null,
      matchedBy: null,
      changes: [],
      problems: [],
      documents: [],
    };
    const done = (outcome: RowOutcome): PreparedRow => {
      report.outcome = report.problems.length ? 'ERROR' : outcome;
      // In the file's column order (a problem about no column of the file last).
      const position = (column: string) => (column in cells ? Object.keys(cells).indexOf(column) : Infinity);
      report.problems.sort((a, b) => position(a.column) - position(b.column));
      if (report.outcome === 'ERROR') report.changes = [];
      return { report, write: null, key: null };
    };
    try {
      // Values as the API takes them.
      const values: Record<string, unknown> = {};
      for (const [column, raw] of Object.entries(cells)) {
        if (column === 'id' || column === 'version' || column === 'documents' || setup.exportOnly.has(column) || setup.unknown.includes(column)) continue;
        const text = raw.trim();
        if (text === '') continue;
        const parsed = await this.value(ctx, column, text, cells);
        if (parsed.problem) addProblem(report, column, parsed.problem);
        else values[parsed.field] = parsed.value;
      }
      await this.checkTaxonomy(values, report);
      const documents = this.documentNames(cells);
      if (archive) for (const name of documents) if (!archive.entries.has(name)) addProblem(report, 'documents', `"${name}" is not in the ZIP file`);
      if (!archive && documents.length) addProblem(report, 'documents', 'documents can only be attached from a ZIP import (the CSV and the files together)');

      const found = await this.match(ctx, definition, cells, values);
      if (found.problem) addProblem(report, found.problem.column, found.problem.message);
      const existing = found.record;
      if (!existing) {
        if ('localGovernmentId' in definition.references && !values.localGovernmentId && !hasProblem(report, 'localGovernment') && !found.problem)
          addProblem(report, 'localGovernment', `a new ${definition.label} needs its local government: give its slug (or its name with a country column)`);
        const input = await this.validated<object>(RECORD_INPUTS[definition.type].create, values, report);
        if (!input || report.problems.length) return done('ERROR');
        report.documents = setup.dryRun ? documents.map((n) => basename(n)) : [];
        return { report, write: { kind: 'create', input, documents }, key: `new:${(report.title ?? '').toLowerCase()}` };
      }

      Object.assign(report, { id: existing.id, slug: existing.slug, matchedBy: found.by, title: report.title ?? recordTitleOf(existing) });
      if (report.problems.length) return done('ERROR');
      const changed = await this.changedValues(definition, existing, values, report);
      const newDocuments = await this.newDocuments(ctx, definition, existing.id, documents);
      if (!Object.keys(changed).length && !newDocuments.length) return done('UNCHANGED');
      // Curators change only their own drafts, by import as by hand (an unchanged row is no change).
      access.requireEditable(ctx, existing, definition.label);
      const input = Object.keys(changed).length ? await this.validated<object>(RECORD_INPUTS[definition.type].update, changed, report) : null;
      if (report.problems.length) return done('ERROR');
      report.documents = setup.dryRun ? newDocuments.map((n) => basename(n)) : [];
      // A row exported at an older version must not undo what changed since (the export's `version` column).
      return { report, write: { kind: 'update', id: existing.id, input, expectedVersion: this.versionOfRow(cells), documents: newDocuments }, key: `id:${existing.id}` };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      addAppError(report, definition, error);
      return done('ERROR');
    }
  }

  /**
   * Writes a batch's rows in one transaction, each in a savepoint (a row the service refuses is
   * reported and skipped, the others stay); a dry run rolls the whole batch back. A database that is
   * busy (another process writing) gets the batch again a few times; one that fails otherwise stops
   * the import at the batch's first line. Documents are attached after the commit (file I/O is kept
   * out of the transaction).
   */
  private async writeBatch(ctx: RequestContext, setup: ImportSetup, batch: PreparedRow[]): Promise<RowReport[]> {
    const service = this.stores.serviceOf(setup.definition.type);
    for (let attempt = 0; ; attempt++) {
      // Each attempt starts from the checked rows, not from what a rolled-back attempt reported.
      const reports = batch.map((p) => ({ ...p.report, problems: [...p.report.problems], changes: [...p.report.changes] }));
      try {
        await this.dataSource.transaction(async (m) => {
          for (const [i, prepared] of batch.entries()) {
            const write = prepared.write;
            if (!write) continue;
            const report = reports[i];
            try {
              await m.transaction(async (row) => {
                if (write.kind === 'create') {
                  const created = await service.create(ctx, write.input, row);
                  report.outcome = 'CREATED';
                  if (!setup.dryRun) Object.assign(report, { id: created.id, slug: created.slug });
                } else {
                  if (write.input) await service.update(ctx, write.id, write.input, { within: row, expectedVersion: write.expectedVersion });
                  report.outcome = 'UPDATED';
                }
              });
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
              addAppError(report, setup.definition, error);
              report.outcome = 'ERROR';
              report.changes = [];
              report.documents = [];
            }
          }
          if (setup.dryRun) throw new DryRunRollback();
        });
      } catch (error) {
        if (!(error instanceof DryRunRollback)) {
          if (isBusy(error) && attempt < BUSY_RETRIES) {
            await sleep(100 * 2 ** attempt);
            continue;
          }
          throw new ImportStopped(batch[0].report.line, `the database failed: ${(error as Error).message}`);
        }
      }
      if (!setup.dryRun)
        for (const [i, prepared] of batch.entries()) {
          const write = prepared.write;
          if (write && reports[i].outcome !== 'ERROR' && reports[i].id) await this.attach(ctx, setup, reports[i].id, write.documents, reports[i]);
        }
      return reports;
    }
  }

  /** Every unknown theme, SDG and target group of the row, each named (the service would stop at the first). */
  private async checkTaxonomy(values: Record<string, unknown>, report: RowReport): Promise<void> {
    const words = { themes: 'theme', sdgs: 'SDG', targetGroups: 'target group' } as const;
    for (const kind of ['themes', 'sdgs', 'targetGroups'] as const) {
      const unknown: (string | number)[] = [];
      for (const value of (values[kind] as (string | number)[] | null | undefined) ?? []) {
        try {
          await this.links.validate({ [kind]: [value] });
        } catch (error) {
          if (!(error instanceof BadUserInputError)) throw error;
          unknown.push(value);
        }
      }
      const listed = unknown.map((v) => (typeof v === 'number' ? String(v) : `"${v}"`)).join(', ');
      if (unknown.length) addProblem(report, kind, `there is no ${words[kind]} ${listed}`, { rule: 'unknownValues', values: listed });
    }
  }

  private versionOfRow(cells: Cells): number | null {
    const raw = cells.version?.trim();
    return raw && /^\d+$/.test(raw) ? Number(raw) : null;
  }

  /** A cell as the API's value: lists split on ";", numbers, references by slug (or a local government by name and country). */
  private async value(ctx: RequestContext, column: string, text: string, cells: Cells): Promise<{ field: string; value?: unknown; problem?: string }> {
    if (text === CLEAR)
      return { field: column === 'localGovernment' || column === 'actionPlan' ? `${column}Id` : column, value: column === 'sdgs' || cellKind(column) === 'list' ? [] : null };
    if (column === 'localGovernment') {
      const place = await this.placeBy(ctx, text, cells.country);
      return place
        ? { field: 'localGovernmentId', value: place.id }
        : { field: 'localGovernmentId', problem: `there is no local government "${text}": give its slug, or its name with a country column` };
    }
    if (column === 'actionPlan') {
      const plan = await this.findOne(ctx, RecordType.ACTION_PLAN, { slug: text });
      return plan ? { field: 'actionPlanId', value: plan.id } : { field: 'actionPlanId', problem: `there is no action plan with the slug "${text}"` };
    }
    // Enum values as people type them: "human rights", "Human_Rights" are HUMAN_RIGHTS.
    if (column === 'kind' || column === 'lifecycle') return { field: column, value: text.toUpperCase().replace(/[\s-]+/g, '_') };
    const kind = cellKind(column);
    if (kind === 'numbers') {
      const parts = text
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean);
      if (parts.some((p) => !/^\d+$/.test(p))) return { field: column, problem: `"${text}" is not a list of numbers separated by ";" (e.g. 5;11;16)` };
      return { field: column, value: parts.map(Number) };
    }
    if (kind === 'list')
      return {
        field: column,
        value: text
          .split(';')
          .map((p) => unneutralised(p.trim()))
          .filter(Boolean),
      };
    if (kind === 'number') {
      const n = Number(text.replace(',', '.'));
      return Number.isFinite(n) ? { field: column, value: n } : { field: column, problem: `"${text}" is not a number` };
    }
    return { field: column, value: unneutralised(text) };
  }

  private async placeBy(ctx: RequestContext, text: string, country: string | undefined): Promise<CatalogueRecord | null> {
    const bySlug = await this.findOne(ctx, RecordType.LOCAL_GOVERNMENT, { slug: text });
    if (bySlug || !country?.trim()) return bySlug;
    return (await this.findable(ctx, RecordType.LOCAL_GOVERNMENT))
      .andWhere('LOWER(lg.name) = LOWER(:name) AND lg.country_code = :country', { name: text, country: country.trim().toUpperCase() })
      .getOne();
  }

  /**
   * The records an import may find: what the importing user may see. The system (the CLI without
   * --as) sees every record: it creates drafts, and must find them again on the next run.
   */
  private async findable(ctx: RequestContext, type: RecordType): Promise<SelectQueryBuilder<CatalogueRecord>> {
    const reads = this.stores.of(type).reads;
    return ctx.isSystem ? reads.query() : reads.visibleQuery(ctx, null);
  }

  private async findOne(ctx: RequestContext, type: RecordType, by: { id: string } | { slug: string }): Promise<CatalogueRecord | null> {
    const reads = this.stores.of(type).reads;
    if (!ctx.isSystem) return reads.findVisible(ctx, by);
    const a = reads.definition.target.alias;
    return reads
      .query()
      .andWhere('id' in by ? `${a}.id = :lookupId` : `${a}.slug = :lookupSlug`, 'id' in by ? { lookupId: by.id } : { lookupSlug: by.slug })
      .getOne();
  }

  /** The record a row stands for: by id, by slug, else by its natural key (over values whose references are resolved). */
  private async match(
    ctx: RequestContext,
    definition: RecordDefinition<CatalogueRecord>,
    cells: Cells,
    values: Record<string, unknown>,
  ): Promise<{ record: CatalogueRecord | null; by: RowReport['matchedBy']; problem?: { column: string; message: string } }> {
    const id = cells.id?.trim();
    if (id) {
      const record = /^[0-9a-f-]{36}$/i.test(id) ? await this.findOne(ctx, definition.type, { id }) : null;
      return record
        ? { record, by: 'id' }
        : { record: null, by: null, problem: { column: 'id', message: `there is no ${definition.label} with the id "${id}" (leave the id empty to create one)` } };
    }
    const slug = cells.slug?.trim();
    if (slug) {
      const record = await this.findOne(ctx, definition.type, { slug });
      if (record) return { record, by: 'slug' };
    }
    const qb = await this.findable(ctx, definition.type);
    if (!NATURAL_KEYS[definition.type](qb, definition.target.alias, values)) return { record: null, by: null };
    const matches = await qb.limit(2).getMany();
    if (matches.length > 1) return { record: null, by: null, problem: { column: 'slug', message: `${matches.length} records match this row's natural key: give its id or slug` } };
    return matches.length ? { record: matches[0], by: 'natural key' } : { record: null, by: null };
  }

  /** The row's values that differ from the record (the update it needs), each change reported. */
  private async changedValues(
    definition: RecordDefinition<CatalogueRecord>,
    record: CatalogueRecord,
    values: Record<string, unknown>,
    report: RowReport,
  ): Promise<Record<string, unknown>> {
    const current: Record<string, unknown> = { ...record };
    if (definition.type === RecordType.LOCAL_GOVERNMENT) current.country = (record as { countryCode?: string }).countryCode;
    if (isTagged(definition.type)) {
      const [themes, sdgs, groups] = await Promise.all([
        this.links.refsOf(definition.type, 'themes', [record.id]),
        this.links.refsOf(definition.type, 'sdgs', [record.id]),
        this.links.refsOf(definition.type, 'targetGroups', [record.id]),
      ]);
      Object.assign(current, { themes: themes[0], sdgs: sdgs[0].map(Number), targetGroups: groups[0] });
    }
    const changed: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(values)) {
      if (same(current[field], value)) continue;
      changed[field] = value;
      report.changes.push({ field, before: text(current[field]), after: text(value) });
    }
    return changed;
  }

  private documentNames(cells: Cells): string[] {
    return (cells.documents ?? '')
      .split(';')
      .map((n) => n.trim())
      .filter(Boolean);
  }

  /** The named documents not attached yet (by file name), so a second import attaches nothing again. */
  private async newDocuments(ctx: RequestContext, definition: RecordDefinition<CatalogueRecord>, recordId: string, names: string[]): Promise<string[]> {
    if (!names.length || !holdsDocuments(definition.type)) return [];
    const attached = new Set((await this.documents.ofRecord(ctx, definition.type, recordId)).map((d) => d.filename));
    return names.filter((n) => !attached.has(basename(n)));
  }

  /** Attaches a row's documents from the ZIP, after its batch is committed; a document refused is the row's error (its record stays written). */
  private async attach(ctx: RequestContext, setup: ImportSetup, recordId: string, names: string[], report: RowReport): Promise<void> {
    if (!setup.archive || !names.length) return;
    try {
      for (const name of names) {
        // in a folder of its own: the document keeps the file's own name
        const renamed = join(mkdtempSync(join(setup.scratch, 'doc-')), basename(name));
        writeFileSync(renamed, await setup.archive.read(name, 'ZIP file'));
        await this.documents.attachLocalFile(ctx, renamed, { recordType: setup.definition.type, recordId });
        report.documents.push(basename(name));
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      addAppError(report, setup.definition, error);
      report.outcome = 'ERROR';
    }
  }

  /** The service's input, or null with each field's problem in plain words on the report. */
  private async validated<T extends object>(cls: new () => T, values: Record<string, unknown>, report: RowReport): Promise<T | null> {
    try {
      return await validatePlain(cls, values, 'input');
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      for (const p of (error.details.problems as FieldProblem[] | undefined) ?? []) {
        const field = p.field.replace(/^input\./, '').replace(/\[\d+\]$/, '');
        addProblem(report, columnOf(field), ...plainProblem(field, p, values[field]));
      }
      return null;
    }
  }
}

/** A row's problem, one per column (the first rule it breaks: an empty summary is also "not a string"…). */
function addProblem(report: RowReport, column: string, message: string, how: Omit<RowProblem, 'column' | 'message'> = {}): void {
  if (!hasProblem(report, column)) report.problems.push({ column, message, ...how });
}

function hasProblem(report: RowReport, column: string): boolean {
  return report.problems.some((p) => p.column === column);
}

/** A refusal of the service (or of the version check) as the row's problems. */
function addAppError(report: RowReport, definition: RecordDefinition<CatalogueRecord>, error: AppError): void {
  if (error.code === 'CONFLICT') {
    addProblem(report, 'version', `this ${definition.label} changed after the file was exported (${error.message}): export it again, or empty the version cell to overwrite`);
    return;
  }
  const problems = (error.details.problems as FieldProblem[] | undefined) ?? [
    { field: typeof error.details.field === 'string' ? error.details.field : 'row', message: error.message },
  ];
  for (const p of problems) {
    const field = p.field.replace(/^input\./, '').replace(/\[\d+\]$/, '');
    addProblem(report, columnOf(field), ...plainProblem(field, p, undefined));
  }
}

/** A field's name in words ("localGovernmentId" → "local government", "sourceUrl" → "source URL"). */
function words(field: string): string {
  return field
    .replace(/Id$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\burl\b/, 'URL')
    .replace(/\bsdgs\b/, 'SDGs');
}

/**
 * A validation message in plain words that a spreadsheet user can act on: "the title is empty"
 * rather than "title must be a string", the field said in words rather than as its API name.
 */
function plainProblem(field: string, problem: FieldProblem, value: unknown): [message: string, how: { rule?: string }] {
  const name = words(field);
  const empty: [string, { rule: string }] = [`the ${name} is empty`, { rule: 'isNotEmpty' }];
  if (value === undefined && ['isString', 'isNotEmpty', 'isDefined', 'isEnum', 'isUuid', 'isInt', 'isNumber', 'isIn', 'required'].includes(problem.rule ?? '')) return empty;
  const choices = /must be one of the following values: (.*)$/.exec(problem.message);
  if (choices) return [`"${text(value)}" is not a ${name}: use one of ${choices[1]}`, { rule: problem.rule }];
  if (problem.rule === 'isNotEmpty') return empty;
  // "startYear must be a year between 1900 and 2100" → "the start year must be a year between 1900 and 2100"
  return [problem.message.replace(new RegExp(`^(input\\.)?${field}\\b`), `the ${name}`), { rule: problem.rule }];
}

/** PAYLOAD_TOO_LARGE about the file (413 on the page, a plain message); `details` name the limit, for pages in other languages. */
function tooLarge(message: string, details: Record<string, unknown>): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', message, { field: 'file', ...details });
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1048576) * 10) / 10} MB`;
}

/** Whether the database refused a write because another connection held it (SQLite across processes). */
function isBusy(error: unknown): boolean {
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  return String(code).startsWith('SQLITE_BUSY') || name === 'SqliteBusyError' || /database is locked|SQLITE_BUSY/i.test(String(message));
}

/** Thrown inside a dry run's transaction once the service has accepted the row: rolls everything back. */
class DryRunRollback extends Error {}

type KeyQuery = SelectQueryBuilder<CatalogueRecord>;

/** `column` equal to the row's value, ignoring case; an empty value matches an empty column. */
function sameText(qb: KeyQuery, a: string, column: string, value: unknown, param: string): void {
  if (value == null || value === '') qb.andWhere(`${a}.${column} IS NULL`);
  else qb.andWhere(`LOWER(${a}.${column}) = LOWER(:${param})`, { [param]: text(value) });
}

/**
 * How a row without id or slug finds its record (exhaustive: a new record type says its own). Each
 * narrows the query and says whether the row has the key's fields at all (no key: a new record).
 */
const NATURAL_KEYS: { [K in RecordType]: (qb: KeyQuery, alias: string, values: Record<string, unknown>) => boolean } = {
  // a plan or a practice: its local government and its title
  [RecordType.ACTION_PLAN]: (qb, a, v) => placedTitle(qb, a, v),
  [RecordType.GOOD_PRACTICE]: (qb, a, v) => placedTitle(qb, a, v),
  // a tool: title, publisher and year
  [RecordType.TOOL]: (qb, a, v) => {
    if (!v.title) return false;
    sameText(qb, a, 'title', v.title, 'naturalTitle');
    sameText(qb, a, 'publisher', v.publisher, 'naturalPublisher');
    if (v.year == null) qb.andWhere(`${a}.year IS NULL`);
    else qb.andWhere(`${a}.year = :naturalYear`, { naturalYear: v.year });
    return true;
  },
  // a local government: name and country
  [RecordType.LOCAL_GOVERNMENT]: (qb, a, v) => {
    if (!v.name || !v.country) return false;
    sameText(qb, a, 'name', v.name, 'naturalName');
    qb.andWhere(`${a}.country_code = :naturalCountry`, { naturalCountry: text(v.country).toUpperCase() });
    return true;
  },
};

function placedTitle(qb: KeyQuery, a: string, v: Record<string, unknown>): boolean {
  if (!v.title || !v.localGovernmentId) return false;
  sameText(qb, a, 'title', v.title, 'naturalTitle');
  qb.andWhere(`${a}.local_government_id = :naturalPlace`, { naturalPlace: v.localGovernmentId });
  return true;
}

function recordTitleOf(record: CatalogueRecord): string | null {
  return (record as { title?: string }).title ?? (record as { name?: string }).name ?? null;
}

/** The CSV column an API field problem is about ("input.localGovernmentId" → "localGovernment"). */
function columnOf(field: string): string {
  const name = field.replace(/^input\./, '').replace(/\[\d+\]$/, '');
  return name === 'localGovernmentId' ? 'localGovernment' : name === 'actionPlanId' ? 'actionPlan' : name;
}

/** A cell value as text (values here are strings, numbers, dates or lists of those). */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return (value as unknown[]).map(text).join(';');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

/** Whether a row's value is what the record holds (empty, null and [] alike; lists in any order). */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) return null;
    if (Array.isArray(v)) return (v as unknown[]).map(text).sort();
    return typeof v === 'number' ? v : text(v);
  };
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
