import { DataSource } from 'typeorm';
import { TaxonomyLinksService } from '../src/catalogue/taxonomy-links.service';
import { onlyError, startTestApp, TestApp } from './helpers/test-app';

const LG_FIELDS = 'id slug status name kind country { code } region { code name } subregion { code name } population website humanRightsCitySince';
const PLAN_FIELDS =
  'id slug status title year periodStart periodEnd adoptionDate languages publishedAt createdAt updatedAt themes { slug } sdgs { number } targetGroups { slug } localGovernment { id }';

describe('catalogue mutations: workflow, validation, all-or-nothing', () => {
  let t: TestApp;
  let db: DataSource;
  let placeId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    const res = await t.gql(`mutation($i: CreateLocalGovernmentInput!) { createLocalGovernment(input: $i) { ${LG_FIELDS} } }`, {
      i: { name: 'Testville', kind: 'CITY', country: 'SN', population: 12000, website: 'https://testville.example.org' },
    });
    expect(res.errors).toBeUndefined();
    placeId = res.data.createLocalGovernment.id;
    await t.gql(`mutation($id: ID!) { publishLocalGovernment(id: $id) { status } }`, { id: placeId });
  });
  afterAll(async () => {
    await t?.close();
  });

  const createPlan = (input: Record<string, unknown>) =>
    t.gql(`mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { ${PLAN_FIELDS} } }`, {
      i: { title: 'Testville Human Rights Action Plan', summary: 'A plan.', localGovernmentId: placeId, kind: 'HUMAN_RIGHTS', lifecycle: 'ADOPTED', ...input },
    });
  const rowCounts = async () => {
    const tables = ['local_government', 'action_plan', 'good_practice', 'tool', 'action_plan_theme', 'action_plan_sdg', 'good_practice_theme', 'tool_theme'];
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return counts;
  };

  it('derives the M49 region and sub-region of a local government from its country', async () => {
    const res = await t.gql(`query($id: ID) { localGovernment(id: $id) { ${LG_FIELDS} } }`, { id: placeId });
    expect(res.data.localGovernment).toMatchObject({
      slug: 'testville',
      status: 'PUBLISHED',
      country: { code: 'SN' },
      region: { code: '002', name: 'Africa' },
      subregion: { code: '202', name: 'Sub-Saharan Africa' },
    });
    const moved = await t.gql(`mutation($id: ID!) { updateLocalGovernment(id: $id, input: { country: "KR" }) { region { code } subregion { code } } }`, { id: placeId });
    expect(moved.data.updateLocalGovernment).toEqual({ region: { code: '142' }, subregion: { code: '030' } });
    await t.gql(`mutation($id: ID!) { updateLocalGovernment(id: $id, input: { country: "SN" }) { id } }`, { id: placeId });
  });

  it('takes a plan from draft to published to archived and back, visible only when published', async () => {
    const created = await createPlan({ themes: ['participation'], sdgs: [16, 5], targetGroups: ['youth'], periodStart: 2020, periodEnd: 2024, languages: ['fr', 'wo'] });
    expect(created.errors).toBeUndefined();
    const plan = created.data.createActionPlan;
    expect(plan).toMatchObject({ status: 'DRAFT', slug: 'testville-human-rights-action-plan', year: 2020, languages: ['fr', 'wo'], publishedAt: null });
    expect(plan.sdgs.map((s: any) => s.number)).toEqual([5, 16]);

    const visible = async () => {
      const res = await t.gql(
        `query($id: ID, $lg: ID) { actionPlan(id: $id) { id } actionPlans(filter: { localGovernmentId: $lg }) { totalCount }
          catalogueStats(filter: { localGovernmentId: $lg }) { totalCount } localGovernment(id: $lg) { actionPlans { id } } }`,
        { id: plan.id, lg: placeId },
      );
      expect(res.errors).toBeUndefined();
      const seen = [
        res.data.actionPlan !== null,
        res.data.actionPlans.totalCount === 1,
        res.data.catalogueStats.totalCount === 1,
        res.data.localGovernment.actionPlans.length === 1,
      ];
      expect(new Set(seen).size).toBe(1); // every read path agrees
      return seen[0];
    };
    expect(await visible()).toBe(false);

    const published = await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { status publishedAt } }`, { id: plan.id });
    expect(published.data.publishActionPlan.status).toBe('PUBLISHED');
    expect(published.data.publishActionPlan.publishedAt).not.toBeNull();
    expect(await visible()).toBe(true);

    const archived = await t.gql(`mutation($id: ID!) { archiveActionPlan(id: $id) { status } }`, { id: plan.id });
    expect(archived.data.archiveActionPlan.status).toBe('ARCHIVED');
    expect(await visible()).toBe(false);
    const publishArchived = await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { status } }`, { id: plan.id });
    expect(onlyError(publishArchived).extensions?.code).toBe('BAD_USER_INPUT');

    const restored = await t.gql(`mutation($id: ID!) { restoreActionPlan(id: $id) { status } }`, { id: plan.id });
    expect(restored.data.restoreActionPlan.status).toBe('PUBLISHED');
    expect(await visible()).toBe(true);

    // Archiving the local government hides its plans too; restoring shows them again.
    await t.gql(`mutation($id: ID!) { archiveLocalGovernment(id: $id) { status } }`, { id: placeId });
    expect((await t.gql(`query($id: ID) { actionPlan(id: $id) { id } }`, { id: plan.id })).data.actionPlan).toBeNull();
    await t.gql(`mutation($id: ID!) { restoreLocalGovernment(id: $id) { status } }`, { id: placeId });
    expect(await visible()).toBe(true);

    // Updates: undefined keeps, null clears, lists replace.
    const updated = await t.gql(`mutation($id: ID!, $i: UpdateActionPlanInput!) { updateActionPlan(id: $id, input: $i) { ${PLAN_FIELDS} } }`, {
      id: plan.id,
      i: { adoptionDate: '2019-03-08', periodEnd: null, themes: ['indicators', 'accountability'] },
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateActionPlan).toMatchObject({ year: 2019, periodStart: 2020, periodEnd: null, adoptionDate: '2019-03-08', title: plan.title });
    expect(updated.data.updateActionPlan.themes.map((x: any) => x.slug).sort()).toEqual(['accountability', 'indicators']);
    expect(updated.data.updateActionPlan.sdgs.map((s: any) => s.number)).toEqual([5, 16]);
    expect(new Date(updated.data.updateActionPlan.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(plan.updatedAt).getTime());
  });

  it('refuses to publish a plan whose local government is not published', async () => {
    const draftPlace = await t.gql(`mutation { createLocalGovernment(input: { name: "Draftburg", kind: MUNICIPALITY, country: "AT" }) { id } }`);
    const plan = await createPlan({ title: 'Draftburg plan', localGovernmentId: draftPlace.data.createLocalGovernment.id });
    const res = await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { status } }`, { id: plan.data.createActionPlan.id });
    expect(onlyError(res)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
    expect(onlyError(res).message).toContain('Draftburg');
  });

  it('creates and publishes good practices and tools, linking a practice to its plan', async () => {
    const plan = (await createPlan({ title: 'Plan with a practice' })).data.createActionPlan;
    await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { id } }`, { id: plan.id });
    const practice = await t.gql(
      `mutation($i: CreateGoodPracticeInput!) { createGoodPractice(input: $i) { id slug status actionPlan { id } localGovernment { id } themes { slug } } }`,
      {
        i: {
          title: 'Residents choose the indicators',
          summary: 'Participatory indicators.',
          localGovernmentId: placeId,
          actionPlanId: plan.id,
          startYear: 2021,
          themes: ['indicators'],
        },
      },
    );
    expect(practice.errors).toBeUndefined();
    const id = practice.data.createGoodPractice.id;
    await t.gql(`mutation($id: ID!) { publishGoodPractice(id: $id) { id } }`, { id });
    const read = await t.gql(`query($id: ID) { goodPractice(id: $id) { actionPlan { id goodPractices { id } } } }`, { id });
    expect(read.data.goodPractice.actionPlan.id).toBe(plan.id);
    expect(read.data.goodPractice.actionPlan.goodPractices.map((p: any) => p.id)).toContain(id);

    const tool = await t.gql(
      `mutation { createTool(input: { title: "A test toolkit", kind: TOOLKIT, summary: "Steps.", year: 2020, languages: ["en"], url: "https://example.org/toolkit", sdgs: [11] }) { id status kind } }`,
    );
    expect(tool.errors).toBeUndefined();
    const published = await t.gql(`mutation($id: ID!) { publishTool(id: $id) { status } }`, { id: tool.data.createTool.id });
    expect(published.data.publishTool.status).toBe('PUBLISHED');
  });

  it('derives unique slugs and refuses a duplicate explicit one', async () => {
    const a = await createPlan({ title: 'Équité à Testville' });
    const b = await createPlan({ title: 'Équité à Testville' });
    expect(a.data.createActionPlan.slug).toBe('equite-a-testville');
    expect(b.data.createActionPlan.slug).toBe('equite-a-testville-2');
    const dup = await createPlan({ slug: 'equite-a-testville' });
    expect(onlyError(dup)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.slug' } });
  });

  describe('bad input: BAD_USER_INPUT naming the field, and nothing written', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['unknown theme slug', { themes: ['participation', 'no-such-theme'] }, 'input.themes'],
      ['unknown target group', { targetGroups: ['martians'] }, 'input.targetGroups'],
      ['SDG outside 1-17', { sdgs: [0, 18] }, 'input.sdgs'],
      ['period end before start', { periodStart: 2024, periodEnd: 2020 }, 'input.periodEnd'],
      ['empty title', { title: '   ' }, 'input.title'],
      ['over-long title', { title: 'x'.repeat(301) }, 'input.title'],
      ['malformed URL', { sourceUrl: 'not a url' }, 'input.sourceUrl'],
      ['non-http URL', { sourceUrl: 'javascript:alert(1)' }, 'input.sourceUrl'],
      ['impossible date', { adoptionDate: '2021-02-30' }, 'input.adoptionDate'],
      ['bad language code', { languages: ['english'] }, 'input.languages'],
      ['malformed slug', { slug: 'Not A Slug' }, 'input.slug'],
    ];
    it.each(cases)('%s', async (_name, input, field) => {
      const before = await rowCounts();
      const res = await createPlan(input);
      const error = onlyError(res);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.field).toBe(field);
      expect(error.message).toContain(field);
      expect(error.extensions?.stacktrace).toBeUndefined();
      expect(await rowCounts()).toEqual(before);
    });

    it('unknown country and region codes', async () => {
      const country = await t.gql(`mutation { createLocalGovernment(input: { name: "Nowhere", kind: CITY, country: "XX" }) { id } }`);
      expect(onlyError(country).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.country' });
      const region = await t.gql(`{ actionPlans(filter: { regions: ["999"] }) { totalCount } }`);
      expect(onlyError(region).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.regions' });
      const theme = await t.gql(`{ tools(filter: { themes: ["nope"] }) { totalCount } }`);
      expect(onlyError(theme).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.themes' });
      const sdg = await t.gql(`{ catalogueStats(filter: { sdgs: [42] }) { totalCount } }`);
      expect(onlyError(sdg).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.sdgs' });
    });

    it('limit above 100 and negative offset', async () => {
      const limit = await t.gql(`{ actionPlans(limit: 101) { totalCount } }`);
      expect(onlyError(limit).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
      const offset = await t.gql(`{ goodPractices(offset: -1) { totalCount } }`);
      expect(onlyError(offset).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
    });

    it('an update that fails leaves the record as it was', async () => {
      const plan = (await createPlan({ title: 'Stable plan', periodStart: 2020 })).data.createActionPlan;
      const res = await t.gql(`mutation($id: ID!) { updateActionPlan(id: $id, input: { title: "Changed", periodEnd: 2010 }) { id } }`, { id: plan.id });
      expect(onlyError(res).extensions?.field).toBe('input.periodEnd');
      const cleared = await t.gql(`mutation($id: ID!) { updateActionPlan(id: $id, input: { title: null }) { id } }`, { id: plan.id });
      expect(onlyError(cleared).extensions?.field).toBe('input.title');
      const row = (await db.query(`SELECT title, period_end FROM action_plan WHERE id = '${plan.id}'`))[0];
      expect(row).toEqual({ title: 'Stable plan', period_end: null });
    });
  });

  it('answers NOT_FOUND for an unknown id in a mutation', async () => {
    for (const mutation of ['publishActionPlan', 'archiveGoodPractice', 'restoreTool', 'publishLocalGovernment']) {
      const res = await t.gql(`mutation { ${mutation}(id: "00000000-0000-4000-8000-000000000000") { id } }`);
      expect(onlyError(res).extensions?.code).toBe('NOT_FOUND');
    }
    const update = await t.gql(`mutation { updateTool(id: "no-such-id", input: { title: "New title" }) { id } }`);
    expect(onlyError(update).extensions?.code).toBe('NOT_FOUND');
  });

  it('rolls back the whole mutation when a later step fails', async () => {
    // Fault injection into our own code: the taxonomy links are written after the record row.
    const links = t.app.get(TaxonomyLinksService);
    const original = links.replace.bind(links);
    const spy = jest.spyOn(links, 'replace').mockImplementationOnce(async (...args) => {
      await original(...args);
      throw new Error('disk full (injected)');
    });
    const before = await rowCounts();
    const res = await createPlan({ title: 'Never stored', themes: ['participation'], sdgs: [16] });
    spy.mockRestore();
    expect(onlyError(res)).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(await rowCounts()).toEqual(before);
    const found = await db.query(`SELECT COUNT(*) AS n FROM action_plan WHERE title = 'Never stored'`);
    expect(Number(found[0].n)).toBe(0);
  });
});
