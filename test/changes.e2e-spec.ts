import { RecordType } from '../src/catalogue/enums';
import { factories } from './helpers/factories';
import { startTestApp, TestApp } from './helpers/test-app';

interface Change {
  recordType: string;
  recordId: string;
  kind: 'VISIBLE' | 'CHANGED' | 'INVISIBLE';
  occurredAt: string;
}

/** The public change log as a harvester follows it: every addition, change and removal, once, in order. */
describe('changes(since:): incremental harvesting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.searchSettled();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Every event since a moment, following the cursor page by page. */
  const harvest = async (since: string, limit = 100): Promise<Change[]> => {
    const all: Change[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const res = await t.gql(
        `query($s: DateTime!, $l: Int, $a: String) { changes(since: $s, limit: $l, after: $a) { items { recordType recordId kind occurredAt } endCursor hasMore } }`,
        {
          s: since,
          l: limit,
          a: after,
        },
      );
      expect(res.errors).toBeUndefined();
      all.push(...(res.data.changes.items as Change[]));
      after = res.data.changes.endCursor as string | null;
      if (!res.data.changes.hasMore) return all;
    }
    throw new Error('the feed did not end');
  };
  /** What a mirror holds after applying the events in order. */
  const mirror = (events: Change[]) => {
    const held = new Set<string>();
    for (const e of events) {
      if (e.kind === 'INVISIBLE') held.delete(`${e.recordType}:${e.recordId}`);
      else held.add(`${e.recordType}:${e.recordId}`);
    }
    return held;
  };
  const publicIds = async () => {
    const d = (
      await t.gql(
        `{ actionPlans(limit: 100) { items { id } } goodPractices(limit: 100) { items { id } } tools(limit: 100) { items { id } } localGovernments(limit: 100) { items { id } } }`,
        {},
        { as: null },
      )
    ).data;
    return new Set([
      ...d.actionPlans.items.map((i: { id: string }) => `ACTION_PLAN:${i.id}`),
      ...d.goodPractices.items.map((i: { id: string }) => `GOOD_PRACTICE:${i.id}`),
      ...d.tools.items.map((i: { id: string }) => `TOOL:${i.id}`),
      ...d.localGovernments.items.map((i: { id: string }) => `LOCAL_GOVERNMENT:${i.id}`),
    ]);
  };

  it('from the beginning, a mirror that applies the events holds exactly what the public sees', async () => {
    expect(mirror(await harvest('2000-01-01T00:00:00Z'))).toEqual(await publicIds());
  });

  it('reports a record becoming visible, changing, being archived and restored; drafts never', async () => {
    const since = new Date().toISOString();
    const tool = await factories(t).record(RecordType.TOOL, { title: 'Harvested guide' }, { publish: false });
    await t.searchSettled();
    expect((await harvest(since)).filter((e) => e.recordId === tool.id)).toEqual([]);
    const step = async (mutation: string, variables: Record<string, unknown> = {}) => {
      const res = await t.gql(`mutation($id: ID!) { ${mutation} }`, { id: tool.id, ...variables });
      expect(res.errors).toBeUndefined();
      await t.searchSettled();
    };
    await step('publishTool(id: $id) { id }');
    await step('updateTool(id: $id, input: { summary: "Changed while public." }) { id }');
    await step('archiveTool(id: $id) { id }');
    await step('restoreTool(id: $id) { id }');
    const kinds = (await harvest(since)).filter((e) => e.recordId === tool.id).map((e) => e.kind);
    expect(kinds).toEqual(['VISIBLE', 'CHANGED', 'INVISIBLE', 'VISIBLE']);
  });

  it('reports the plans and practices of a local government that stops being public, and their return', async () => {
    const place = await factories(t).record(RecordType.LOCAL_GOVERNMENT, { name: 'Harvest Town' });
    const plan = await factories(t).record(RecordType.ACTION_PLAN, { title: 'Harvest Town plan', localGovernmentId: place.id });
    const practice = await factories(t).record(RecordType.GOOD_PRACTICE, { title: 'Harvest Town practice', localGovernmentId: place.id });
    await t.searchSettled();
    const since = new Date().toISOString();
    expect((await t.gql(`mutation($id: ID!) { archiveLocalGovernment(id: $id) { id } }`, { id: place.id })).errors).toBeUndefined();
    await t.searchSettled();
    const removed = await harvest(since);
    expect(
      removed
        .filter((e) => [place.id, plan.id, practice.id].includes(e.recordId))
        .map((e) => `${e.recordType}:${e.kind}`)
        .sort(),
    ).toEqual(['ACTION_PLAN:INVISIBLE', 'GOOD_PRACTICE:INVISIBLE', 'LOCAL_GOVERNMENT:INVISIBLE']);
    expect((await t.gql(`mutation($id: ID!) { restoreLocalGovernment(id: $id) { id } }`, { id: place.id })).errors).toBeUndefined();
    await t.searchSettled();
    expect(mirror(await harvest('2000-01-01T00:00:00Z'))).toEqual(await publicIds());
  });

  it('pages by cursor without losing or repeating an event; refuses a foreign cursor and a bad limit', async () => {
    const whole = await harvest('2000-01-01T00:00:00Z', 1000);
    const paged = await harvest('2000-01-01T00:00:00Z', 7);
    expect(paged).toEqual(whole);
    const bad = await t.gql(`{ changes(since: "2000-01-01T00:00:00Z", after: "bm90LWEtY3Vyc29y") { hasMore } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const since = await t.gql(`{ changes(since: "yesterday") { hasMore } }`);
    expect(since.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const limit = await t.gql(`{ changes(since: "2000-01-01T00:00:00Z", limit: 5000) { hasMore } }`);
    expect(limit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    // a cursor from the end: nothing new, and the same cursor back to keep
    const end = await t.gql(`query($a: String) { changes(since: "2000-01-01T00:00:00Z", after: $a) { items { recordId } endCursor hasMore } }`, { a: null });
    const last = await t.gql(`query($a: String) { changes(since: "2000-01-01T00:00:00Z", after: $a, limit: 1000) { items { recordId } endCursor hasMore } }`, {
      a: end.data.changes.endCursor,
    });
    let cursor = last.data.changes.endCursor as string;
    while (true) {
      const next = await t.gql(`query($a: String) { changes(since: "2000-01-01T00:00:00Z", after: $a, limit: 1000) { items { recordId } endCursor hasMore } }`, { a: cursor });
      cursor = next.data.changes.endCursor as string;
      if (!next.data.changes.items.length) {
        expect(next.data.changes).toMatchObject({ hasMore: false, endCursor: cursor });
        break;
      }
    }
  });
});
