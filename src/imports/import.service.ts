import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Request } from 'express';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { validatePlain } from '../common/validation';
import { DocumentsService } from '../documents/documents.service';
import { ZipArchive } from '../documents/extraction/zip-archive';
import { decodeText } from '../documents/formats/text-decoding';
import { receiveUpload } from '../documents/multipart-upload';
import { BLOB_STORAGE, type BlobStorage } from '../documents/storage/blob-storage';
import { cellKind, exportColumns } from '../exports/export-columns';
import { unneutralised } from '../exports/export-formats';

/** Largest import file (a CSV, or a ZIP with its documents). */
const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/** Most rows one import takes. */
const MAX_IMPORT_ROWS = 5000;
/** The literal that clears a field on update (an empty cell keeps it). */
const CLEAR = 'NULL';

type RowOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'ERROR';

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
  problems: { column: string; message: string }[];
  /** Documents attached (ZIP imports). */
  documents: string[];
}

export interface ImportReport {
  type: RecordType;
  dryRun: boolean;
  rows: RowReport[];
  counts: Record<RowOutcome, number>;
  /** Columns the import does not know (reported, not silently dropped); export-only ones are not listed. */
  unknownColumns: string[];
  ignoredColumns: string[];
}

type Cells = Record<string, string>;

/**
 * One import engine for the CLI and the workspace page: a CSV in the export's columns (or a ZIP with
 * that CSV and the documents its `documents` column names) creates drafts and updates existing
 * records — by id, slug, or natural key (a plan or practice: its local government and title; a tool:
 * title, publisher and year; a local government: name and country) — so importing the same
 * spreadsheet twice changes nothing the second time. Each row goes through the record type's service
 * (the API's validation and access rules, audit attributed to the importing user) in its own
 * transaction; a dry run reports the same without writing.
 */
