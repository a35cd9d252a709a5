import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RequestContext } from '../src/accounts/request-context';
import { Role } from '../src/accounts/actor';
import { AuditEntry } from '../src/accounts/entities/audit-entry.entity';
import { RecordType } from '../src/catalogue/enums';
import { ImportReport, ImportService } from '../src/imports/import.service';
import { importReportCsv, importSummary } from '../src/imports/import-report';
import { makePdf, makeZip } from './fixtures/sample-documents';
import { factories } from './helpers/factories';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './helpers/test-app';

const ROOT = join(__dirname, '..');

/** Bulk import as curators use it: a network's spreadsheet, loaded, corrected and loaded again. */
describe('bulk import: creates, updates by id, slug or natural key, and changes nothing the second time', () => {
  let t: TestApp;
  let imports: ImportService;
  let place: { slug: string; name: string; country: string };
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-import-test-'));

  beforeAll(async () => {
    t = await startTestApp();
    imports = t.app.get(ImportService);
    const lg = (await t.gql(`{ localGovernments(limit: 1) { items { slug name country { code } } } }`)).data.localGovernments.items[0];
    place = { slug: lg.slug, name: lg.name, country: lg.country.code };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const ctxOf = (role: 'editor' | 'curator' | 'otherCurator' | 'system') =>
    role === 'system'
      ? RequestContext.system('import')
      : RequestContext.forRequest({ userId: t.users[role].id, email: t.users[role].email, role: role === 'editor' ? Role.EDITOR : Role.CURATOR, via: 'session' });
  const run = (csv: string | Buffer, options: { dryRun?: boolean; as?: 'editor' | 'curator' | 'otherCurator' | 'system'; type?: RecordType } = {}): Promise<ImportReport> =>
    imports.run(
      ctxOf(options.as ?? 'editor'),
      options.type ?? RecordType.ACTION_PLAN,
      { bytes: Buffer.isBuffer(csv) ? csv : Buffer.from(csv), filename: 'plans.csv' },
      { dryRun: options.dryRun ?? false },
    );
  const plansCsv = (rows: string[]) => ['title,summary,kind,lifecycle,localGovernment,sdgs,themes,adoptionDate', ...rows].join('\r\n');

  it('dry run reports every row and writes nothing; the real run creates drafts; the second run changes nothing', async () => {
    const csv = plansCsv([
      `Network plan one,A plan of the network.,HUMAN_RIGHTS,ADOPTED,${place.slug},11;16,participation,2021-05-01`,
      `Network plan two,Another plan.,EQUALITY,IN_PREPARATION,${place.slug},5,,`,
      `Broken plan,No kind.,NOT_A_KIND,ADOPTED,${place.slug},,,`,
      `Nowhere plan,Unknown place.,EQUALITY,ADOPTED,no-such-town,,,`,
    ]);
    const before = await t.app.get(DataSource).manager.count(AuditEntry);
    const dry = await run(csv, { dryRun: true });
    expect(dry.counts).toEqual({ CREATED: 2, UPDATED: 0, UNCHANGED: 0, ERROR: 2 });
    expect(dry.rows.map((r) => [r.line, r.outcome])).toEqual([
      [2, 'CREATED'],
      [3, 'CREATED'],
      [4, 'ERROR'],
      [5, 'ERROR'],
    ]);
    expect(dry.rows[2].problems[0]).toMatchObject({ column: 'kind' });
    expect(dry.rows[3].problems[0]).toMatchObject({ column: 'localGovernment', message: expect.stringMatching(/no local government "no-such-town"/) });
    expect(await t.app.get(DataSource).manager.count(AuditEntry)).toBe(before);
    expect(
      (await t.gql(`{ actionPlans(filter: {}, limit: 100) { items { title } } }`, {}, { as: 'editor' })).data.actionPlans.items.map((i: { title: string }) => i.title),
    ).not.toContain('Network plan one');

    const real = await run(csv);
    expect(real.counts).toEqual({ CREATED: 2, UPDATED: 0, UNCHANGED: 0, ERROR: 2 });
    const created = await t.gql(
      `query($id: ID!) { actionPlan(id: $id) { title status sdgs { number } themes { slug } localGovernment { slug } } }`,
      { id: real.rows[0].id },
      { as: 'editor' },
    );
    expect(created.data.actionPlan).toMatchObject({ title: 'Network plan one', status: 'DRAFT', localGovernment: { slug: place.slug } });
    expect(created.data.actionPlan.sdgs.map((s: { number: number }) => s.number).sort()).toEqual([11, 16]);
    const audit = await t.app.get(DataSource).manager.findOne(AuditEntry, { where: { recordId: real.rows[0].id! } });
    expect(audit?.userId).toBe(t.users.editor.id);

    const again = await run(csv);
    expect(again.counts).toEqual({ CREATED: 0, UPDATED: 0, UNCHANGED: 2, ERROR: 2 });
    expect(again.rows.slice(0, 2).map((r) => r.matchedBy)).toEqual(['natural key', 'natural key']);
  });

  it('dry runs go through the same service checks as the real run (then roll back)', async () => {
    const csv = plansCsv([`Unknown theme plan,A plan.,EQUALITY,ADOPTED,${place.slug},,no-such-theme,`, `Backwards plan,A plan.,EQUALITY,ADOPTED,${place.slug},,,`])
      .replace('adoptionDate', 'adoptionDate,periodStart,periodEnd')
      .replace(/,\r\n/g, ',,,\r\n')
      .concat(',2030,2020');
    const dry = await run(csv, { dryRun: true });
    const real = await run(csv);
    expect(dry.rows.map((r) => [r.outcome, r.problems.map((p) => p.column)])).toEqual(real.rows.map((r) => [r.outcome, r.problems.map((p) => p.column)]));
    expect(dry.rows.map((r) => r.outcome)).toEqual(['ERROR', 'ERROR']);
    expect(dry.rows[0].problems[0]).toMatchObject({ column: 'themes', message: expect.stringMatching(/no-such-theme/) });
  });

  it('an export with rows added without ids, imported twice as the CLI does (the system), creates nothing the second time (every record type)', async () => {
    const added: Record<string, Record<string, string>[]> = {
      'action-plans': [{ title: 'Added plan of the network', summary: 'Added to the export.', kind: 'EQUALITY', lifecycle: 'ADOPTED', localGovernment: place.slug }],
      'good-practices': [{ title: 'Added practice of the network', summary: 'Added to the export.', startYear: '2020', localGovernment: place.slug, themes: 'participation' }],
      tools: [{ title: 'Added tool of the network', kind: 'GUIDE', publisher: 'Added publisher', year: '2023', summary: 'Added to the export.' }],
      'local-governments': [{ name: 'Added town of the network', kind: 'CITY', country: place.country }],
    };
    for (const [collection, rows] of Object.entries(added)) {
      const exported = (await t.http().get(`/export/${collection}.csv`).set('authorization', t.bearer('editor'))).text;
      const header = exported.split('\r\n')[0].split(',');
      const extra = rows.map((cells) => header.map((column) => cells[column] ?? '').join(',')).join('\r\n');
      const file = `${exported}${extra}\r\n`;
      const type = imports.typeOf(collection);
      // without --as the CLI acts as the system: the drafts it created must be found again
      const first = await run(file, { type, as: 'system' });
      expect({ collection, counts: first.counts }).toEqual({ collection, counts: { CREATED: rows.length, UPDATED: 0, UNCHANGED: first.rows.length - rows.length, ERROR: 0 } });
      const second = await run(file, { type, as: 'system' });
      expect({ collection, counts: second.counts }).toEqual({ collection, counts: { CREATED: 0, UPDATED: 0, UNCHANGED: second.rows.length, ERROR: 0 } });
      expect(second.rows.slice(-rows.length).map((r) => [r.matchedBy, r.id])).toEqual(first.rows.slice(-rows.length).map((r) => ['natural key', r.id]));
    }
  });

  it('reports every problem of a row in plain words that name the column', async () => {
    const csv = plansCsv([`,A plan without a title.,EQUALITY,ADOPTED,${place.slug},5;18,no-such-theme,`, `Undated plan,A plan.,NOT_A_KIND,ADOPTED,no-such-town,,,2021-13-45`]);
    const report = await run(csv, { dryRun: true });
    // in the file's column order
    expect(report.rows[0].problems).toEqual([
      { column: 'title', message: 'the title is empty', rule: 'isNotEmpty' },
      { column: 'sdgs', message: 'there is no SDG 18', rule: 'unknownValues', values: '18' },
      { column: 'themes', message: 'there is no theme "no-such-theme"', rule: 'unknownValues', values: '"no-such-theme"' },
    ]);
    expect(report.rows[1].problems).toMatchObject([
      { column: 'kind', message: expect.stringMatching(/^"NOT_A_KIND" is not a kind: use one of HUMAN_RIGHTS, /) },
      { column: 'localGovernment', message: 'there is no local government "no-such-town": give its slug, or its name with a country column' },
      { column: 'adoptionDate', message: 'the adoption date must be a valid calendar date as YYYY-MM-DD' },
    ]);
    expect(importReportCsv(report)).toContain('Column title: the title is empty');
  });

  it('writes in batches: a row the database fails on stops the import at its batch, reported; a re-run completes it without duplicates', async () => {
    const dataSource = t.app.get(DataSource);
    const marker = 'Database-refused guide';
    if (t.engine === 'postgres') {
      await dataSource.query(
        `CREATE FUNCTION refuse_marked_tools() RETURNS trigger AS $$ BEGIN IF NEW.title = '${marker}' THEN RAISE EXCEPTION 'tool refused by the test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await dataSource.query(`CREATE TRIGGER refuse_tools BEFORE INSERT ON tool FOR EACH ROW EXECUTE FUNCTION refuse_marked_tools()`);
    } else {
      await dataSource.query(`CREATE TRIGGER refuse_tools BEFORE INSERT ON tool WHEN NEW.title = '${marker}' BEGIN SELECT RAISE(ABORT, 'tool refused by the test trigger'); END`);
    }
    const titles = Array.from({ length: 250 }, (_, i) => (i === 149 ? marker : `Batched guide ${i + 1}`));
    const csv = ['title,kind,summary', ...titles.map((title) => `${title},GUIDE,One of many.`)].join('\n');
    const progress: number[] = [];
    const first = await imports.run(ctxOf('editor'), RecordType.TOOL, { bytes: Buffer.from(csv), filename: 'tools.csv' }, { dryRun: false }, (done) => progress.push(done));
    // the first batch (lines 2-101) is written; the second, holding the refused row, is rolled back
    expect(first.counts).toEqual({ CREATED: 100, UPDATED: 0, UNCHANGED: 0, ERROR: 0 });
    expect(first.stopped).toEqual({ line: 102, reason: expect.stringMatching(/the database failed: .*tool refused by the test trigger/) });
    expect(progress).toEqual([100]);
    const reportRows: Record<string, string>[] = parse(importReportCsv(first), { columns: true });
    expect(reportRows).toHaveLength(250);
    expect(reportRows.filter((r) => r.outcome === 'NOT_IMPORTED').map((r) => Number(r.line))).toEqual(Array.from({ length: 150 }, (_, i) => i + 102));
    expect(importSummary(first).at(-1)).toMatch(/^Stopped at line 102 of 251 \(.*\): lines 102 to 251 were not imported\. Import the same file again to continue/);

    await dataSource.query(`DROP TRIGGER refuse_tools${t.engine === 'postgres' ? ' ON tool' : ''}`);
    const again = await imports.run(ctxOf('editor'), RecordType.TOOL, { bytes: Buffer.from(csv), filename: 'tools.csv' }, { dryRun: false });
    expect(again.stopped).toBeNull();
    expect(again.counts).toEqual({ CREATED: 150, UPDATED: 0, UNCHANGED: 100, ERROR: 0 });
    const stored: { title: string }[] = await dataSource.query(`SELECT title FROM tool WHERE title LIKE 'Batched guide %' OR title = '${marker}'`);
    expect(stored.map((r) => r.title).sort()).toEqual([...titles].sort());
  });

  it('refuses a ZIP whose CSV inflates past the limit, or a cell past its limit, before parsing it all (PAYLOAD_TOO_LARGE)', async () => {
    // 2,000 rows of 20,000-character summaries: 40 MB inflated from a ZIP of a few hundred KB
    const summary = 'Human rights in the city. '.repeat(770);
    const big = ['title,kind,summary', ...Array.from({ length: 2000 }, (_, i) => `Inflated guide ${i},GUIDE,${summary}`)].join('\n');
    const zip = await makeZip([{ name: 'tools.csv', data: big }]);
    expect(zip.length).toBeLessThan(2 * 1024 * 1024);
    await expect(run(zip, { type: RecordType.TOOL, dryRun: true })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'the CSV is larger than 32 MB (IMPORT_MAX_CSV_BYTES): split it into several imports',
    });
    const longCell = ['title,kind,summary', `Long guide,GUIDE,${'x'.repeat(30001)}`].join('\n');
    await expect(run(await makeZip([{ name: 'tools.csv', data: longCell }]), { type: RecordType.TOOL, dryRun: true })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'line 2 has a cell of 30001 characters, more than the 30000 a cell may hold (IMPORT_MAX_CELL_CHARS)',
    });
  });

  it('refuses a row exported before a later change instead of undoing it (the version column)', async () => {
    const made = await factories(t).record(RecordType.TOOL, { title: 'Versioned import guide', summary: 'Original summary.' });
    const exported = await t.http().get('/export/tools.csv').set('authorization', t.bearer('editor'));
    const header = exported.text.split('\r\n')[0];
    const row = exported.text.split('\r\n').find((l) => l.startsWith(made.id))!;
    expect(header.split(',')).toContain('version');
    // someone edits the record after the export…
    expect((await t.gql(`mutation($id: ID!) { updateTool(id: $id, input: { summary: "Edited meanwhile." }) { id } }`, { id: made.id })).errors).toBeUndefined();
    // …and an old copy of the file, with another change, comes back
    const stale = `${header}\r\n${row.replace('Original summary.', 'Changed in the old file.')}\r\n`;
    const report = await run(stale, { type: RecordType.TOOL });
    expect(report.rows[0]).toMatchObject({ outcome: 'ERROR', problems: [{ column: 'version', message: expect.stringMatching(/changed after the file was exported/) }] });
    expect((await t.gql(`query($id: ID!) { tool(id: $id) { summary } }`, { id: made.id })).data.tool.summary).toBe('Edited meanwhile.');
  });

  it('updates only the columns present: an empty cell keeps, NULL clears, by id or slug, with the changes reported', async () => {
    const made = await factories(t).record(RecordType.TOOL, { title: 'Import guide', publisher: 'Network', year: 2020, summary: 'First summary.', sdgs: [4, 5] });
    const csv = ['id,slug,summary,publisher,sdgs,year', `${made.id},,Second summary.,,NULL,`].join('\n');
    const report = await run(csv, { type: RecordType.TOOL });
    expect(report.rows[0]).toMatchObject({ outcome: 'UPDATED', matchedBy: 'id' });
    expect(report.rows[0].changes).toEqual([
      { field: 'summary', before: 'First summary.', after: 'Second summary.' },
      { field: 'sdgs', before: '4;5', after: '' },
    ]);
    const tool = (await t.gql(`query($id: ID!) { tool(id: $id) { summary publisher year sdgs { number } } }`, { id: made.id })).data.tool;
    expect(tool).toEqual({ summary: 'Second summary.', publisher: 'Network', year: 2020, sdgs: [] });
    const bySlug = await run(['slug,title', `${made.slug},Import guide (2nd edition)`].join('\n'), { type: RecordType.TOOL });
    expect(bySlug.rows[0]).toMatchObject({ outcome: 'UPDATED', matchedBy: 'slug', changes: [{ field: 'title', before: 'Import guide', after: 'Import guide (2nd edition)' }] });
  });

  it('reads a country column beside a local government given by name, and does not call it ignored', async () => {
    const csv = ['title,summary,kind,lifecycle,localGovernment,country', `Plan placed by name,A plan.,HUMAN_RIGHTS,ADOPTED,${place.name},${place.country}`].join('\n');
    const report = await run(csv, { dryRun: true });
    expect(report.rows[0]).toMatchObject({ outcome: 'CREATED', problems: [] });
    expect(report.ignoredColumns).not.toContain('country');
    expect((await run(['title,country', 'Plan without a place,FR'].join('\n'), { dryRun: true })).ignoredColumns).toEqual(['country']);
  });

  it('round-trips an export: exported rows import as unchanged, formula cells included', async () => {
    await factories(t).record(RecordType.TOOL, { title: '=SUM(1;2) guide', publisher: '@network', summary: '+ a summary that starts with a plus' });
    const exported = await t.http().get('/export/tools.csv').set('authorization', t.bearer('editor'));
    expect(exported.text).toContain(`'=SUM(1;2) guide`);
    const report = await run(exported.text, { type: RecordType.TOOL });
    expect(report.counts).toMatchObject({ CREATED: 0, UPDATED: 0, ERROR: 0 });
    expect(report.counts.UNCHANGED).toBe(parse(exported.text, { columns: true }).length);
    expect(report.ignoredColumns).toEqual(expect.arrayContaining(['status', 'permalink', 'updatedAt']));
    expect(report.unknownColumns).toEqual([]);
  });

  it('reads Windows-1252 and BOM files and semicolon-separated spreadsheets; reports unknown columns', async () => {
    const latin = iconv.encode(plansCsv([`Plan für Grüße,Résumé à l’école.,EQUALITY,ADOPTED,${place.slug},,,`]), 'windows-1252');
    const first = await run(latin, { dryRun: true });
    expect(first.rows[0]).toMatchObject({ outcome: 'CREATED' });
    const real = await run(latin);
    const plan = (await t.gql(`query($id: ID!) { actionPlan(id: $id) { title summary } }`, { id: real.rows[0].id }, { as: 'editor' })).data.actionPlan;
    expect(plan).toEqual({ title: 'Plan für Grüße', summary: 'Résumé à l’école.' });
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`title;summary;kind;lifecycle;localGovernment;colour\nPlan für Grüße;Résumé à l’école.;EQUALITY;ADOPTED;${place.slug};blue\n`),
    ]);
    const again = await run(bom);
    expect(again.rows[0]).toMatchObject({ outcome: 'UNCHANGED', matchedBy: 'natural key' });
    expect(again.unknownColumns).toEqual(['colour']);
  });

  it('keeps curators to their own drafts, by import as by hand', async () => {
    const published = await factories(t).record(RecordType.TOOL, { title: 'Published network tool' });
    const othersDraft = await factories(t).record(RecordType.TOOL, { title: 'Other curator draft' }, { as: 'otherCurator', publish: false });
    const mine = await factories(t).record(RecordType.TOOL, { title: 'My own draft' }, { as: 'curator', publish: false });
    const csv = ['id,summary', `${published.id},Changed by a curator.`, `${othersDraft.id},Changed by a curator.`, `${mine.id},Changed by its curator.`].join('\n');
    const report = await run(csv, { as: 'curator', type: RecordType.TOOL });
    expect(report.rows.map((r) => r.outcome)).toEqual(['ERROR', 'ERROR', 'UPDATED']);
    expect(report.rows[0].problems[0].message).toMatch(/curators change only/);
    // another curator's draft is not even visible to this one
    expect(report.rows[1].problems[0]).toMatchObject({ column: 'id', message: expect.stringMatching(/no tool with the id/) });
    const asEditor = await run(csv, { as: 'editor', type: RecordType.TOOL });
    // an editor may change them all (the curator's own draft already says this)
    expect(asEditor.rows.map((r) => r.outcome)).toEqual(['UPDATED', 'UPDATED', 'UNCHANGED']);
  });

  it('imports a ZIP: the CSV and the PDFs its documents column names, attached and indexed; once', async () => {
    const pdf = await makePdf(['Zipped annual monitoring report of the network plan.']);
    const csv =
      plansCsv([`Zipped plan,A plan with its report.,HUMAN_RIGHTS,ADOPTED,${place.slug},,,`]).replace('adoptionDate', 'adoptionDate,documents') + ',reports/monitoring.pdf';
    const zip = await makeZip([
      { name: 'plans.csv', data: csv },
      { name: 'reports/monitoring.pdf', data: pdf },
    ]);
    const dry = await run(zip, { dryRun: true });
    expect(dry.rows[0]).toMatchObject({ outcome: 'CREATED', problems: [] });
    const report = await run(zip);
    expect(report.rows[0]).toMatchObject({ outcome: 'CREATED', documents: ['monitoring.pdf'] });
    await t.documentsSettled();
    const docs = (await t.gql(`query($id: ID!) { actionPlan(id: $id) { documents { filename status pageCount } } }`, { id: report.rows[0].id }, { as: 'editor' })).data.actionPlan
      .documents;
    expect(docs).toEqual([{ filename: 'monitoring.pdf', status: 'INDEXED', pageCount: 1 }]);
    expect((await run(zip)).rows[0]).toMatchObject({ outcome: 'UNCHANGED', documents: [] });
    const missing = await makeZip([{ name: 'plans.csv', data: csv.replace('reports/monitoring.pdf', 'reports/missing.pdf') }]);
    expect((await run(missing, { dryRun: true })).rows[0].problems).toEqual([{ column: 'documents', message: '"reports/missing.pdf" is not in the ZIP file' }]);
  });

  describe('the workspace page', () => {
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const signedIn = async (who: 'curator' | 'editor', lang = 'en') => {
      const agent = request.agent(t.app.getHttpServer());
      const form = await agent.get(`/${lang}/login`);
      await agent
        .post(`/${lang}/login`)
        .type('form')
        .send({ _csrf: csrfOf(form.text), email: t.users[who].email, password: t.users[who].password });
      return agent;
    };
    const actionOf = (html: string) => /<form action="([^"]+\/workspace\/import\?_csrf=[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');

    it('checks, then imports, showing the report in the page language; anonymous posts go to sign-in', async () => {
      const agent = await signedIn('curator', 'fr');
      const form = await agent.get('/fr/workspace/import');
      expect(form.status).toBe(200);
      expect(form.text).toContain('<h1>Importer des fiches</h1>');
      const csv = plansCsv([`Page import plan,Imported from the page.,EQUALITY,ADOPTED,${place.slug},,,`, `Page broken plan,,EQUALITY,ADOPTED,${place.slug},18,no-such-theme,`]);
      const dry = await agent.post(actionOf(form.text)).field('type', 'action-plans').field('dryRun', 'on').attach('file', Buffer.from(csv), 'plans.csv');
      expect(dry.status).toBe(200);
      expect(dry.headers['cache-control']).toBe('no-store');
      expect(dry.text).toContain('Essai : ce que ferait l’import');
      expect(dry.text).toMatch(/<td>Créée<\/td>/);
      // every problem of the row, in the page's language
      expect(dry.text).toContain('<code>summary</code>: <span>Résumé : ce champ est obligatoire.</span>');
      expect(dry.text).toContain('<code>sdgs</code>: <span>Objectifs de développement durable : cette valeur n’existe pas : 18.</span>');
      expect(dry.text).toContain('<code>themes</code>: <span>Thèmes : cette valeur n’existe pas : &quot;no-such-theme&quot;.</span>');
      expect(dry.text).toContain('download="import-report.csv"');
      const real = await agent.post(actionOf(dry.text)).field('type', 'action-plans').attach('file', Buffer.from(csv), 'plans.csv');
      expect(real.text).toContain('Import terminé');
      const mine = (await t.gql(`{ actionPlans(limit: 100) { items { title status } } }`, {}, { as: 'curator' })).data.actionPlans.items;
      expect(mine).toContainEqual({ title: 'Page import plan', status: 'DRAFT' });
      // no file, no CSRF token, no session
      expect((await agent.post(actionOf(form.text)).field('type', 'action-plans').attach('file', Buffer.alloc(0), '')).status).toBe(400);
      expect((await agent.post('/fr/workspace/import').field('type', 'tools').attach('file', Buffer.from(csv), 'plans.csv')).status).toBe(403);
      const anonymous = await t.http().post('/fr/workspace/import').field('type', 'tools').attach('file', Buffer.from(csv), 'plans.csv');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe('/fr/login');
    });

    it("words a file it cannot take in the page's language", async () => {
      const agent = await signedIn('curator');
      const form = await agent.get('/fr/workspace/import');
      const post = (bytes: Buffer, name: string) => agent.post(actionOf(form.text)).field('type', 'tools').field('dryRun', 'on').attach('file', bytes, name);
      for (const [bytes, name, message] of [
        [Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]), 'damaged.zip', 'Le fichier ZIP est endommagé ou incomplet et ne peut pas être lu.'],
        [Buffer.from('\n\n'), 'empty.csv', 'Le fichier est vide : il lui faut une ligne d’en-tête'],
        [Buffer.from('title,title\nA,B\n'), 'twice.csv', 'La colonne « title » figure deux fois dans la ligne d’en-tête.'],
        [
          await makeZip([
            { name: 'a.csv', data: 'title\nA' },
            { name: 'b.csv', data: 'title\nB' },
          ]),
          'two.zip',
          'Le ZIP doit contenir exactement un fichier CSV (il en contient 2).',
        ],
      ] as const) {
        const refused = await post(bytes, name);
        expect(refused.status).toBe(400);
        expect(refused.text).toContain(message);
      }
    });

    it('refuses a small ZIP that inflates to a huge CSV with a plain message in the page (413), without reading it all', async () => {
      const agent = await signedIn('curator');
      const summary = 'Human rights in the city. '.repeat(1460);
      const csv = ['title,kind,summary', ...Array.from({ length: 1000 }, (_, i) => `Inflated guide ${i},GUIDE,${summary}`)].join('\n');
      const zip = await makeZip([{ name: 'tools.csv', data: csv }]);
      // in the page's language
      for (const [lang, message] of [
        ['en', 'Unpacked, the spreadsheet is larger than the limit of 32 MB: split it into several imports. Nothing was imported.'],
        ['fr', 'Une fois décompressé, le tableur dépasse la limite de 32 Mo : répartissez-le en plusieurs imports. Rien n’a été importé.'],
      ]) {
        const form = await agent.get(`/${lang}/workspace/import`);
        expect(form.text).toContain(lang === 'en' ? '5,000 rows and 32 MB of CSV' : '5 000 lignes et 32 Mo de CSV');
        const refused = await agent.post(actionOf(form.text)).field('type', 'tools').field('dryRun', 'on').attach('file', zip, 'tools.zip');
        expect(refused.status).toBe(413);
        expect(refused.text).toContain(message);
      }
    });
  });

  it('from the command line: progress lines when piped; SIGTERM stops it after a batch with its report written; a re-run completes it', async () => {
    const file = join(dir, 'many-tools.csv');
    writeFileSync(
      file,
      ['title,kind,summary,publisher', ...Array.from({ length: 2000 }, (_, i) => `Signalled guide ${i + 1},GUIDE,One of two thousand.,Signal network`)].join('\n'),
    );
    const reportPath = join(dir, 'signalled-report.csv');
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MEILI_') && k !== 'DATABASE_URL'));
    const env = { ...base, DATA_DIR: t.dataDir, JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...(t.storage.databaseUrl ? { DATABASE_URL: t.storage.databaseUrl } : {}) };
    const cli = (onOutput?: (output: string, child: ChildProcess) => void) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        // without --as: the system
        const child = spawn(
          process.execPath,
          ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli', 'main.ts'), 'import', file, '--type', 'tools', '--report', reportPath],
          {
            cwd: ROOT,
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let output = '';
        const take = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          onOutput?.(output, child);
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        child.on('close', (code) => resolve({ code, output }));
      });
    let signalled = false;
    const first = await cli((output, child) => {
      if (!signalled && output.includes('Imported 500 of 2000 rows…')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    expect(first.output).toContain('SIGTERM: stopping after the rows being written…');
    const stoppedAt = Number(/Stopped at line (\d+) of 2001 \(interrupted \(SIGTERM\)\): lines \d+ to 2001 were not imported/.exec(first.output)?.[1]);
    expect(stoppedAt).toBeGreaterThan(501);
    expect(stoppedAt).toBeLessThan(2001);
    expect(first.output).toContain(`Imported: ${stoppedAt - 2} created, 0 updated, 0 unchanged, 0 with errors.`);
    expect(first.code).toBe(1);
    const rows: Record<string, string>[] = parse(readFileSync(reportPath, 'utf8'), { columns: true });
    expect(rows).toHaveLength(2000);
    expect(rows.filter((r) => r.outcome === 'CREATED')).toHaveLength(stoppedAt - 2);
    expect(rows.filter((r) => r.outcome === 'NOT_IMPORTED')).toHaveLength(2001 - stoppedAt + 1);

    const second = await cli();
    expect(second.output).toContain('Imported 500 of 2000 rows…');
    expect(second.output).toContain('Imported 2000 of 2000 rows…');
    expect(second.output).toContain(`Imported: ${2001 - stoppedAt + 1} created, 0 updated, ${stoppedAt - 2} unchanged, 0 with errors.`);
    expect(second.code).toBe(0);
    const [{ count }] = await t.app.get(DataSource).query(`SELECT COUNT(*) AS count, COUNT(DISTINCT title) AS titles FROM tool WHERE title LIKE 'Signalled guide %'`);
    expect(Number(count)).toBe(2000);
  });

  it('refuses files it cannot read with a clear error, and imports from the command line', async () => {
    await expect(run('')).rejects.toThrow(/the file is empty/);
    await expect(run('title,title\nA,B')).rejects.toThrow(/the column "title" appears twice/);
    await expect(run(`title\n${'x\n'.repeat(5001)}`)).rejects.toThrow(/more than the 5000 one import takes/);
    await expect(imports.run(RequestContext.anonymous(), RecordType.TOOL, { bytes: Buffer.from('title\nX'), filename: 'x.csv' }, { dryRun: true })).rejects.toThrow(/Sign in/);
    if (t.engine !== 'sqlite') return; // the CLI test uses the SQLite file of this app
    const file = join(dir, 'cli.csv');
    writeFileSync(file, ['title,kind,summary,year,publisher', 'Command line guide,GUIDE,Made from the command line.,2024,CLI network'].join('\n'));
    const reportPath = join(dir, 'report.csv');
    const out = await new Promise<{ code: number; output: string }>((resolve) => {
      const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MEILI_') && k !== 'DATABASE_URL'));
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli', 'main.ts'), 'import', file, '--type', 'tools', '--as', t.users.editor.email, '--report', reportPath],
        { cwd: ROOT, env: { ...base, DATA_DIR: t.dataDir, JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn' } },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
      );
    });
    expect(out.output).toContain('Imported: 1 created, 0 updated, 0 unchanged, 0 with errors.');
    expect(out.code).toBe(0);
    const rows: Record<string, string>[] = parse(readFileSync(reportPath, 'utf8'), { columns: true });
    expect(rows[0]).toMatchObject({ line: '2', outcome: 'CREATED' });
  });
});
