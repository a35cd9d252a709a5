import request from 'supertest';
import { waitFor } from './helpers/processes';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The workspace beyond editing (JavaScript off, over HTTP): several documents at once and their
 * curation, the live status endpoint, translated validation messages, versions on workflow buttons,
 * the review queue, revision history with restore, users and API tokens — each allowed and refused.
 */
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('workspace: documents, review, history, users, tokens', () => {
  let t: TestApp;
  let placeId: string;
  let planId: string;

  const browser = () => request.agent(t.app.getHttpServer());
  const signedIn = async (who: 'curator' | 'editor' | 'otherCurator' | 'admin', lang = 'en') => {
    const agent = browser();
    const form = await agent.get(`/${lang}/login`);
    const res = await agent
      .post(`/${lang}/login`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: t.users[who].email, password: t.users[who].password });
    expect(res.status).toBe(303);
    return agent;
  };
  const gqlPlan = async (id: string) =>
    (await t.gql(`query($id: ID!) { actionPlan(id: $id) { title summary status version documents { id filename status language version } } }`, { id }, { as: 'editor' })).data
      .actionPlan;

  beforeAll(async () => {
    t = await startTestApp();
    placeId = (await t.gql(`{ localGovernments(limit: 1) { items { id } } }`)).data.localGovernments.items[0].id;
    const created = await t.gql(
      `mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { id } }`,
      { i: { title: 'Curation plan of Reviewtown', summary: 'First summary.', localGovernmentId: placeId, kind: 'HUMAN_RIGHTS', lifecycle: 'ADOPTED', themes: ['participation'] } },
      { as: 'curator' },
    );
    planId = created.data.createActionPlan.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('documents', () => {
    const uploadAction = async (agent: ReturnType<typeof browser>) => {
      const page = await agent.get(`/en/workspace/plans/${planId}`);
      return /<form action="([^"]+\/documents\?_csrf=[^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    };
    const report = (n: number) => Buffer.from(`Report ${n}: the council consulted residents on the human rights action plan.\n`.repeat(20));

    it('refuses the whole upload when one file cannot be read, naming it; keeps nothing', async () => {
      const agent = await signedIn('curator');
      const res = await agent
        .post(await uploadAction(agent))
        .field('recordType', 'ACTION_PLAN')
        .field('recordId', planId)
        .attach('file', report(1), 'good.txt')
        .attach('file', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(200).fill(0)]), 'program.pdf');
      expect(res.status).toBe(400);
      expect(text(res.text)).toContain('program.pdf: This type of file cannot be read.');
      expect((await gqlPlan(planId)).documents).toEqual([]);
      const none = await agent
        .post(await uploadAction(agent))
        .field('recordType', 'ACTION_PLAN')
        .field('recordId', planId)
        .attach('file', Buffer.alloc(0), '');
      expect(none.status).toBe(400);
      expect(text(none.text)).toContain('Choose at least one file.');
    });

    it('uploads several files in one form post, and reports their status as JSON to the signed-in only', async () => {
      const agent = await signedIn('curator');
      const res = await agent
        .post(await uploadAction(agent))
        .field('recordType', 'ACTION_PLAN')
        .field('recordId', planId)
        .attach('file', report(2), 'first.txt')
        .attach('file', report(3), 'second.txt');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/en/workspace/plans/${planId}?uploaded=2`);
      expect(text((await agent.get(res.headers.location)).text)).toContain('2 files received');
      const docs = (await gqlPlan(planId)).documents;
      expect(docs.map((d: { filename: string }) => d.filename).sort()).toEqual(['first.txt', 'second.txt']);
      const ids = docs.map((d: { id: string }) => d.id);
      const query = ids.map((id: string) => `id=${id}`).join('&');
      await waitFor(
        async () => {
          const status = await agent.get(`/fr/workspace/document-status?${query}`);
          expect(status.status).toBe(200);
          expect(status.headers['cache-control']).toBe('no-store');
          return status.body.documents.length === 2 && status.body.documents.every((d: { status: string }) => d.status === 'INDEXED');
        },
        'both documents INDEXED',
        30_000,
      );
      const fr = await agent.get(`/fr/workspace/document-status?${query}`);
      expect(fr.body.documents[0]).toMatchObject({ status: 'INDEXED', label: 'Disponible dans la recherche', failureReason: null });
      expect((await browser().get(`/en/workspace/document-status?${query}`)).status).toBe(401);
      const other = await signedIn('otherCurator');
      expect((await other.get(`/en/workspace/document-status?${query}`)).body.documents).toEqual([]);
    });

    it('sets a document’s language, reads it again, archives it — with the version it was shown at', async () => {
      const agent = await signedIn('curator');
      const [doc] = (await gqlPlan(planId)).documents;
      const page = await agent.get(`/en/workspace/plans/${planId}`);
      const csrf = csrfOf(page.text);
      const base = `/en/workspace/plans/${planId}/documents/${doc.id}`;
      expect(page.text).toContain(`action="${base}/language"`);
      const stale = await agent
        .post(`${base}/language`)
        .type('form')
        .send({ _csrf: csrf, language: 'fr', expectedVersion: String(doc.version - 1 || 99) });
      expect([409, 400]).toContain(stale.status);
      const set = await agent
        .post(`${base}/language`)
        .type('form')
        .send({ _csrf: csrf, language: 'fr', expectedVersion: String(doc.version) });
      expect(set.status).toBe(303);
      expect(set.headers.location).toContain('?document=language');
      let now = (await gqlPlan(planId)).documents.find((d: { id: string }) => d.id === doc.id);
      expect(now.language).toBe('fr');
      expect(
        (
          await agent
            .post(`${base}/retry`)
            .type('form')
            .send({ _csrf: csrf, expectedVersion: String(now.version) })
        ).status,
      ).toBe(303);
      now = (await gqlPlan(planId)).documents.find((d: { id: string }) => d.id === doc.id);
      expect(['PENDING', 'PROCESSING', 'INDEXED']).toContain(now.status);
      // Another curator may not touch it: 404, nothing changed.
      const other = await signedIn('otherCurator');
      const otherPage = await other.get('/en/workspace');
      expect(
        (
          await other
            .post(`${base}/archive`)
            .type('form')
            .send({ _csrf: csrfOf(otherPage.text) })
        ).status,
      ).toBe(404);
      // Without a CSRF token: 403, nothing changed.
      expect((await agent.post(`${base}/archive`).type('form').send({ _csrf: 'forged' })).status).toBe(403);
      expect((await gqlPlan(planId)).documents).toHaveLength(2);
      const archived = await agent.post(`${base}/archive`).type('form').send({ _csrf: csrf });
      expect(archived.status).toBe(303);
      expect((await gqlPlan(planId)).documents.map((d: { id: string }) => d.id)).not.toContain(doc.id);
    });
  });

  it('words validation problems in the page’s language, keeping the field links', async () => {
    const agent = await signedIn('curator', 'fr');
    const form = await agent.get('/fr/workspace/plans/new');
    const res = await agent
      .post('/fr/workspace/plans/new')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        title: '',
        summary: 'x',
        localGovernmentId: placeId,
        kind: 'HUMAN_RIGHTS',
        lifecycle: 'ADOPTED',
        sourceUrl: 'pas une adresse',
        periodStart: '1200',
      });
    expect(res.status).toBe(400);
    const page = text(res.text);
    expect(res.text).toContain('<a href="#title">');
    expect(page).not.toMatch(/must (not )?be/); // no English validation text left
    expect(res.text).toMatch(/id="sourceUrl-error"[^>]*>[^<]*https:\/\//);
    expect(res.text).not.toMatch(/id="title-error" lang="en"/);
  });

  it('lets the curator choose, after a conflict, which value of each changed field to keep', async () => {
    const curator = await signedIn('curator');
    const edit = await curator.get(`/en/workspace/plans/${planId}/edit`);
    const version = /name="expectedVersion" value="(\d+)"/.exec(edit.text)![1];
    await t.gql(
      `mutation($id: ID!) { updateActionPlan(id: $id, input: { summary: "The editor's summary.", adoptingBody: "City council" }) { id } }`,
      { id: planId },
      { as: 'editor' },
    );
    const form = {
      _csrf: csrfOf(edit.text),
      title: 'Curation plan of Reviewtown',
      summary: 'My summary.',
      adoptingBody: 'My council',
      localGovernmentId: placeId,
      kind: 'HUMAN_RIGHTS',
      lifecycle: 'ADOPTED',
      _present: ['themes'],
      themes: ['participation'],
    };
    const stale = await curator
      .post(`/en/workspace/plans/${planId}/edit`)
      .type('form')
      .send({ ...form, expectedVersion: version });
    expect(stale.status).toBe(409);
    expect(stale.text).toMatch(/name="_keep_summary" value="theirs"/);
    expect(stale.text).toMatch(/form="record-form" id="keep-yours-summary" name="_keep_summary" value="yours" checked/);
    const now = /name="expectedVersion" value="(\d+)"/.exec(stale.text)![1];
    const saved = await curator
      .post(`/en/workspace/plans/${planId}/edit`)
      .type('form')
      .send({ ...form, expectedVersion: now, _keep_summary: 'theirs', _keep_adoptingBody: 'yours' });
    expect(saved.status).toBe(303);
    const plan = (await t.gql(`query($id: ID!) { actionPlan(id: $id) { summary adoptingBody } }`, { id: planId }, { as: 'editor' })).data.actionPlan;
    expect(plan).toEqual({ summary: "The editor's summary.", adoptingBody: 'My council' });
  });

  it('preselects the saved value for fields the curator did not touch, so saving the conflict form keeps them', async () => {
    const curator = await signedIn('curator');
    const edit = await curator.get(`/en/workspace/plans/${planId}/edit`);
    const version = /name="expectedVersion" value="(\d+)"/.exec(edit.text)![1];
    const current = (await t.gql(`query($id: ID!) { actionPlan(id: $id) { summary adoptingBody } }`, { id: planId }, { as: 'editor' })).data.actionPlan;
    await t.gql(`mutation($id: ID!) { updateActionPlan(id: $id, input: { adoptingBody: "Set by the admin meanwhile" }) { id } }`, { id: planId }, { as: 'admin' });
    const form = {
      _csrf: csrfOf(edit.text),
      title: 'Curation plan of Reviewtown',
      summary: 'Only the summary changed here.',
      adoptingBody: current.adoptingBody,
      localGovernmentId: placeId,
      kind: 'HUMAN_RIGHTS',
      lifecycle: 'ADOPTED',
      _present: ['themes'],
      themes: ['participation'],
    };
    const stale = await curator
      .post(`/en/workspace/plans/${planId}/edit`)
      .type('form')
      .send({ ...form, expectedVersion: version });
    expect(stale.status).toBe(409);
    expect(stale.text).toMatch(/id="keep-theirs-adoptingBody" name="_keep_adoptingBody" value="theirs" checked/);
    expect(stale.text).toContain('value="Set by the admin meanwhile"');
    // Saving the form as it now stands (the browser sends the preselected choice).
    const now = /name="expectedVersion" value="(\d+)"/.exec(stale.text)![1];
    const saved = await curator
      .post(`/en/workspace/plans/${planId}/edit`)
      .type('form')
      .send({ ...form, adoptingBody: 'Set by the admin meanwhile', expectedVersion: now, _keep_adoptingBody: 'theirs' });
    expect(saved.status).toBe(303);
    expect((await t.gql(`query($id: ID!) { actionPlan(id: $id) { summary adoptingBody } }`, { id: planId }, { as: 'editor' })).data.actionPlan).toEqual({
      summary: 'Only the summary changed here.',
      adoptingBody: 'Set by the admin meanwhile',
    });
  });

  it('sends anonymous and signed-out posts to every new form to the sign-in page, changing nothing', async () => {
    const posts = [
      `/en/workspace/plans/${planId}/documents/00000000-0000-4000-8000-000000000000/archive`,
      `/en/workspace/plans/${planId}/revisions/00000000-0000-4000-8000-000000000000/restore`,
      '/en/workspace/users',
      `/en/workspace/users/${t.users.curator.id}`,
      `/en/workspace/users/${t.users.curator.id}/password`,
      '/en/workspace/tokens',
      '/en/workspace/tokens/revoke',
    ];
    const agent = await signedIn('admin');
    const csrf = csrfOf((await agent.get('/en/workspace')).text);
    await agent.post('/en/logout').type('form').send({ _csrf: csrf });
    for (const path of posts) {
      for (const client of [browser(), agent]) {
        const res = await client
          .post(path)
          .type('form')
          .send({ _csrf: csrf, name: 'x', role: 'ADMIN', password: 'a-long-enough-password', email: 'anon@test.example', displayName: 'Anon' });
        expect([path, res.status, res.headers.location]).toEqual([path, 303, '/en/login']);
      }
    }
    for (const path of ['/en/workspace/review', '/en/workspace/users', '/en/workspace/tokens', `/en/workspace/plans/${planId}/history`]) {
      expect((await browser().get(path)).status).toBe(303);
    }
    const users = (await t.gql(`{ users(limit: 100) { items { email role } } }`, {}, { as: 'admin' })).data.users.items;
    expect(users.find((u: { email: string }) => u.email === 'anon@test.example')).toBeUndefined();
    expect(users.find((u: { email: string }) => u.email === t.users.curator.email).role).toBe('CURATOR');
  });

  it('refuses a workflow button pressed on a page older than the record (CONFLICT), changing nothing', async () => {
    const curator = await signedIn('curator');
    const page = await curator.get(`/en/workspace/plans/${planId}`);
    const shown = /name="expectedVersion" value="(\d+)"/.exec(page.text)![1];
    await t.gql(`mutation($id: ID!) { updateActionPlan(id: $id, input: { summary: "Changed while the page was open." }) { id } }`, { id: planId }, { as: 'editor' });
    const stale = await curator
      .post(`/en/workspace/plans/${planId}/submit`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), expectedVersion: shown });
    expect(stale.status).toBe(409);
    expect((await gqlPlan(planId)).status).toBe('DRAFT');
    // Over GraphQL the same precondition.
    const gql = await t.gql(
      `mutation($id: ID!, $v: Int) { submitActionPlanForReview(id: $id, expectedVersion: $v) { status } }`,
      { id: planId, v: Number(shown) },
      { as: 'curator' },
    );
    expect(gql.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', changedFields: ['summary'] });
    const fresh = await curator.get(`/en/workspace/plans/${planId}`);
    const ok = await curator
      .post(`/en/workspace/plans/${planId}/submit`)
      .type('form')
      .send({ _csrf: csrfOf(fresh.text), expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(fresh.text)![1] });
    expect(ok.status).toBe(303);
    expect((await gqlPlan(planId)).status).toBe('IN_REVIEW');
  });

  it('shows editors the review queue with what changed since the last published version', async () => {
    const curator = await signedIn('curator');
    expect((await curator.get('/en/workspace/review')).status).toBe(404);
    expect(await curator.get('/en/workspace').then((r) => r.text)).not.toContain('/en/workspace/review');
    const editor = await signedIn('editor');
    const work = await editor.get('/en/workspace');
    expect(work.text).toContain('href="/en/workspace/review"');
    const queue = await editor.get('/en/workspace/review');
    expect(queue.status).toBe(200);
    const item = queue.text.slice(queue.text.indexOf('Curation plan of Reviewtown'));
    expect(text(item)).toContain('A new record, never published yet');
    // Publish it, then change it and submit again: the queue shows before and after.
    const publish = await editor
      .post(`/en/workspace/plans/${planId}/publish`)
      .type('form')
      .send({ _csrf: csrfOf(queue.text) });
    expect(publish.status).toBe(303);
    await t.gql(`mutation($id: ID!) { returnActionPlanToDraft(id: $id, comment: "Shorter summary, please.") { id } }`, { id: planId }, { as: 'editor' });
    await t.gql(
      `mutation($id: ID!) { updateActionPlan(id: $id, input: { summary: "The second summary.", themes: ["participation", "indicators"] }) { id } }`,
      { id: planId },
      { as: 'curator' },
    );
    await t.gql(`mutation($id: ID!) { submitActionPlanForReview(id: $id) { id } }`, { id: planId }, { as: 'curator' });
    const again = text((await editor.get('/en/workspace/review')).text);
    const section = again.slice(again.indexOf('Curation plan of Reviewtown'));
    expect(section).toContain('Changes since the last published version');
    expect(section).toMatch(/Summary Changed while the page was open\. The second summary\./);
    expect(section).toMatch(/Themes Participation Indicators, Participation/i);
    expect(section).not.toMatch(/Status /);
  });

  it('lists the revision history for editors, and restores an earlier version as a new one', async () => {
    const curator = await signedIn('curator');
    expect((await curator.get(`/en/workspace/plans/${planId}/history`)).status).toBe(404);
    const editor = await signedIn('editor');
    const history = await editor.get(`/en/workspace/plans/${planId}/history`);
    expect(history.status).toBe(200);
    expect(text(history.text)).toContain('Version 1 · Created');
    const first = /action="(\/en\/workspace\/plans\/[^"]+\/revisions\/([0-9a-f-]{36})\/restore)"/g;
    const forms = [...history.text.matchAll(first)];
    const oldest = forms[forms.length - 1];
    const before = (await gqlPlan(planId)).version;
    expect(
      (
        await curator
          .post(oldest[1])
          .type('form')
          .send({ _csrf: csrfOf((await curator.get('/en/workspace')).text) })
      ).status,
    ).toBe(404);
    const restored = await editor
      .post(oldest[1])
      .type('form')
      .send({ _csrf: csrfOf(history.text) });
    expect(restored.status).toBe(303);
    const plan = await gqlPlan(planId);
    expect(plan).toMatchObject({ summary: 'First summary.', version: before + 1 });
    expect(text((await editor.get(restored.headers.location)).text)).toContain('Earlier version restored');
    // A restore pressed on a history page older than the record: CONFLICT, nothing restored.
    const staleHistory = await editor.get(`/en/workspace/plans/${planId}/history`);
    await t.gql(`mutation($id: ID!) { updateActionPlan(id: $id, input: { summary: "Edited after the history was opened." }) { id } }`, { id: planId }, { as: 'admin' });
    const staleForm = [...staleHistory.text.matchAll(first)].pop()!;
    const refused = await editor
      .post(staleForm[1])
      .type('form')
      .send({ _csrf: csrfOf(staleHistory.text), expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(staleHistory.text)![1] });
    expect(refused.status).toBe(409);
    expect((await gqlPlan(planId)).summary).toBe('Edited after the history was opened.');
    // A revision of another record is not this one's: 404.
    const otherPlan = (await t.gql(`{ actionPlans(limit: 1) { items { id } } }`)).data.actionPlans.items[0].id;
    expect(
      (
        await editor
          .post(`/en/workspace/plans/${otherPlan}/revisions/${oldest[2]}/restore`)
          .type('form')
          .send({ _csrf: csrfOf(history.text) })
      ).status,
    ).toBe(404);
  });

  describe('users and API tokens', () => {
    it('lets only admins administer users: create (with errors first), change role, deactivate, new password', async () => {
      for (const who of ['curator', 'editor'] as const) {
        const agent = await signedIn(who);
        expect((await agent.get('/en/workspace/users')).status).toBe(404);
        const forced = await agent
          .post('/en/workspace/users')
          .type('form')
          .send({ _csrf: csrfOf((await agent.get('/en/workspace')).text), email: 'x@test.example', displayName: 'X', role: 'ADMIN', password: 'long-enough-password' });
        expect(forced.status).toBe(404);
      }
      const admin = await signedIn('admin');
      const page = await admin.get('/en/workspace/users');
      expect(page.status).toBe(200);
      const csrf = csrfOf(page.text);
      const bad = await admin.post('/en/workspace/users').type('form').send({ _csrf: csrf, email: 'not-an-email', displayName: 'New curator', role: 'CURATOR', password: 'short' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('<a href="#email">');
      expect(bad.text).toContain('<a href="#password">');
      expect(bad.text).toContain('value="New curator"');
      const email = `web-admin-${Date.now()}@test.example`;
      const ok = await admin.post('/en/workspace/users').type('form').send({ _csrf: csrf, email, displayName: 'New curator', role: 'CURATOR', password: 'a-long-enough-password' });
      expect(ok.status).toBe(303);
      const users = (await t.gql(`{ users(limit: 100) { items { id email role active } } }`, {}, { as: 'admin' })).data.users.items;
      const user = users.find((u: { email: string }) => u.email === email);
      expect(user).toMatchObject({ role: 'CURATOR', active: true });
      const changed = await admin.post(`/en/workspace/users/${user.id}`).type('form').send({ _csrf: csrf, role: 'EDITOR', active: 'false' });
      expect(changed.status).toBe(303);
      expect((await t.gql(`{ users(limit: 100) { items { id role active } } }`, {}, { as: 'admin' })).data.users.items.find((u: { id: string }) => u.id === user.id)).toMatchObject(
        { role: 'EDITOR', active: false },
      );
      await admin
        .post(`/en/workspace/users/${user.id}`)
        .type('form')
        .send({ _csrf: csrf, role: 'EDITOR', active: ['false', 'true'] });
      expect((await admin.post(`/en/workspace/users/${user.id}/password`).type('form').send({ _csrf: csrf, password: 'the-new-password-2' })).status).toBe(303);
      const signIn = browser();
      const form = await signIn.get('/en/login');
      expect(
        (
          await signIn
            .post('/en/login')
            .type('form')
            .send({ _csrf: csrfOf(form.text), email, password: 'the-new-password-2' })
        ).status,
      ).toBe(303);
      // The last active admin cannot demote themself.
      const self = await admin.post(`/en/workspace/users/${t.users.admin.id}`).type('form').send({ _csrf: csrf, role: 'CURATOR', active: 'true' });
      expect(self.status).toBe(400);
      expect(text(self.text)).toContain('last active administrator');
    });

    it('creates an API token shown once (never cached), lists it, and revokes it', async () => {
      const curator = await signedIn('curator');
      const page = await curator.get('/en/workspace/tokens');
      expect(page.status).toBe(200);
      const csrf = csrfOf(page.text);
      const nameless = await curator.post('/en/workspace/tokens').type('form').send({ _csrf: csrf, name: '  ' });
      expect(nameless.status).toBe(400);
      expect(nameless.text).toMatch(/id="name"[^>]*aria-invalid="true"/);
      const created = await curator.post('/en/workspace/tokens').type('form').send({ _csrf: csrf, name: 'export script' });
      expect(created.status).toBe(201);
      expect(created.headers['cache-control']).toBe('no-store');
      const token = /id="new-token" class="token" type="text" readonly value="([^"]+)"/.exec(created.text)![1];
      const me = await t.http().post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ me { email } }' });
      expect(me.body.data.me.email).toBe(t.users.curator.email);
      const list = await curator.get('/en/workspace/tokens');
      expect(list.text).toContain('export script');
      expect(list.text).not.toContain(token);
      const id = /name="id" value="([0-9a-f-]{36})"/.exec(list.text)![1];
      const other = await signedIn('otherCurator');
      expect(
        (
          await other
            .post('/en/workspace/tokens/revoke')
            .type('form')
            .send({ _csrf: csrfOf((await other.get('/en/workspace/tokens')).text), id })
        ).status,
      ).toBe(404);
      expect((await curator.post('/en/workspace/tokens/revoke').type('form').send({ _csrf: 'forged', id })).status).toBe(403);
      const revoked = await curator.post('/en/workspace/tokens/revoke').type('form').send({ _csrf: csrf, id });
      expect(revoked.status).toBe(303);
      const after = await t.http().post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ me { email } }' });
      expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
