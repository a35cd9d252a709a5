import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { RECORD_DEFINITIONS } from '../src/catalogue/record-definitions';
import { exportColumns } from '../src/exports/export-columns';
import { RecordType } from '../src/catalogue/enums';
import { factories } from './helpers/factories';
import { startTestApp, TestApp } from './helpers/test-app';

/** Columns that are not fields of the record's GraphQL type (context a spreadsheet needs). */
const EXPORT_ONLY = ['localGovernmentName', 'country', 'region', 'subregion', 'permalink', 'publishedAt', 'updatedAt', 'status'];

/** The exports as researchers use them: files whose rows are exactly what the GraphQL lists and searches give. */
describe('exports: the rows behind lists and searches as CSV, JSON and NDJSON', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: 'https://kb.example.org/' } });
    await t.searchSettled();
  });
  afterAll(async () => {
    await t?.close();
  });

  const csv = (text: string): Record<string, string>[] => parse(text, { columns: true, skip_empty_lines: true });
  const get = (path: string, as?: 'editor' | 'curator') => {
    const req = t.http().get(path).buffer(true);
    if (as) req.set('authorization', t.bearer(as));
    return req.parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => done(null, text));
    });
  };

  it('serves a dated CSV attachment with a header row of GraphQL field names', async () => {
    const res = await get('/export/action-plans.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="action-plans-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = csv(res.body as string);
    expect(rows.length).toBe(Number(res.headers['x-total-count']));
    const header = Object.keys(rows[0]);
    expect(header.slice(0, 3)).toEqual(['id', 'slug', 'title']);
    expect(header).toEqual(
      expect.arrayContaining(['summary', 'kind', 'lifecycle', 'sdgs', 'themes', 'targetGroups', 'localGovernment', 'localGovernmentName', 'country', 'region', 'permalink']),
    );
    // anonymous: no status column
    expect(header).not.toContain('status');
    const row = rows[0];
    expect(row.permalink).toBe(`https://kb.example.org/r/${row.id}`);
    expect(row.sdgs).toMatch(/^(\d+(;\d+)*)?$/);
  });

  it('names its columns as the GraphQL types name their fields', async () => {
    for (const [collection, typeName] of [
      ['action-plans', 'ActionPlan'],
      ['good-practices', 'GoodPractice'],
      ['tools', 'Tool'],
      ['local-governments', 'LocalGovernment'],
    ]) {
      const fields = (await t.gql(`query($n: String!) { __type(name: $n) { fields { name } } }`, { n: typeName })).data.__type.fields.map((f: { name: string }) => f.name);
      const header = Object.keys(csv((await get(`/export/${collection}.csv`)).body as string)[0]);
      const unknown = header.filter((c) => !fields.includes(c) && !EXPORT_ONLY.includes(c));
      expect({ collection, unknown }).toEqual({ collection, unknown: [] });
    }
  });

  it.each([
    ['no filter', '', '{}'],
    ['a theme', 'theme=participation', '{ themes: ["participation"] }'],
    ['an SDG and a region', 'sdg=11&region=150', '{ sdgs: [11], regions: ["150"] }'],
    ['years', 'from=2015&to=2020', '{ yearFrom: 2015, yearTo: 2020 }'],
    ['a language', 'language=fr', '{ languages: ["fr"] }'],
    ['changed since a date', 'updated_since=2000-01-01', '{ updatedSince: "2000-01-01T00:00:00.000Z" }'],
    ['changed since the future', 'updated_since=2999-01-01T00:00:00Z', '{ updatedSince: "2999-01-01T00:00:00Z" }'],
  ])('has as many rows as the GraphQL list has totalCount: %s', async (_name, params, filter) => {
    for (const [collection, field] of [
      ['action-plans', 'actionPlans'],
      ['good-practices', 'goodPractices'],
      ['tools', 'tools'],
      ['local-governments', 'localGovernments'],
    ]) {
      const list = await t.gql(`{ ${field}(filter: ${filter}, limit: 100) { totalCount items { id } } }`);
      expect(list.errors).toBeUndefined();
      const res = await get(`/export/${collection}.csv?${params}`);
      expect(res.status).toBe(200);
      const rows = csv(res.body as string);
      expect({ collection, count: rows.length, header: Number(res.headers['x-total-count']) }).toEqual({
        collection,
        count: list.data[field].totalCount,
        header: list.data[field].totalCount,
      });
      expect(rows.map((r) => r.id)).toEqual(list.data[field].items.map((i: { id: string }) => i.id));
    }
  });

  it('with q, has the search hits of that record type (and says whether it is truncated)', async () => {
    const search = await t.gql(`{ search(query: "participation", types: [ACTION_PLAN], limit: 100) { totalCount items { id } } }`);
    expect(search.data.search.totalCount).toBeGreaterThan(0);
    const res = await get('/export/action-plans.csv?q=participation');
    expect(res.headers['x-total-count']).toBe(String(search.data.search.totalCount));
    expect(res.headers['x-truncated']).toBe('false');
    expect(csv(res.body as string).map((r) => r.id)).toEqual(search.data.search.items.map((i: { id: string }) => i.id));
  });

  it('gives the same rows as JSON (lists as arrays) and NDJSON', async () => {
    const rows = csv((await get('/export/tools.csv')).body as string);
    const json = await get('/export/tools.json');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const objects = JSON.parse(json.body as string) as Record<string, unknown>[];
    expect(objects.map((o) => o.id)).toEqual(rows.map((r) => r.id));
    expect(Array.isArray(objects[0].sdgs)).toBe(true);
    expect((objects[0].sdgs as number[]).join(';')).toBe(rows[0].sdgs);
    const ndjson = await get('/export/tools.ndjson');
    expect(ndjson.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = (ndjson.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual(objects);
  });

  it('shows signed-in staff what their lists show, with a status column; never cached', async () => {
    const draft = await factories(t).record(RecordType.TOOL, { title: 'Draft tool for the export' }, { publish: false });
    const anonymous = csv((await get('/export/tools.csv')).body as string);
    expect(anonymous.map((r) => r.id)).not.toContain(draft.id);
    const res = await get('/export/tools.csv', 'editor');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const rows = csv(res.body as string);
    const list = await t.gql(`{ tools(limit: 100) { totalCount } }`, {}, { as: 'editor' });
    expect(rows).toHaveLength(list.data.tools.totalCount);
    expect(rows.find((r) => r.id === draft.id)).toMatchObject({ status: 'DRAFT', title: 'Draft tool for the export' });
  });

  it('neutralises cells a spreadsheet would run as formulas (numbers stay numbers)', async () => {
    const tool = await factories(t).record(RecordType.TOOL, { title: '=HYPERLINK("http://evil.example","click")', publisher: '+cmd', summary: '@SUM(A1)' });
    const row = csv((await get('/export/tools.csv')).body as string).find((r) => r.id === tool.id)!;
    expect(row.title).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(row.publisher).toBe("'+cmd");
    expect(row.summary).toBe("'@SUM(A1)");
    // JSON is not opened by spreadsheets: as stored
    const json = JSON.parse((await get('/export/tools.json')).body as string) as Record<string, unknown>[];
    expect(json.find((o) => o.id === tool.id)!.title).toBe('=HYPERLINK("http://evil.example","click")');
    const places = csv((await get('/export/local-governments.csv')).body as string);
    expect(places.some((p) => /^-\d/.test(p.longitude))).toBe(true);
  });

  it('refuses unknown files and bad parameters with a clear error before any row', async () => {
    const missing = await t.http().get('/export/plans.xlsx');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(missing.body.message).toMatch(/action-plans, good-practices, tools, local-governments/);
    const sort = await t.http().get('/export/tools.csv?sort=sideways');
    expect(sort.status).toBe(400);
    expect(sort.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sort' });
    const since = await t.http().get('/export/tools.csv?updated_since=yesterday');
    expect(since.status).toBe(400);
    // named as the URL names it
    expect(since.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'updated_since' });
    expect(since.body.message).toMatch(/\(URL parameter "updated_since"\)$/);
    const years = await t.http().get('/export/tools.csv?from=2020&to=2010');
    expect(years.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to', message: 'to: yearTo must not be before yearFrom (URL parameter "to")' });
    // country codes in any case
    const lower = await t.http().get('/export/action-plans.csv?country=at');
    expect(lower.status).toBe(200);
    expect(lower.headers['x-total-count']).toBe((await t.http().get('/export/action-plans.csv?country=AT')).headers['x-total-count']);
    const theme = await t.http().get('/export/tools.csv?theme=no-such-theme');
    expect(theme.status).toBe(400);
    expect(theme.body).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses parameters it does not know, naming them and the known ones, instead of exporting everything', async () => {
    const plural = await t.http().get('/export/action-plans.csv?regions=150');
    expect(plural.status).toBe(400);
    expect(plural.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regions' });
    expect(plural.body.message).toBe(
      'regions: unknown URL parameter "regions". Did you mean "region"? The parameters are: q, theme, sdg, region, country, target_group, language, from, to, updated_since, sort.',
    );
    expect((await t.http().get('/export/tools.json?yearFrom=2020')).body.message).toMatch(/Did you mean "from"\?/);
    for (const param of ['limit=5', 'foo=bar']) {
      const res = await t.http().get(`/export/action-plans.csv?${param}`);
      expect(res.status).toBe(400);
      expect(res.headers['x-total-count']).toBeUndefined();
      expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', field: param.split('=')[0] });
      expect(res.body.message).not.toMatch(/Did you mean/);
    }
    // the search page reads the same filter parameters, by the same rule
    const page = await t.http().get('/en/search?q=plan&regions=150');
    expect(page.status).toBe(400);
    expect(page.text).toContain('Did you mean &quot;region&quot;?');
    expect((await t.http().get('/en/search?q=plan&region=150&page=1&sort=newest&type=ACTION_PLAN')).status).toBe(200);
    // a shared link's tracking parameters are no misspelt filter: the page ignores them (an export refuses them)
    expect((await t.http().get('/en/search?q=plan&utm_source=newsletter&fbclid=x1')).status).toBe(200);
    expect((await t.http().get('/export/action-plans.csv?utm_source=newsletter')).status).toBe(400);
  });

  it('lists in the research data guide the columns each export writes, in their order', () => {
    const readme = readFileSync(join(__dirname, '..', 'docs', 'research-data.md'), 'utf8');
    for (const definition of RECORD_DEFINITIONS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${definition.collection}\` |`));
      const listed = [...(row ?? '').split('|')[2].matchAll(/`(\w+)`/g)].map((m) => m[1]);
      expect({ collection: definition.collection, columns: listed }).toEqual({
        collection: definition.collection,
        columns: exportColumns(definition, { withStatus: true }).map((c) => c.name),
      });
    }
  });
});
