import { DataSource } from 'typeorm';
import { SeedService } from '../src/seed/seed.service';
import { startTestApp, TestApp } from './helpers/test-app';
import { seed } from './helpers/seed-data';

describe('seed collection', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(); // an empty database is seeded at start
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads on first start: every seed record published, every region covered, each with a source', async () => {
    const res = await t.gql(`{
      localGovernments(limit: 100) { totalCount items { region { code } } }
      actionPlans(limit: 100) { totalCount items { sourceUrl } }
      goodPractices(limit: 100) { totalCount items { sourceUrl } }
      tools(limit: 100) { totalCount items { url } }
    }`);
    expect(res.errors).toBeUndefined();
    const d = res.data;
    expect(d.localGovernments.totalCount).toBe(seed.localGovernments.length);
    expect(d.localGovernments.totalCount).toBeGreaterThanOrEqual(20);
    expect(new Set(d.localGovernments.items.map((g: any) => g.region.code))).toEqual(new Set(['002', '009', '019', '142', '150']));
    expect(d.actionPlans.totalCount).toBe(seed.actionPlans.length);
    expect(d.actionPlans.totalCount).toBeGreaterThanOrEqual(20);
    expect(d.goodPractices.totalCount).toBe(seed.goodPractices.length);
    expect(d.goodPractices.totalCount).toBeGreaterThanOrEqual(10);
    expect(d.tools.totalCount).toBe(seed.tools.length);
    expect(d.tools.totalCount).toBeGreaterThanOrEqual(10);
    for (const item of [...d.actionPlans.items, ...d.goodPractices.items]) expect(item.sourceUrl).toMatch(/^https?:\/\//);
    for (const item of d.tools.items) expect(item.url).toMatch(/^https?:\/\//);
  });

  it('is idempotent: seeding again changes nothing', async () => {
    const db = t.app.get(DataSource);
    const snapshot = async () => ({
      plans: await db.query('SELECT id, slug, updated_at FROM action_plan ORDER BY id'),
      practices: await db.query('SELECT id, updated_at FROM good_practice ORDER BY id'),
      tools: await db.query('SELECT id, updated_at FROM tool ORDER BY id'),
      governments: await db.query('SELECT id, updated_at FROM local_government ORDER BY id'),
      links: await db.query('SELECT COUNT(*) AS n FROM action_plan_theme'),
      countries: await db.query('SELECT COUNT(*) AS n FROM country'),
    });
    const before = await snapshot();
    const steps: string[] = [];
    const report = await t.app.get(SeedService).seed((step, done, total) => done === total && steps.push(`${step} ${total}`));
    expect(report.referenceRowsChanged).toBe(0);
    expect(Object.values(report.created).every((n) => n === 0)).toBe(true);
    expect(report.unchanged['action plans']).toBe(seed.actionPlans.length);
    expect(steps).toEqual(expect.arrayContaining([`action plans ${seed.actionPlans.length}`, `tools ${seed.tools.length}`]));
    expect(await snapshot()).toEqual(before);
  });
});
