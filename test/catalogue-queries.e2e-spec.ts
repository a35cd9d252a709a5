import { RequestContext } from '../src/accounts/request-context';
import { QueryCountingLogger } from '../src/database/query-counter';
import { ActionPlansService } from '../src/catalogue/action-plans.service';
import { ActionPlanKind, ActionPlanLifecycle } from '../src/catalogue/enums';
import { onlyError, startTestApp, TestApp } from './helpers/test-app';
import { placeOf, planYear, seed } from './helpers/seed-data';

const PLAN_FIELDS = `id slug title year languages status
  localGovernment { id name country { code name region { code } subregion { code } } region { code name } subregion { code name } }
  themes { slug name parent { slug } } sdgs { number title color } targetGroups { slug name }
  goodPractices { slug actionPlan { slug } }`;

describe('catalogue queries (seeded, real database over HTTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const allPlans = async (filter: Record<string, unknown> = {}) => {
    const res = await t.gql(`query($f: CatalogueFilter) { actionPlans(filter: $f, limit: 100) { totalCount items { slug } } }`, { f: filter });
    expect(res.errors).toBeUndefined();
    return res.data.actionPlans as { totalCount: number; items: { slug: string }[] };
  };
  const slugs = (list: { items: { slug: string }[] }) => list.items.map((i) => i.slug).sort();

  it('lists European plans tagged SDG 16 with their local government, themes and SDGs', async () => {
    const expected = seed.actionPlans
      .filter((p) => p.sdgs.includes(16) && placeOf(p.localGovernment).region === '150')
      .map((p) => p.slug)
      .sort();
    expect(expected.length).toBeGreaterThan(2);

    const res = await t.gql(`{ actionPlans(filter: { sdgs: [16], regions: ["150"] }, limit: 100) { totalCount limit offset items { ${PLAN_FIELDS} } } }`);
    expect(res.errors).toBeUndefined();
    const list = res.data.actionPlans;
    expect(list.totalCount).toBe(expected.length);
    expect(list.items.map((p: any) => p.slug).sort()).toEqual(expected);
    for (const plan of list.items) {
      expect(plan.status).toBe('PUBLISHED');
      expect(plan.localGovernment.region).toEqual({ code: '150', name: 'Europe' });
      expect(plan.localGovernment.country.region.code).toBe('150');
      expect(plan.sdgs.map((s: any) => s.number)).toContain(16);
      const source = seed.actionPlans.find((p) => p.slug === plan.slug);
      expect(plan.themes.map((th: any) => th.slug).sort()).toEqual([...source.themes].sort());
      expect(plan.localGovernment.name).toBe(seed.localGovernments.find((g) => g.slug === source.localGovernment).name);
    }
  });

  it('applies each filter field as the seed data says: any value within a field, all fields together', async () => {
    const bySeed = (pred: (p: any) => boolean) =>
      seed.actionPlans
        .filter(pred)
        .map((p) => p.slug)
        .sort();

    expect(slugs(await allPlans({ sdgs: [5, 10] }))).toEqual(bySeed((p) => p.sdgs.includes(5) || p.sdgs.includes(10)));
    expect(slugs(await allPlans({ countries: ['AT', 'KR'] }))).toEqual(bySeed((p) => ['AT', 'KR'].includes(placeOf(p.localGovernment).country)));
    expect(slugs(await allPlans({ regions: ['202'] }))).toEqual(bySeed((p) => placeOf(p.localGovernment).subregion === '202'));
    expect(slugs(await allPlans({ regions: ['002', '009'] }))).toEqual(bySeed((p) => ['002', '009'].includes(placeOf(p.localGovernment).region)));
    expect(slugs(await allPlans({ yearFrom: 2015, yearTo: 2020 }))).toEqual(bySeed((p) => planYear(p) !== null && planYear(p)! >= 2015 && planYear(p)! <= 2020));
    expect(slugs(await allPlans({ languages: ['fr'] }))).toEqual(bySeed((p) => (p.languages ?? []).includes('fr')));
    expect(slugs(await allPlans({ targetGroups: ['women-and-girls'] }))).toEqual(bySeed((p) => p.targetGroups.includes('women-and-girls')));
    expect(slugs(await allPlans({ sdgs: [16], regions: ['150'], themes: ['participation'] }))).toEqual(
      bySeed((p) => p.sdgs.includes(16) && placeOf(p.localGovernment).region === '150' && p.themes.includes('participation')),
    );
  });

  it('matches a parent theme through its children', async () => {
    const children = seed.themes.filter((th) => th.parent === 'hrba').map((th) => th.slug);
    const expected = seed.actionPlans
      .filter((p) => p.themes.some((s: string) => s === 'hrba' || children.includes(s)))
      .map((p) => p.slug)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(slugs(await allPlans({ themes: ['hrba'] }))).toEqual(expected);
  });

  it('filters practices, tools and local governments with the same input', async () => {
    const practices = await t.gql(
      `{ goodPractices(filter: { regions: ["150"] }, limit: 100) { totalCount items { slug localGovernment { region { code } } actionPlan { slug } } } }`,
    );
    expect(practices.errors).toBeUndefined();
    expect(practices.data.goodPractices.totalCount).toBe(seed.goodPractices.filter((p) => placeOf(p.localGovernment).region === '150').length);

    const tools = await t.gql(`{ tools(filter: { sdgs: [16] }, limit: 100) { totalCount items { slug kind sdgs { number } } } }`);
    expect(tools.data.tools.totalCount).toBe(seed.tools.filter((x) => x.sdgs.includes(16)).length);
    // Tools have no place: a geographic filter matches none.
    const placedTools = await t.gql(`{ tools(filter: { regions: ["150"] }) { totalCount } }`);
    expect(placedTools.data.tools.totalCount).toBe(0);

    const govs = await t.gql(
      `{ localGovernments(filter: { regions: ["142"] }, limit: 100) { totalCount items { slug region { code } actionPlans { slug } goodPractices { slug } } } }`,
    );
    expect(govs.errors).toBeUndefined();
    expect(govs.data.localGovernments.totalCount).toBe(seed.localGovernments.filter((g) => placeOf(g.slug).region === '142').length);
    for (const g of govs.data.localGovernments.items) {
      expect(g.actionPlans.map((p: any) => p.slug).sort()).toEqual(
        seed.actionPlans
          .filter((p) => p.localGovernment === g.slug)
          .map((p) => p.slug)
          .sort(),
      );
    }
    // A local government matches a content filter through its plans and practices.
    const sdg5 = await t.gql(`{ localGovernments(filter: { sdgs: [5] }, limit: 100) { items { slug } } }`);
    const expectedGovs = new Set([...seed.actionPlans, ...seed.goodPractices].filter((r) => r.sdgs.includes(5)).map((r) => r.localGovernment));
    expect(sdg5.data.localGovernments.items.map((g: any) => g.slug).sort()).toEqual([...expectedGovs].sort());
  });

  it('returns one record by id or slug, and null when absent', async () => {
    const first = seed.actionPlans[0];
    const bySlug = await t.gql(`query($s: String) { actionPlan(slug: $s) { id slug title } }`, { s: first.slug });
    expect(bySlug.data.actionPlan).toMatchObject({ slug: first.slug, title: first.title });
    const byId = await t.gql(`query($id: ID) { actionPlan(id: $id) { slug } }`, { id: bySlug.data.actionPlan.id });
    expect(byId.data.actionPlan.slug).toBe(first.slug);
    const absent = await t.gql(`{ actionPlan(slug: "no-such-plan") { id } tool(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(absent.errors).toBeUndefined();
    expect(absent.data).toEqual({ actionPlan: null, tool: null });
    const neither = await t.gql(`{ goodPractice { id } }`);
    expect(onlyError(neither).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('paginates with a stable order and sorts', async () => {
    const all = await t.gql(`{ actionPlans(limit: 100, sort: TITLE_ASC) { totalCount items { slug title } } }`);
    const items = all.data.actionPlans.items;
    expect(items.length).toBe(seed.actionPlans.length);
    const titles = items.map((p: any) => p.title);
    expect(titles).toEqual([...titles].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    const pageTwo = await t.gql(`{ actionPlans(limit: 5, offset: 5, sort: TITLE_ASC) { totalCount limit offset items { slug } } }`);
    expect(pageTwo.data.actionPlans.totalCount).toBe(seed.actionPlans.length);
    expect(pageTwo.data.actionPlans.items.map((p: any) => p.slug)).toEqual(items.slice(5, 10).map((p: any) => p.slug));

    const byYear = await t.gql(`{ actionPlans(limit: 100, sort: YEAR_DESC) { items { year } } }`);
    const years = byYear.data.actionPlans.items.map((p: any) => p.year).filter((y: number | null) => y !== null);
    expect(years).toEqual([...years].sort((a: number, b: number) => b - a));
    const countOnly = await t.gql(`{ tools(limit: 0) { totalCount items { slug } } }`);
    expect(countOnly.data.tools).toEqual({ totalCount: seed.tools.length, items: [] });
  });

  it('counts in catalogueStats exactly what the lists return for the same filter', async () => {
    for (const filter of [{}, { sdgs: [16] }, { regions: ['150'] }, { themes: ['participation'], yearFrom: 2010 }]) {
      const res = await t.gql(
        `query($f: CatalogueFilter) {
          catalogueStats(filter: $f, types: [ACTION_PLAN, GOOD_PRACTICE, TOOL, LOCAL_GOVERNMENT]) {
            totalCount byType { type count } byRegion { region { code } count } byCountry { country { code } count }
            bySdg { sdg { number } count } byTheme { theme { slug } count } byYear { year count }
          }
          actionPlans(filter: $f) { totalCount } goodPractices(filter: $f) { totalCount } tools(filter: $f) { totalCount } localGovernments(filter: $f) { totalCount }
        }`,
        { f: filter },
      );
      expect(res.errors).toBeUndefined();
      const stats = res.data.catalogueStats;
      const count = (type: string) => stats.byType.find((c: any) => c.type === type).count;
      expect(count('ACTION_PLAN')).toBe(res.data.actionPlans.totalCount);
      expect(count('GOOD_PRACTICE')).toBe(res.data.goodPractices.totalCount);
      expect(count('TOOL')).toBe(res.data.tools.totalCount);
      expect(count('LOCAL_GOVERNMENT')).toBe(res.data.localGovernments.totalCount);
    }

    // Region counts equal list totals filtered by that region.
    const stats = await t.gql(`{ catalogueStats(types: [ACTION_PLAN]) { totalCount byRegion { region { code } count } bySdg { sdg { number } count } byYear { year count } } }`);
    const s = stats.data.catalogueStats;
    expect(s.totalCount).toBe(seed.actionPlans.length);
    for (const { region, count } of s.byRegion) expect(count).toBe((await allPlans({ regions: [region.code] })).totalCount);
    for (const { sdg, count } of s.bySdg) expect(count).toBe(seed.actionPlans.filter((p) => p.sdgs.includes(sdg.number)).length);
    for (const { year, count } of s.byYear) expect(count).toBe(seed.actionPlans.filter((p) => planYear(p) === year).length);
    expect(s.byRegion.map((r: any) => r.region.code).sort()).toEqual(['002', '009', '019', '142', '150']);
  });

  it('serves the taxonomies', async () => {
    const res = await t.gql(`{ sdgs { number title color } themes { slug parent { slug } children { slug } } targetGroups { slug name }
      regions { code name subregions { code name } } countries(region: "155") { code name region { code } subregion { code } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.sdgs).toHaveLength(17);
    expect(res.data.sdgs[15]).toEqual({ number: 16, title: 'Peace, Justice and Strong Institutions', color: '#00689D' });
    expect(res.data.regions.map((r: any) => r.code).sort()).toEqual(['002', '009', '019', '142', '150']);
    const europe = res.data.regions.find((r: any) => r.code === '150');
    expect(europe.subregions.map((r: any) => r.code).sort()).toEqual(['039', '151', '154', '155']);
    expect(res.data.countries.find((c: any) => c.code === 'AT')).toEqual({ code: 'AT', name: 'Austria', region: { code: '150' }, subregion: { code: '155' } });
    expect(res.data.countries.every((c: any) => c.subregion.code === '155')).toBe(true);
    const hrba = res.data.themes.find((th: any) => th.slug === 'hrba');
    expect(hrba.children.map((c: any) => c.slug)).toContain('participation');
    expect(res.data.themes.find((th: any) => th.slug === 'participation').parent).toEqual({ slug: 'hrba' });
    const unknownRegion = await t.gql(`{ countries(region: "999") { code } }`);
    expect(onlyError(unknownRegion).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
  });

  it('lists 100 plans with every nested field in a bounded number of SQL queries (no N+1)', async () => {
    // Top the collection up to over 100 published plans.
    const plans = t.app.get(ActionPlansService);
    const system = RequestContext.system('test: generating plans');
    const lg = (await t.gql(`{ localGovernments(limit: 1) { items { id } } }`)).data.localGovernments.items[0].id;
    const missing = 105 - seed.actionPlans.length;
    for (let i = 0; i < missing; i++) {
      const plan = await plans.create(system, {
        title: `Generated plan ${i}`,
        summary: 'Generated for the query-count test.',
        localGovernmentId: lg,
        kind: ActionPlanKind.HUMAN_RIGHTS,
        lifecycle: ActionPlanLifecycle.ADOPTED,
        periodStart: 2020,
        themes: ['participation', 'indicators'],
        sdgs: [16],
        targetGroups: ['youth'],
      });
      await plans.publish(system, plan.id);
    }
    // From here on the search worker only polls its outbox (and renews its lease) and the extraction worker its queue; none is counted.
    await t.documentsSettled();
    const queriesFor = async (limit: number) => {
      const before = QueryCountingLogger.queryCount;
      const res = await t.gql(`query($l: Int) { actionPlans(limit: $l) { totalCount items { ${PLAN_FIELDS} localGovernment { actionPlans { slug } goodPractices { slug } } } } }`, {
        l: limit,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.actionPlans.items).toHaveLength(limit);
      const all = QueryCountingLogger.recent.slice(-(QueryCountingLogger.queryCount - before));
      statements[limit] = all
        .filter((q) => !q.includes('search_outbox') && !q.includes('worker_lease') && !q.includes('FROM "document" "d"'))
        .map((q) => q.replace(/\s+/g, ' ').slice(0, 100));
      return statements[limit].length;
    };
    const statements: Record<number, string[]> = {};
    await queriesFor(1); // warm the taxonomy cache
    const small = await queriesFor(5);
    const large = await queriesFor(100);
    expect([...statements[100]].sort()).toEqual([...statements[5]].sort()); // the same statements, whatever the page size
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(12);
  });
});
