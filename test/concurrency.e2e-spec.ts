import { onlyError, startTestApp, TestApp } from './helpers/test-app';
import { factories } from './helpers/factories';
import { RecordType } from '../src/catalogue/enums';

/**
 * No silent lost edits: records and documents carry a `version`; an update sent with a stale
 * `expectedVersion` is refused with CONFLICT naming what changed since, and writes nothing.
 */
describe('optimistic concurrency: version, expectedVersion, CONFLICT', () => {
  let t: TestApp;
  let placeId: string;

  const createPlan = async (as: 'editor' | 'curator' | 'otherCurator' = 'editor') => {
    const res = await t.gql(
      `mutation($lg: ID!) { createActionPlan(input: { title: "Concurrency plan ${Math.random().toString(36).slice(2, 8)}", summary: "First text.", kind: EQUALITY, lifecycle: ADOPTED, localGovernmentId: $lg }) { id version } }`,
      { lg: placeId },
      { as },
    );
    expect(res.errors).toBeUndefined();
    return res.data.createActionPlan as { id: string; version: number };
  };
  const update = (id: string, input: Record<string, unknown>, expectedVersion?: number, as = 'editor') =>
    t.gql(
      `mutation($id: ID!, $i: UpdateActionPlanInput!, $v: Int) { updateActionPlan(id: $id, input: $i, expectedVersion: $v) { id version summary title } }`,
      { id, i: input, v: expectedVersion ?? null },
      { as },
    );
  const planOf = async (id: string) => (await t.gql(`query($id: ID!) { actionPlan(id: $id) { version summary title status } }`, { id }, { as: 'editor' })).data.actionPlan;

  beforeAll(async () => {
    t = await startTestApp();
    placeId = (await t.gql(`{ localGovernments(limit: 1) { items { id } } }`)).data.localGovernments.items[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exposes a version that every change raises, workflow transitions included', async () => {
    const plan = await createPlan();
    expect(plan.version).toBe(1);
    const edited = await update(plan.id, { summary: 'Second text.' }, 1);
    expect(edited.errors).toBeUndefined();
    expect(edited.data.updateActionPlan.version).toBe(2);
    const published = await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { version } }`, { id: plan.id });
    expect(published.data.publishActionPlan.version).toBe(3);
    // The list shows the same versions, loaded in one batch.
    const listed = await t.gql(`{ actionPlans(limit: 100) { items { id version } } }`);
    expect(listed.data.actionPlans.items.find((p: { id: string }) => p.id === plan.id).version).toBe(3);
  });

  it('refuses a stale expectedVersion with CONFLICT listing the fields changed since, and writes nothing', async () => {
    const plan = await createPlan();
    // Two editors load version 1; the first saves a new summary and title.
    expect((await update(plan.id, { summary: 'Editor A’s summary.', title: 'Editor A title' }, 1)).errors).toBeUndefined();
    const stale = await update(plan.id, { summary: 'Editor B’s summary.' }, 1);
    const error = onlyError(stale);
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', expectedVersion: 1, currentVersion: 2 });
    expect(error.extensions?.changedFields).toEqual(['summary', 'title']);
    expect(error.message).toMatch(/changed since you loaded it/);
    expect(await planOf(plan.id)).toMatchObject({ summary: 'Editor A’s summary.', version: 2 });
    // With the current version it goes through; without one, as before, unconditionally.
    expect((await update(plan.id, { summary: 'Editor B, after reloading.' }, 2)).data.updateActionPlan.version).toBe(3);
    expect((await update(plan.id, { summary: 'A script that sends no version.' })).data.updateActionPlan.version).toBe(4);
    // A version the record never had is a mistake of the caller, not a conflict.
    expect(onlyError(await update(plan.id, { summary: 'x' }, 99)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedVersion' });
  });

  it('lets only one of two saves made from the same version at the same moment through', async () => {
    const plan = await createPlan();
    const results = await Promise.all([update(plan.id, { summary: 'Concurrent A.' }, 1), update(plan.id, { summary: 'Concurrent B.' }, 1)]);
    const codes = results.map((r) => (r.errors ? r.errors[0].extensions?.code : 'ok')).sort();
    expect(codes).toEqual(['CONFLICT', 'ok']);
    const winner = results.find((r) => !r.errors)!.data.updateActionPlan.summary;
    expect(await planOf(plan.id)).toMatchObject({ summary: winner, version: 2 });
  });

  it('says FORBIDDEN, not CONFLICT, to a curator who may not edit the record (and tells nothing of its changes)', async () => {
    const plan = await createPlan('otherCurator');
    await update(plan.id, { summary: 'Changed by its own curator.' }, 1, 'otherCurator');
    const res = await update(plan.id, { summary: 'Not mine.' }, 1, 'curator');
    expect(onlyError(res).extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('guards documents the same way', async () => {
    const toolId = (await factories(t).record(RecordType.TOOL, { title: 'Versioned guide', year: 2020, summary: 'A guide.' }, { publish: false })).id;
    const upload = await t
      .http()
      .post('/documents')
      .set('authorization', t.bearer('editor'))
      .field('recordType', 'TOOL')
      .field('recordId', toolId)
      .attach('file', Buffer.from('A versioned document about municipal accountability.\n'.repeat(5)), 'v.txt');
    expect(upload.status).toBe(201);
    expect(upload.body.version).toBe(1);
    const rename = (title: string, v: number) =>
      t.gql(`mutation($id: ID!, $t: String, $v: Int) { updateDocument(id: $id, input: { title: $t }, expectedVersion: $v) { version title } }`, {
        id: upload.body.id,
        t: title,
        v,
      });
    expect((await rename('First title', 1)).data.updateDocument).toEqual({ version: 2, title: 'First title' });
    const stale = onlyError(await rename('Second title', 1));
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', expectedVersion: 1, currentVersion: 2, changedFields: ['title'] });
    const doc = await t.gql(`query($id: ID!) { document(id: $id) { title version } }`, { id: upload.body.id }, { as: 'editor' });
    expect(doc.data.document).toEqual({ title: 'First title', version: 2 });
    const archived = await t.gql(`mutation($id: ID!) { archiveDocument(id: $id, expectedVersion: 2) { version archivedAt } }`, { id: upload.body.id });
    expect(archived.data.archiveDocument.version).toBe(3);
    await t.documentsSettled();
  });
});
