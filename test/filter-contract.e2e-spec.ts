import { FILTER_FIELDS, isContent } from '../src/catalogue/filter-fields';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * One meaning for a CatalogueFilter: each case runs through the list query of each record type
 * (SQL) and through `search` (Meilisearch) restricted to that type, and both must give the same
 * record ids. The one intended difference is marked: content fields (themes, SDGs, target groups,
 * years, languages) match a local government in the lists through its published plans and
 * practices, while in search they match the records themselves, so local governments drop out.
 */
const LISTS = {
  ACTION_PLAN: 'actionPlans',
  GOOD_PRACTICE: 'goodPractices',
  TOOL: 'tools',
  LOCAL_GOVERNMENT: 'localGovernments',
} as const;
type HitType = keyof typeof LISTS;

const CONTENT_FIELDS: string[] = FILTER_FIELDS.filter(isContent).map((f) => f.field);

const CASES: { name: string; filter: Record<string, unknown> | ((t: { graz: string; since: string }) => Record<string, unknown>) }[] = [
  { name: 'no filter', filter: {} },
  { name: 'a theme', filter: { themes: ['participation'] } },
  { name: 'a parent theme (its children match)', filter: { themes: ['hrba'] } },
  { name: 'two themes (either)', filter: { themes: ['accountability', 'participation'] } },
  { name: 'an SDG', filter: { sdgs: [16] } },
  { name: 'two SDGs (either)', filter: { sdgs: [5, 10] } },
  { name: 'a region', filter: { regions: ['150'] } },
  { name: 'a sub-region', filter: { regions: ['155'] } },
  { name: 'a country', filter: { countries: ['AT'] } },
  { name: 'a target group', filter: { targetGroups: ['youth'] } },
  { name: 'from a year', filter: { yearFrom: 2015 } },
  { name: 'up to a year', filter: { yearTo: 2012 } },
  { name: 'a span of years', filter: { yearFrom: 2010, yearTo: 2018 } },
  { name: 'a language', filter: { languages: ['fr'] } },
  { name: 'a local government', filter: ({ graz }) => ({ localGovernmentId: graz }) },
  // its own last change, for every type (a local government's too, not its plans')
  { name: 'changed since a moment', filter: ({ since }) => ({ updatedSince: since }) },
  { name: 'changed since, with a region', filter: ({ since }) => ({ updatedSince: since, regions: ['150'] }) },
  { name: 'fields together (all must match)', filter: { regions: ['150'], sdgs: [16], themes: ['hrba'] } },
  { name: 'nothing matches', filter: { countries: ['AT'], regions: ['002'] } },
];

describe('one meaning for a filter: lists and search give the same records', () => {
  let t: TestApp;
  let graz: string;
  let since: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.searchSettled();
    graz = (await t.gql(`{ localGovernment(slug: "graz") { id } }`)).data.localGovernment.id;
    // One record of each type changes after `since`: updatedSince must find exactly those, both ways.
    await new Promise((r) => setTimeout(r, 20));
    since = new Date().toISOString();
    const first = (await t.gql(`{ actionPlans(limit: 1) { items { id } } goodPractices(limit: 1) { items { id } } tools(limit: 1) { items { id } } }`)).data;
    for (const [mutation, id, input] of [
      ['updateActionPlan', first.actionPlans.items[0].id, { summary: 'Changed for the updatedSince case.' }],
      ['updateGoodPractice', first.goodPractices.items[0].id, { summary: 'Changed for the updatedSince case.' }],
      ['updateTool', first.tools.items[0].id, { summary: 'Changed for the updatedSince case.' }],
      ['updateLocalGovernment', graz, { population: 291000 }],
    ]) {
      const res = await t.gql(`mutation($id: ID!, $i: ${mutation.replace('update', 'Update')}Input!) { ${mutation}(id: $id, input: $i) { id } }`, { id, i: input });
      expect(res.errors).toBeUndefined();
    }
    await t.searchSettled();
  });
  afterAll(() => t?.close());

  const listIds = async (type: HitType, filter: Record<string, unknown>) => {
    const res = await t.gql(`query($f: CatalogueFilter) { list: ${LISTS[type]}(filter: $f, limit: 100) { totalCount items { id } } }`, { f: filter });
    expect(res.errors).toBeUndefined();
    expect(res.data.list.totalCount).toBeLessThanOrEqual(100);
    return (res.data.list.items as { id: string }[]).map((i) => i.id).sort();
  };
  const searchIds = async (type: HitType, filter: Record<string, unknown>) => {
    const res = await t.gql(`query($f: CatalogueFilter, $t: [SearchHitType!]) { search(query: "", types: $t, filter: $f, limit: 100) { totalCount items { id } } }`, {
      f: filter,
      t: [type],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.search.totalCount).toBeLessThanOrEqual(100);
    return (res.data.search.items as { id: string }[]).map((i) => i.id).sort();
  };

  const rows = CASES.flatMap((c) => (Object.keys(LISTS) as HitType[]).map((type) => [c.name, type, c] as const));

  it.each(rows)('%s — %s', async (_name, type, c) => {
    const filter = typeof c.filter === 'function' ? c.filter({ graz, since }) : c.filter;
    const [list, search] = [await listIds(type, filter), await searchIds(type, filter)];
    const intendedDifference = type === 'LOCAL_GOVERNMENT' && CONTENT_FIELDS.some((f) => f in filter);
    if (intendedDifference) {
      // Marked: lists match local governments through their published plans and practices; search does not.
      expect(search).toEqual([]);
      return;
    }
    expect(search).toEqual(list);
  });

  it('every field of the filter table has a case (a new filter is checked both ways)', () => {
    const covered = new Set(CASES.flatMap((c) => Object.keys(typeof c.filter === 'function' ? c.filter({ graz: 'id', since: 'moment' }) : c.filter)));
    expect(FILTER_FIELDS.map((f) => f.field).filter((f) => !covered.has(f))).toEqual([]);
  });

  it('the cases are not vacuous: most of them match something in the lists', async () => {
    let matching = 0;
    for (const c of CASES) {
      const filter = typeof c.filter === 'function' ? c.filter({ graz, since }) : c.filter;
      if ((await listIds('ACTION_PLAN', filter)).length) matching++;
    }
    expect(matching).toBeGreaterThanOrEqual(CASES.length - 2);
  });

  it('updatedSince finds exactly the one record of each type changed since', async () => {
    for (const type of Object.keys(LISTS) as HitType[]) expect({ type, n: (await listIds(type, { updatedSince: since })).length }).toEqual({ type, n: 1 });
    expect(await listIds('LOCAL_GOVERNMENT', { updatedSince: since })).toEqual([graz]);
  });

  it('the marked difference is real: a local government matches a theme in the list through its plans', async () => {
    expect((await listIds('LOCAL_GOVERNMENT', { themes: ['participation'] })).length).toBeGreaterThan(0);
  });
});
