import Ajv from 'ajv';
import { entries as bibtexEntries } from 'bibtex-parse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordType } from '../src/catalogue/enums';
import { factories } from './helpers/factories';
import { startTestApp, TestApp } from './helpers/test-app';

const BASE = 'https://kb.example.org';

/** Citations (GraphQL and the record pages) and the pages' structured data, read by independent parsers. */
describe('citations and structured data', () => {
  let t: TestApp;
  let plan: { id: string; slug: string; title: string; year: number; adoptingBody: string | null; localGovernment: { name: string } };
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: BASE } });
    const res = await t.gql(`{ actionPlans(filter: { sdgs: [11] }, limit: 1) { items { id slug title year adoptingBody localGovernment { name } } } }`);
    plan = res.data.actionPlans.items[0];
  });
  afterAll(async () => {
    await t?.close();
  });

  const cite = async (id: string, format: string, field = 'actionPlan') =>
    (await t.gql(`query($id: ID!, $f: CitationFormat!) { r: ${field}(id: $id) { citation(format: $f) } }`, { id, f: format })).data.r.citation as string;

  it('BibTeX parses (bibtex-parse) with author, year, title, URL and the permalink', async () => {
    const text = await cite(plan.id, 'BIBTEX');
    const [entry] = bibtexEntries(text);
    expect(entry.type).toBe('techreport');
    expect(entry.TITLE).toBe(plan.title);
    // the adopting body with its city ("City Council" alone names no one), else the local government
    const body = plan.adoptingBody;
    expect(entry.AUTHOR).toBe(body ? (body.includes(plan.localGovernment.name) ? body : `${body}, ${plan.localGovernment.name}`) : plan.localGovernment.name);
    expect(entry.YEAR).toBe(String(plan.year));
    expect(entry.NOTE).toContain(`${BASE}/r/${plan.id}`);
    expect(entry.NOTE).toContain(`(accessed ${new Date().toISOString().slice(0, 10)})`);
    expect(entry.URL).toMatch(/^https?:\/\//);
  });

  it('RIS has its tags in order, TY first and ER last, with the access date', async () => {
    const text = await cite(plan.id, 'RIS');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('TY  - RPRT');
    expect(lines.at(-1)).toMatch(/^ER {2}-/);
    for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- ?/);
    expect(lines).toContain(`TI  - ${plan.title}`);
    expect(lines).toContain(`PY  - ${plan.year}`);
    const today = new Date();
    // one line per value: the permalink is never folded
    expect(lines).toContain(`N1  - Local Human Rights Knowledge Base record: ${BASE}/r/${plan.id} (accessed ${today.toISOString().slice(0, 10)})`);
    expect(lines).toContain(`Y2  - ${today.getUTCFullYear()}/${today.getUTCMonth() + 1}/${today.getUTCDate()}/`);
  });

  it('CSL-JSON validates against the CSL data schema', async () => {
    const schema = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'csl-data.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
    for (const [field, type] of [
      ['actionPlan', RecordType.ACTION_PLAN],
      ['goodPractice', RecordType.GOOD_PRACTICE],
      ['tool', RecordType.TOOL],
    ] as const) {
      const made = await factories(t).record(type, {});
      const data = JSON.parse(await cite(made.id, 'CSL_JSON', field)) as unknown;
      expect({ field, errors: validate(data) ? null : validate.errors }).toEqual({ field, errors: null });
    }
  });

  it('APA names author, year, title and URL; a tool is cited by its publisher', async () => {
    const apa = await cite(plan.id, 'APA');
    expect(apa).toContain(`(${plan.year}). ${plan.title}`);
    const tool = await factories(t).record(RecordType.TOOL, { title: 'Indicator guide', publisher: 'UN-Habitat', year: 2019, url: 'https://unhabitat.example/guide' });
    expect(await cite(tool.id, 'APA', 'tool')).toBe('UN-Habitat. (2019). Indicator guide. UN-Habitat. https://unhabitat.example/guide');
  });

  it('local governments have no citation field; the page citation downloads are attachments, 404 for drafts', async () => {
    const res = await t.gql(`{ localGovernments(limit: 1) { items { citation(format: APA) } } }`);
    expect(res.errors?.[0].message).toMatch(/Cannot query field "citation" on type "LocalGovernment"/);
    const bib = await t.http().get(`/r/${plan.id}/citation.bib`);
    expect(bib.status).toBe(200);
    expect(bib.headers['content-type']).toMatch(/^application\/x-bibtex/);
    expect(bib.headers['content-disposition']).toBe(`attachment; filename="${plan.slug}.bib"`);
    expect(bibtexEntries(bib.text)).toHaveLength(1);
    expect((await t.http().get(`/r/${plan.id}/citation.json`)).headers['content-type']).toMatch(/csl\+json/);
    const draft = await factories(t).record(RecordType.TOOL, { title: 'Uncited draft' }, { publish: false });
    expect((await t.http().get(`/r/${draft.id}/citation.bib`)).status).toBe(404);
    expect((await t.http().get(`/r/${plan.id}/citation.doc`)).status).toBe(404);
  });

  const structuredData = (pageHtml: string) => {
    const blocks = [...pageHtml.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]) as Record<string, any>);
    expect(blocks).toHaveLength(1);
    return blocks[0];
  };

  it('record pages embed schema.org JSON-LD: a Report with place, languages, SDGs and its source', async () => {
    const page = await t.http().get(`/fr/plans/${plan.slug}`);
    expect(page.text).toContain('Copier la référence');
    const data = structuredData(page.text);
    expect(data).toMatchObject({ '@context': 'https://schema.org', '@type': 'Report', '@id': `${BASE}/r/${plan.id}`, url: `${BASE}/fr/plans/${plan.slug}`, name: plan.title });
    expect(data.spatialCoverage).toMatchObject({ '@type': 'Place', name: plan.localGovernment.name });
    expect(Array.isArray(data.inLanguage)).toBe(true);
    expect(data.about).toEqual(expect.arrayContaining([expect.objectContaining({ '@type': 'DefinedTerm', termCode: '11', inDefinedTermSet: 'https://sdgs.un.org/goals' })]));
    const place = (await t.gql(`{ localGovernments(limit: 1) { items { slug name } } }`)).data.localGovernments.items[0];
    expect(structuredData((await t.http().get(`/en/places/${place.slug}`)).text)).toMatchObject({ '@type': 'GovernmentOrganization', name: place.name });
  });

  it('keeps a hostile title inside the JSON-LD block', async () => {
    const tool = await factories(t).record(RecordType.TOOL, { title: 'Guide </script><script>alert(1)</script> & co' });
    const page = (await t.http().get(`/en/tools/${tool.slug}`)).text;
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(structuredData(page).name).toBe('Guide </script><script>alert(1)</script> & co');
  });
});
