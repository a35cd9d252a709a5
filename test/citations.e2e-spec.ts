import Ajv from 'ajv';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
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

  /** The author a plan is cited by: its adopting body named with its city ("City Council" alone names no one), else its local government. */
  const planAuthor = (p: { adoptingBody: string | null; localGovernment: { name: string } }) =>
    p.adoptingBody ? (p.adoptingBody.includes(p.localGovernment.name) ? p.adoptingBody : `${p.localGovernment.name} ${p.adoptingBody}`) : p.localGovernment.name;
  const today = () => new Date().toISOString().slice(0, 10);
  const note = (id: string) => `Local Human Rights Knowledge Base record: ${BASE}/r/${id} (accessed ${today()})`;

  it('BibTeX: a plan is a report by its adopting body, which is also its institution; every field reads back (bibtex-parse)', async () => {
    const text = await cite(plan.id, 'BIBTEX');
    const entries = bibtexEntries(text);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toEqual({
      key: `plan-${plan.slug}`,
      type: 'report',
      AUTHOR: planAuthor(plan),
      TITLE: plan.title,
      TYPE: 'Action plan',
      INSTITUTION: planAuthor(plan),
      LOCATION: plan.localGovernment.name,
      YEAR: String(plan.year),
      URL: expect.stringMatching(/^https?:\/\//),
      URLDATE: today(),
      ...(entries[0].LANGUAGE ? { LANGUAGE: expect.any(String) } : {}),
      NOTE: note(plan.id),
    });
    // one name, not a person: double braces keep the comma-free corporate name whole
    expect(text).toContain(`author = {{${planAuthor(plan)}}}`);
  });

  // Found from outside: a non-Latin title came out as `title = {   :  }` with the key `undefined2021undefined`.
  it.each([
    [
      'Arabic',
      { title: 'دليل المدن لحقوق الإنسان: مؤشرات الرصد', publisher: 'مدينة الرباط', languages: ['ar'], kind: 'INDICATOR_SET' },
      'manual',
      'ORGANIZATION',
      'Indicator set',
      'Arabic',
    ],
    [
      'Korean',
      { title: '인권도시 지표: 지방정부를 위한 안내서', publisher: '광주광역시 인권평화협력관', languages: ['ko'], kind: 'PUBLICATION' },
      'book',
      'PUBLISHER',
      undefined,
      'Korean',
    ],
  ] as const)(
    'BibTeX keeps %s text (UTF-8, biblatex): two independent parsers read every field back, the key is ASCII',
    async (_, input, type, publisherField, genre, language) => {
      const url = 'https://example.org/guide_2021?lang=x&page=1';
      const tool = await factories(t).record(RecordType.TOOL, { ...input, year: 2021, url });
      const text = await cite(tool.id, 'BIBTEX', 'tool');
      const key = `tool-${tool.slug}`;
      expect(key).toMatch(/^[a-z0-9-]+$/);
      // the title is romanised into the slug (so the key and the download's name), not the type's fallback "tool"
      expect(tool.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+){3,}$/);
      expect(bibtexEntries(text)).toEqual([
        {
          key,
          type,
          AUTHOR: input.publisher,
          TITLE: input.title,
          ...(genre ? { TYPE: genre } : {}),
          [publisherField]: input.publisher,
          YEAR: '2021',
          URL: url,
          URLDATE: today(),
          LANGUAGE: language,
          NOTE: note(tool.id),
        },
      ]);
      const [item] = new Cite(text).data as Record<string, any>[];
      expect(item).toMatchObject({
        'citation-key': key,
        title: input.title,
        author: [{ family: input.publisher }],
        publisher: input.publisher,
        URL: url,
        issued: { 'date-parts': [[2021]] },
      });
      expect(item.author[0].given).toBeUndefined();
    },
  );

  it('BibTeX escapes what LaTeX would run (and keeps what it may not): citation-js reads the title back', async () => {
    const title = 'Rights & duties: 100% of {cities} #1 in $ _costs_ ~ ^ back\\slash';
    const tool = await factories(t).record(RecordType.TOOL, { title, publisher: 'Équipe & Co' });
    const text = await cite(tool.id, 'BIBTEX', 'tool');
    const [item] = new Cite(text).data as Record<string, any>[];
    expect(item.title).toBe(title);
    expect(item.author).toEqual([{ family: 'Équipe & Co' }]);
  });

  const citeAll = async (format: string) => {
    const lists = await t.gql(
      `query($f: CitationFormat!) { actionPlans(limit: 100) { totalCount items { id slug citation(format: $f) } } goodPractices(limit: 100) { totalCount items { id slug citation(format: $f) } } tools(limit: 100) { totalCount items { id slug citation(format: $f) } } }`,
      { f: format },
    );
    const all = [...lists.data.actionPlans.items, ...lists.data.goodPractices.items, ...lists.data.tools.items] as { id: string; slug: string; citation: string }[];
    expect(all).toHaveLength(lists.data.actionPlans.totalCount + lists.data.goodPractices.totalCount + lists.data.tools.totalCount);
    return all;
  };

  it('BibTeX keys: unique across every citable record, the same on every export, never from place and year alone', async () => {
    const lg = await factories(t).record(RecordType.LOCAL_GOVERNMENT, { name: 'Twin Town' });
    const twins = [
      await factories(t).record(RecordType.ACTION_PLAN, { localGovernmentId: lg.id, title: 'Twin Town plan', adoptionDate: '2016-03-01', adoptingBody: 'City Council' }),
      await factories(t).record(RecordType.ACTION_PLAN, { localGovernmentId: lg.id, title: 'Twin Town plan', adoptionDate: '2016-09-01', adoptingBody: 'City Council' }),
    ];
    const keysOf = async () => (await citeAll('BIBTEX')).map((r) => ({ id: r.id, keys: bibtexEntries(r.citation).map((e) => e.key) }));
    const first = await keysOf();
    expect(first.length).toBeGreaterThanOrEqual(74);
    for (const { keys } of first) {
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^(plan|practice|tool)-[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    const keys = first.map((r) => r.keys[0]);
    expect(new Set(keys).size).toBe(keys.length);
    const twinKeys = twins.map((twin) => first.find((r) => r.id === twin.id)!.keys[0]);
    expect(twinKeys[0]).not.toBe(twinKeys[1]);
    expect(await keysOf()).toEqual(first);
  });

  it('RIS: ID is the record id, every corporate author is one name to citation-js, the body is the publisher; TY first, ER last, unfolded lines', async () => {
    const all = await citeAll('RIS');
    for (const { id, citation } of all) {
      const lines = citation.trim().split(/\r?\n/);
      expect(lines[0]).toMatch(/^TY {2}- (RPRT|GEN|BOOK)$/);
      expect(lines.at(-1)).toMatch(/^ER {2}-/);
      for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- ?/);
      expect(lines).toContain(`ID  - ${id}`);
      expect(lines).toContain(`N1  - ${note(id)}`);
      const au = lines.filter((l) => l.startsWith('AU  - ')).map((l) => l.slice(6));
      expect(au).toHaveLength(1);
      const [item] = new Cite(citation).data as Record<string, any>[];
      // read back as written: a literal (or a one-word family name), never family + given
      expect({ id, author: item.author }).toEqual({ id, author: [au[0].includes(' ') ? { literal: au[0] } : { family: au[0] }] });
    }
    const text = await cite(plan.id, 'RIS');
    expect(text.split('\r\n')).toEqual(
      expect.arrayContaining([
        `TY  - RPRT`,
        `AU  - ${planAuthor(plan)}`,
        `PB  - ${planAuthor(plan)}`,
        `CY  - ${plan.localGovernment.name}`,
        `TI  - ${plan.title}`,
        `PY  - ${plan.year}`,
        `Y2  - ${today().replace(/-/g, '/')}/`,
      ]),
    );
  });

  it('RIS writes a corporate name that holds a comma without one, so that no reader splits it into a person', async () => {
    const tool = await factories(t).record(RecordType.TOOL, { publisher: 'Department of Culture, City of Vienna' });
    const text = await cite(tool.id, 'RIS', 'tool');
    expect(text).toContain('AU  - Department of Culture – City of Vienna\r\n');
    expect(text).toContain('PB  - Department of Culture, City of Vienna\r\n');
    expect((new Cite(text).data as Record<string, any>[])[0].author).toEqual([{ literal: 'Department of Culture – City of Vienna' }]);
  });

  it('entry types follow the record type (and a tool its kind) in BibTeX, RIS and CSL-JSON', async () => {
    const lg = await factories(t).record(RecordType.LOCAL_GOVERNMENT, { name: 'Typeville' });
    const cases = [
      { field: 'actionPlan', made: await factories(t).record(RecordType.ACTION_PLAN, { localGovernmentId: lg.id }), bibtex: 'report', ris: 'RPRT', csl: 'report' },
      { field: 'goodPractice', made: await factories(t).record(RecordType.GOOD_PRACTICE, { localGovernmentId: lg.id }), bibtex: 'misc', ris: 'GEN', csl: 'document' },
      { field: 'tool', made: await factories(t).record(RecordType.TOOL, { kind: 'GUIDE' }), bibtex: 'manual', ris: 'BOOK', csl: 'book' },
      { field: 'tool', made: await factories(t).record(RecordType.TOOL, { kind: 'TOOLKIT' }), bibtex: 'manual', ris: 'BOOK', csl: 'book' },
      { field: 'tool', made: await factories(t).record(RecordType.TOOL, { kind: 'PUBLICATION' }), bibtex: 'book', ris: 'BOOK', csl: 'book' },
      { field: 'tool', made: await factories(t).record(RecordType.TOOL, { kind: 'CHARTER' }), bibtex: 'book', ris: 'BOOK', csl: 'book' },
    ];
    for (const c of cases) {
      const got = {
        bibtex: bibtexEntries(await cite(c.made.id, 'BIBTEX', c.field))[0].type,
        ris: (await cite(c.made.id, 'RIS', c.field)).split('\r\n')[0],
        csl: (JSON.parse(await cite(c.made.id, 'CSL_JSON', c.field)) as { type: string }[])[0].type,
      };
      expect({ field: c.field, ...got }).toEqual({ field: c.field, bibtex: c.bibtex, ris: `TY  - ${c.ris}`, csl: c.csl });
    }
    const practice = bibtexEntries(await cite(cases[1].made.id, 'BIBTEX', 'goodPractice'))[0];
    expect(practice.AUTHOR).toBe('Typeville');
    expect(practice.key).toBe(`practice-${cases[1].made.slug}`);
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
      // the same key as BibTeX's (pandoc cites CSL-JSON by id); a corporate author stays one literal name
      const [item] = data as { id: string; 'citation-key': string; author: object[] }[];
      expect(item.id).toBe(bibtexEntries(await cite(made.id, 'BIBTEX', field))[0].key);
      expect(item['citation-key']).toBe(item.id);
      expect(item.author).toEqual([{ literal: expect.any(String) }]);
    }
  });

  it('APA names author, year, title and URL; a tool is cited by its publisher, with its kind in brackets', async () => {
    const apa = await cite(plan.id, 'APA');
    expect(apa).toContain(`(${plan.year}). ${plan.title}`);
    const tool = await factories(t).record(RecordType.TOOL, { title: 'Indicator guide', publisher: 'UN-Habitat', year: 2019, url: 'https://unhabitat.example/guide' });
    expect(await cite(tool.id, 'APA', 'tool')).toBe('UN-Habitat. (2019). Indicator guide [Guide]. UN-Habitat. https://unhabitat.example/guide');
  });

  it('local governments have no citation field; the page citation downloads are attachments, 404 for drafts', async () => {
    const res = await t.gql(`{ localGovernments(limit: 1) { items { citation(format: APA) } } }`);
    expect(res.errors?.[0].message).toMatch(/Cannot query field "citation" on type "LocalGovernment"/);
    const bib = await t.http().get(`/r/${plan.id}/citation.bib`);
    expect(bib.status).toBe(200);
    expect(bib.headers['content-type']).toMatch(/^application\/x-bibtex/);
    expect(bib.headers['content-disposition']).toBe(`attachment; filename="${plan.slug}.bib"`);
    expect(bibtexEntries(bib.text)).toHaveLength(1);
    const ris = await t.http().get(`/r/${plan.id}/citation.ris`);
    expect(ris.headers['content-disposition']).toBe(`attachment; filename="${plan.slug}.ris"`);
    expect(ris.text.split('\r\n')).toContain(`ID  - ${plan.id}`);
    const tool = (await t.gql(`{ tools(limit: 1) { items { id slug } } }`)).data.tools.items[0];
    expect((await t.http().get(`/r/${tool.id}/citation.bib`)).headers['content-disposition']).toBe(`attachment; filename="${tool.slug}.bib"`);
    expect((await t.http().get(`/r/${tool.id}/citation.json`)).headers['content-disposition']).toBe(`attachment; filename="${tool.slug}.json"`);
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
