import { MeiliService } from '../src/search/meili.service';
import { meiliFilter } from '../src/search/meili-filter';
import { SearchIndexService } from '../src/search/search-index.service';
import { onlyError, startTestApp, TestApp } from './helpers/test-app';
import { seed } from './helpers/seed-data';

const CONTENT_TYPES = '[ACTION_PLAN, GOOD_PRACTICE, TOOL]';

describe('search (real Meilisearch process started by the app)', () => {
  let t: TestApp;
  let placeId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.searchSettled();
    placeId = (await t.gql(`{ localGovernment(slug: "${seed.localGovernments[0].slug}") { id } }`)).data.localGovernment.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const search = (
    query: string,
    extra = '',
    fields = 'totalCount items { type id highlightedTitle snippet record { __typename ... on ActionPlan { slug title } ... on GoodPractice { slug title } ... on Tool { slug title } ... on LocalGovernment { slug name } } }',
  ) => t.gql(`{ search(query: ${JSON.stringify(query)}${extra}) { ${fields} } }`);

  const createPublishedTool = async (title: string, summary: string) => {
    const created = await t.gql(`mutation($i: CreateToolInput!) { createTool(input: $i) { id } }`, {
      i: { title, summary, kind: 'GUIDE', year: 2022, sdgs: [16], themes: ['participation'] },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data.createTool.id;
    await t.gql(`mutation($id: ID!) { publishTool(id: $id) { id } }`, { id });
    return id as string;
  };

  it('forgives typos: "particpation" finds seeded records about participation, highlighted', async () => {
    const res = await search('particpation', ', limit: 100');
    expect(res.errors).toBeUndefined();
    const items = res.data.search.items;
    expect(res.data.search.totalCount).toBeGreaterThan(0);
    const titled = seed.actionPlans.filter((p) => /participation/i.test(p.title)).map((p) => p.slug);
    const found = items.map((i: any) => i.record.slug);
    for (const slug of titled) expect(found).toContain(slug);
    const marked = items.filter((i: any) => /<mark>particip/i.test(`${i.highlightedTitle} ${i.snippet}`));
    expect(marked.length).toBeGreaterThan(0);
    for (const item of items) expect(item.snippet ?? '').not.toMatch(/<(?!\/?mark>)/); // HTML-escaped apart from <mark>
  });

  it("knows the field's synonyms: HRBA, SDG, LGBTI", async () => {
    const hrba = await createPublishedTool('Checklist for local administrations', 'Applying a human rights-based approach to municipal budgets.');
    const lgbt = await createPublishedTool('Rainbow municipality guide', 'Local action plans for LGBTIQ residents.');
    const sdg = await createPublishedTool('Localising the goals', 'How cities report on each sustainable development goal.');
    await t.searchSettled();
    const ids = async (q: string) => (await search(q, ', limit: 100')).data.search.items.map((i: any) => i.id);
    expect(await ids('HRBA')).toContain(hrba);
    expect(await ids('LGBT')).toContain(lgbt);
    expect(await ids('lgbti')).toContain(lgbt);
    expect(await ids('SDG')).toContain(sdg);
  });

  it("returns facet counts equal to the catalogue's counts for the same filter", async () => {
    for (const filter of ['{}', '{ sdgs: [16] }', '{ regions: ["150"] }', '{ themes: ["hrba"] }']) {
      const res = await t.gql(`{
        search(query: "", filter: ${filter}, types: ${CONTENT_TYPES}, limit: 0) { totalCount facets {
          types { value count } themes { value count } sdgs { value count } regions { value count } countries { value count } years { value count } targetGroups { value count } } }
        catalogueStats(filter: ${filter}) { totalCount byType { type count } byTheme { theme { slug } count } bySdg { sdg { number } count }
          byRegion { region { code } count } bySubregion { region { code } count } byCountry { country { code } count } byYear { year count } byTargetGroup { targetGroup { slug } count } }
      }`);
      expect(res.errors).toBeUndefined();
      const { search: s, catalogueStats: c } = res.data;
      const asMap = (list: { value: string; count: number }[]) => Object.fromEntries(list.map((v) => [v.value, v.count]));
      expect(s.totalCount).toBe(c.totalCount);
      expect(asMap(s.facets.types)).toEqual(Object.fromEntries(c.byType.filter((x: any) => x.count > 0).map((x: any) => [x.type, x.count])));
      expect(asMap(s.facets.themes)).toEqual(Object.fromEntries(c.byTheme.map((x: any) => [x.theme.slug, x.count])));
      expect(asMap(s.facets.sdgs)).toEqual(Object.fromEntries(c.bySdg.map((x: any) => [String(x.sdg.number), x.count])));
      expect(asMap(s.facets.regions)).toEqual(Object.fromEntries([...c.byRegion, ...c.bySubregion].map((x: any) => [x.region.code, x.count])));
      expect(asMap(s.facets.countries)).toEqual(Object.fromEntries(c.byCountry.map((x: any) => [x.country.code, x.count])));
      expect(asMap(s.facets.years)).toEqual(Object.fromEntries(c.byYear.map((x: any) => [String(x.year), x.count])));
      expect(asMap(s.facets.targetGroups)).toEqual(Object.fromEntries(c.byTargetGroup.map((x: any) => [x.targetGroup.slug, x.count])));
    }
    // An empty query browses every published record.
    const all = await t.gql(`{ search(query: "", limit: 0) { totalCount } catalogueStats(types: [ACTION_PLAN, GOOD_PRACTICE, TOOL, LOCAL_GOVERNMENT]) { totalCount } }`);
    expect(all.data.search.totalCount).toBe(all.data.catalogueStats.totalCount);
  });

  it('never shows drafts or archived records', async () => {
    const created = await t.gql(`mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { id } }`, {
      i: { title: 'Quuxborough zebrafinch plan', summary: 'Unique words for this test.', localGovernmentId: placeId, kind: 'OTHER', lifecycle: 'IN_PREPARATION' },
    });
    const id = created.data.createActionPlan.id;
    const hits = async () => {
      await t.searchSettled();
      return (await search('zebrafinch')).data.search.totalCount;
    };
    expect(await hits()).toBe(0);
    await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { id } }`, { id });
    expect(await hits()).toBe(1);
    await t.gql(`mutation($id: ID!) { archiveActionPlan(id: $id) { id } }`, { id });
    expect(await hits()).toBe(0);
    await t.gql(`mutation($id: ID!) { restoreActionPlan(id: $id) { id } }`, { id });
    expect(await hits()).toBe(1);
    // A renamed local government changes its plans' documents too.
    await t.gql(`mutation($id: ID!) { updateLocalGovernment(id: $id, input: { name: "Xylophonia" }) { id } }`, { id: placeId });
    await t.searchSettled();
    const byPlace = await search('Xylophonia', `, types: [ACTION_PLAN]`);
    expect(byPlace.data.search.items.map((i: any) => i.id)).toContain(id);
  });

  it('keeps writes working while Meilisearch is down, and catches up when it is back', async () => {
    const meili = t.app.get(MeiliService);
    await meili.embedded!.stop();

    const down = await search('participation');
    expect(onlyError(down).extensions?.code).toBe('SEARCH_UNAVAILABLE');
    const health = await t.http().get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', database: { status: 'up' }, search: { status: 'down' } });
    expect((await t.gql('{ actionPlans(limit: 1) { totalCount } }')).errors).toBeUndefined();

    const created = await t.gql(`mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { id } }`, {
      i: { title: 'Plan written while search was down', summary: 'Written during the outage: quokkaberry.', localGovernmentId: placeId, kind: 'OTHER', lifecycle: 'ADOPTED' },
    });
    expect(created.errors).toBeUndefined();
    const published = await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { status } }`, { id: created.data.createActionPlan.id });
    expect(published.data.publishActionPlan.status).toBe('PUBLISHED');
    await new Promise((r) => setTimeout(r, 1500)); // the worker tries, fails and backs off

    await meili.embedded!.start();
    await t.searchSettled(); // no manual step: the worker retries on its own
    const back = await search('quokkaberry');
    expect(back.errors).toBeUndefined();
    expect(back.data.search.items.map((i: any) => i.id)).toEqual([created.data.createActionPlan.id]);
    expect((await t.http().get('/health')).body.status).toBe('ok');
  });

  it('keeps answering searches while a reindex rebuilds and swaps the index', async () => {
    const before = (await search('', ', limit: 0', 'totalCount')).data.search.totalCount;
    let done = false;
    const reindex = t.app
      .get(SearchIndexService)
      .reindex()
      .finally(() => (done = true));
    const answers: number[] = [];
    while (!done) {
      const res = await search('', ', limit: 0', 'totalCount');
      expect(res.errors).toBeUndefined();
      answers.push(res.data.search.totalCount);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await reindex).documents).toBe(before);
    expect(answers.length).toBeGreaterThan(1);
    expect(answers.every((n) => n === before)).toBe(true);
    expect((await search('', ', limit: 0', 'totalCount')).data.search.totalCount).toBe(before);
  });

  it('never lets a filter value change the query', async () => {
    const injection = await t.gql(`{ search(query: "", filter: { themes: ["x\\" OR type = \\"TOOL"] }) { totalCount } }`);
    expect(onlyError(injection).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.themes' });
    // Even past validation, the escaped value is one string to Meilisearch: it matches nothing.
    const meili = t.app.get(MeiliService);
    const raw = await meili.call((c) => c.index(meili.indexUid).search('', { filter: meiliFilter(null, null, ['x" OR type = "TOOL']), limit: 0 }));
    expect(raw.estimatedTotalHits).toBe(0);
  });

  it('refuses bad paging and unknown facet values with clear errors', async () => {
    expect(onlyError(await search('a', ', limit: 101')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    expect(onlyError(await search('a', ', offset: 10001')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
    expect(onlyError(await search('a', ', filter: { countries: ["ZZ"] }')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.countries' });
  });

  it('narrows by type, filter and sort', async () => {
    const res = await t.gql(
      `{ search(query: "", types: [ACTION_PLAN], filter: { regions: ["150"], sdgs: [16] }, sort: YEAR_DESC, limit: 100) { totalCount items { type record { ... on ActionPlan { year localGovernment { region { code } } sdgs { number } } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const list = await t.gql(`{ actionPlans(filter: { regions: ["150"], sdgs: [16] }) { totalCount } }`);
    expect(res.data.search.totalCount).toBe(list.data.actionPlans.totalCount);
    const years = res.data.search.items.map((i: any) => i.record.year).filter((y: number | null) => y != null);
    expect(years).toEqual([...years].sort((a: number, b: number) => b - a));
    for (const item of res.data.search.items) {
      expect(item.type).toBe('ACTION_PLAN');
      expect(item.record.localGovernment.region.code).toBe('150');
      expect(item.record.sdgs.map((s: any) => s.number)).toContain(16);
    }
  });
});