@Injectable()
@ActsOnBehalf()
export class ImportService {
  constructor(
    private readonly stores: RecordStores,
    private readonly links: TaxonomyLinksService,
    private readonly documents: DocumentsService,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    private readonly dataSource: DataSource,
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
      if (file.staged.truncated) throw new BadUserInputError('file', `the file is larger than ${MAX_IMPORT_BYTES / 1048576} MB`);
      const bytes = readFileSync(file.staged.path);
      return await this.run(ctx, this.typeOf(fields.type ?? ''), { bytes, filename: file.filename }, { dryRun: fields.dryRun === 'on' || fields.dryRun === 'true' });
    } finally {
      if (file) await this.storage.discard(file.staged).catch(() => undefined);
    }
  }

  /** The record type of an export collection name (`action-plans`), or BAD_USER_INPUT. */
  typeOf(collection: string): RecordType {
    const found = definitionOfCollection(collection) ?? RECORD_DEFINITIONS.find((d) => d.type === collection);
    if (!found) throw new BadUserInputError('type', `the type must be one of ${RECORD_DEFINITIONS.map((d) => d.collection).join(', ')} (got "${collection}")`);
    return found.type;
  }

  async run(
    ctx: RequestContext,
    type: RecordType,
    file: { bytes: Buffer; filename: string },
    options: { dryRun: boolean },
    progress?: (done: number, total: number) => void,
  ): Promise<ImportReport> {
    access.require(ctx, Role.CURATOR, 'Importing records');
    if (file.bytes.length > MAX_IMPORT_BYTES) throw new BadUserInputError('file', `the file is larger than ${MAX_IMPORT_BYTES / 1048576} MB`);
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
          throw new BadUserInputError('file', error.message);
        });
        const csvs = [...archive.entries.keys()].filter((n) => /\.csv$/i.test(n) && !n.startsWith('__MACOSX/'));
        if (csvs.length !== 1) throw new BadUserInputError('file', `the ZIP must hold exactly one .csv file (it holds ${csvs.length})`);
        csvBytes = await archive.read(csvs[0], 'ZIP file');
      }
      const read = this.readCsv(csvBytes);
      const columns = exportColumns(definition, { withStatus: true });
      const known = new Set(columns.map((c) => c.name));
      if (holdsDocuments(type)) known.add('documents');
      // Column names as the export writes them, whatever their case ("Title" is title).
      const canonical = (name: string) => [...known].find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
      const header = read.header.map(canonical);
      const rows = read.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [canonical(k), v])));
      const exportOnly = new Set(columns.filter((c) => c.exportOnly).map((c) => c.name));
      const unknownColumns = header.filter((c) => !known.has(c));
      const ignoredColumns = header.filter((c) => exportOnly.has(c));
      const reports: RowReport[] = [];
      for (const [index, cells] of rows.entries()) {
        reports.push(await this.row(ctx, definition, cells, index + 2, exportOnly, unknownColumns, archive, scratch, options.dryRun));
        progress?.(index + 1, rows.length);
      }
      const counts: Record<RowOutcome, number> = { CREATED: 0, UPDATED: 0, UNCHANGED: 0, ERROR: 0 };
      for (const r of reports) counts[r.outcome] += 1;
      return { type, dryRun: options.dryRun, rows: reports, counts, unknownColumns, ignoredColumns };
    } finally {
      archive?.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** UTF-8 (with or without BOM) or UTF-16 with its BOM, else the spreadsheet's legacy encoding (Windows-1252). */
  private readCsv(bytes: Buffer): { header: string[]; rows: Cells[] } {
    // A spreadsheet's legacy encoding is Windows-1252 far more often than a guess would say.
    const content = decodeText(bytes, false, 'windows-1252');
    // Excel in many locales writes ";" between cells: take whichever separates the header.
    const firstLine = content.slice(0, content.search(/\r?\n|$/));
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    let records: string[][];
    try {
      records = parse(content, { delimiter, relax_column_count: false, skip_empty_lines: true });
    } catch (error) {
      throw new BadUserInputError('file', `the file is not a readable CSV: ${(error as Error).message}`);
    }
    if (!records.length) throw new BadUserInputError('file', 'the file is empty: it needs a header row with column names such as id, slug, title');
    const header = records[0].map((h) => h.trim());
    if (records.length - 1 > MAX_IMPORT_ROWS)
      throw new BadUserInputError('file', `the file has ${records.length - 1} rows, more than the ${MAX_IMPORT_ROWS} one import takes: split it`);
    const duplicate = header.find((h, i) => header.indexOf(h) !== i);
    if (duplicate) throw new BadUserInputError('file', `the column "${duplicate}" appears twice in the header`);
    return { header, rows: records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
  }

  private async row(
    ctx: RequestContext,
    definition: RecordDefinition<CatalogueRecord>,
    cells: Cells,
    line: number,
    exportOnly: Set<string>,
    unknown: string[],
    archive: ZipArchive | null,
    scratch: string,
    dryRun: boolean,
  ): Promise<RowReport> {
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
    const fail = (column: string, message: string) => {
      // One problem per column: the first rule it breaks (an empty summary is also "not a string"…).
      if (!report.problems.some((p) => p.column === column)) report.problems.push({ column, message });
      return report;
    };
    const service = this.stores.serviceOf(definition.type);
    try {
      // Values as the API takes them.
      const values: Record<string, unknown> = {};
      for (const [column, raw] of Object.entries(cells)) {
        if (column === 'id' || column === 'version' || column === 'documents' || exportOnly.has(column) || unknown.includes(column)) continue;
        const text = raw.trim();
        if (text === '') continue;
        const parsed = await this.value(ctx, column, text, cells);
        if (parsed.problem) fail(column, parsed.problem);
        else values[parsed.field] = parsed.value;
      }
      if (report.problems.length) return report;

      const found = await this.match(ctx, definition, cells, values);
      if (found.problem) return fail(found.problem.column, found.problem.message);
      const existing = found.record;
      const documents = this.documentNames(cells);
      if (archive) for (const name of documents) if (!archive.entries.has(name)) fail('documents', `"${name}" is not in the ZIP file`);
      if (!archive && documents.length) fail('documents', 'documents can only be attached from a ZIP import (the CSV and the files together)');
      if (report.problems.length) return report;

      if (!existing) {
        if ('localGovernmentId' in definition.references && !values.localGovernmentId) {
          return fail('localGovernment', `a new ${definition.label} needs its local government: give its slug (or its name with a country column)`);
        }
        const input = await this.validated<object>(RECORD_INPUTS[definition.type].create, values, report);
        if (!input) return report;
        // The service's own checks (taxonomy slugs, periods, slugs taken…) run in a dry run too: its transaction is rolled back.
        const created = await this.inTransaction(dryRun, (m) => service.create(ctx, input, m));
        report.outcome = 'CREATED';
        if (dryRun) {
          report.documents = documents.map((n) => basename(n));
          return report;
        }
        Object.assign(report, { id: created.id, slug: created.slug });
        await this.attach(ctx, definition, created.id, documents, archive, scratch, report);
        return report;
      }

      Object.assign(report, { id: existing.id, slug: existing.slug, matchedBy: found.by, title: report.title ?? recordTitleOf(existing) });
      const changed = await this.changedValues(definition, existing, values, report);
      const newDocuments = await this.newDocuments(ctx, definition, existing.id, documents);
      if (!Object.keys(changed).length && !newDocuments.length) {
        report.outcome = 'UNCHANGED';
        return report;
      }
      // Curators change only their own drafts, by import as by hand (an unchanged row is no change).
      access.requireEditable(ctx, existing, definition.label);
      const input = await this.validated<object>(RECORD_INPUTS[definition.type].update, changed, report);
      if (!input) return report;
      // A row exported at an older version must not undo what changed since (the export's `version` column).
      const expectedVersion = this.versionOfRow(cells);
      if (Object.keys(changed).length) await this.inTransaction(dryRun, (m) => service.update(ctx, existing.id, input, { within: m, expectedVersion }));
      report.outcome = 'UPDATED';
      if (dryRun) {
        report.documents = newDocuments.map((n) => basename(n));
        return report;
      }
      await this.attach(ctx, definition, existing.id, newDocuments, archive, scratch, report);
      return report;
    } catch (error) {
      report.outcome = 'ERROR';
      report.changes = [];
      if (error instanceof AppError && error.code === 'CONFLICT') {
        report.problems.push({
          column: 'version',
          message: `this ${definition.label} changed after the file was exported (${error.message}): export it again, or empty the version cell to overwrite`,
        });
        return report;
      }
      if (error instanceof AppError) {
        const problems = (error.details.problems as FieldProblem[] | undefined) ?? [
          { field: typeof error.details.field === 'string' ? error.details.field : 'row', message: error.message },
        ];
        for (const p of problems) report.problems.push({ column: columnOf(p.field), message: p.message });
        return report;
      }
      throw error;
    }
  }

  /** Runs a row's write in its own transaction; a dry run's is rolled back after the service has checked everything. */
  private async inTransaction<T>(dryRun: boolean, work: (m: EntityManager) => Promise<T>): Promise<T> {
    let result: T | undefined;
    try {
      await this.dataSource.transaction(async (m) => {
        result = await work(m);
        if (dryRun) throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return result as T;
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
        : { field: 'localGovernmentId', problem: `no local government "${text}" (give its slug, or its name with a country column)` };
    }
    if (column === 'actionPlan') {
      const plan = await this.stores.of(RecordType.ACTION_PLAN).reads.findVisible(ctx, { slug: text });
      return plan ? { field: 'actionPlanId', value: plan.id } : { field: 'actionPlanId', problem: `no action plan with the slug "${text}"` };
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
    const reads = this.stores.of(RecordType.LOCAL_GOVERNMENT).reads;
    const bySlug = await reads.findVisible(ctx, { slug: text });
    if (bySlug || !country?.trim()) return bySlug;
    const qb = await reads.visibleQuery(ctx, null);
    return qb.andWhere('LOWER(lg.name) = LOWER(:name) AND lg.country_code = :country', { name: text, country: country.trim().toUpperCase() }).getOne();
  }

  /** The record a row stands for: by id, by slug, else by its natural key. */
  private async match(
    ctx: RequestContext,
    definition: RecordDefinition<CatalogueRecord>,
    cells: Cells,
    values: Record<string, unknown>,
  ): Promise<{ record: CatalogueRecord | null; by: RowReport['matchedBy']; problem?: { column: string; message: string } }> {
    const reads = this.stores.of(definition.type).reads;
    const id = cells.id?.trim();
    if (id) {
      const record = /^[0-9a-f-]{36}$/i.test(id) ? await reads.findVisible(ctx, { id }) : null;
      return record
        ? { record, by: 'id' }
        : { record: null, by: null, problem: { column: 'id', message: `no ${definition.label} with the id "${id}" (leave the id empty to create one)` } };
    }
    const slug = cells.slug?.trim();
    if (slug) {
      const record = await reads.findVisible(ctx, { slug });
      if (record) return { record, by: 'slug' };
    }
    const qb = await reads.visibleQuery(ctx, null);
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

  private async attach(
    ctx: RequestContext,
    definition: RecordDefinition<CatalogueRecord>,
    recordId: string,
    names: string[],
    archive: ZipArchive | null,
    scratch: string,
    report: RowReport,
  ): Promise<void> {
    if (!archive || !names.length) return;
    for (const name of names) {
      // in a folder of its own: the document keeps the file's own name
      const renamed = join(mkdtempSync(join(scratch, 'doc-')), basename(name));
      writeFileSync(renamed, await archive.read(name, 'ZIP file'));
      await this.documents.attachLocalFile(ctx, renamed, { recordType: definition.type, recordId });
      report.documents.push(basename(name));
    }
  }

  private async validated<T extends object>(cls: new () => T, values: Record<string, unknown>, report: RowReport): Promise<T | null> {
    try {
      return await validatePlain(cls, values, 'input');
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      const problems = (error.details.problems as FieldProblem[] | undefined) ?? [];
      for (const p of problems) if (!report.problems.some((q) => q.column === columnOf(p.field))) report.problems.push({ column: columnOf(p.field), message: p.message });
      report.outcome = 'ERROR';
      report.changes = [];
      return null;
    }
  }
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
