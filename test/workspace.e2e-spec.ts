import request from 'supertest';
import { execSql } from './helpers/sql';
import { startTestApp, TestApp } from './helpers/test-app';
import { factories } from './helpers/factories';
import { Role } from '../src/accounts/actor';

/**
 * The workspace's sign-in, sessions and CSRF over HTTP (JavaScript off): the browser session is a
 * server-side session in an HttpOnly cookie, every form carries a CSRF token, and the account rules
 * are the `login` mutation's.
 */
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const h1Of = (html: string) =>
  /<h1[^>]*>([\s\S]*?)<\/h1>/
    .exec(html)?.[1]
    .replace(/<[^>]+>/g, '')
    .trim();

describe('workspace: sign in and out, browser sessions, CSRF, my work', () => {
  let t: TestApp;
  let placeId: string;

  const browser = () => request.agent(t.app.getHttpServer());
  /** A browser that has signed in as this test user (through the form, like a person). */
  const signedIn = async (who: 'curator' | 'editor' | 'otherCurator' = 'curator') => {
    const agent = browser();
    const form = await agent.get('/en/login');
    const res = await agent
      .post('/en/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: t.users[who].email, password: t.users[who].password, next: '/en/workspace' });
    expect(res.status).toBe(303);
    return agent;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '5', TRUST_PROXY: 'loopback' } });
    placeId = (await t.gql(`{ localGovernments(limit: 1) { items { id } } }`)).data.localGovernments.items[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends an anonymous visitor of the workspace to the sign-in page, and back after signing in', async () => {
    const agent = browser();
    const first = await agent.get('/fr/workspace');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/fr/login?next=%2Ffr%2Fworkspace');
    const form = await agent.get(first.headers.location);
    expect(form.status).toBe(200);
    expect(h1Of(form.text)).toBe('Connexion');
    expect(form.text).toContain('name="next" value="/fr/workspace"');
    const res = await agent
      .post('/fr/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: t.users.curator.email, password: t.users.curator.password, next: '/fr/workspace' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/fr/workspace');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('lrkb_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; over HTTPS the cookie is Secure
    const work = await agent.get('/fr/workspace');
    expect(work.status).toBe(200);
    expect(h1Of(work.text)).toBe('Mon travail');
    // Never back to another site.
    const evil = await browser().get('/en/login?next=//evil.example/x');
    expect(evil.text).toContain('name="next" value="/en/workspace"');
  });

  it('names the cookie __Host- and marks it Secure when a trusted proxy says the visitor came over HTTPS (TRUST_PROXY)', async () => {
    const form = await t.http().get('/en/login').set('x-forwarded-proto', 'https');
    const pre = (form.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('lrkb_presession='))!;
    expect(pre).toMatch(/; Secure/);
    // The jar of this plain-HTTP test client keeps Secure cookies to itself; a browser on HTTPS sends them.
    const res = await t
      .http()
      .post('/en/login')
      .set('x-forwarded-proto', 'https')
      .set('cookie', pre.split(';')[0])
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: t.users.editor.email, password: t.users.editor.password });
    expect(res.status).toBe(303);
    const cookies = res.headers['set-cookie'] as unknown as string[];
    const session = cookies.find((c) => c.startsWith('__Host-lrkb_session='))!;
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; Path=\/(;|$)/);
    expect(session).not.toMatch(/Domain=/i);
    expect(cookies.some((c) => c.startsWith('lrkb_session='))).toBe(false);
    // Read back under the name in force for the request: over HTTPS the __Host- one, never the plain one.
    const value = session.split(';')[0].slice(session.indexOf('=') + 1);
    const work = (cookie: string, proto: string) => t.http().get('/en/workspace').set('x-forwarded-proto', proto).set('cookie', cookie);
    expect((await work(`__Host-lrkb_session=${value}`, 'https')).status).toBe(200);
    expect((await work(`lrkb_session=${value}`, 'https')).status).toBe(303);
    expect((await work(`__Host-lrkb_session=${value}`, 'http')).status).toBe(303);
  });

  it('refuses a sign-in without a valid CSRF token (403) and creates no session', async () => {
    const agent = browser();
    await agent.get('/en/login');
    for (const token of ['', 'forged-token-value']) {
      const res = await agent.post('/en/login').type('form').send({ _csrf: token, email: t.users.curator.email, password: t.users.curator.password });
      expect(res.status).toBe(403);
      expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('lrkb_session=');
    }
    // A token of another browser's form is refused too.
    const other = await browser().get('/en/login');
    const res = await agent
      .post('/en/login')
      .type('form')
      .send({ _csrf: csrfOf(other.text), email: t.users.curator.email, password: t.users.curator.password });
    expect(res.status).toBe(403);
  });

  it('explains what is wrong, keeps what was typed, and gives the same generic message as the API', async () => {
    const agent = browser();
    const form = await agent.get('/en/login');
    const empty = await agent
      .post('/en/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: '', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toMatch(/class="error-summary" role="alert"/);
    expect(empty.text).toContain('<a href="#email">Enter your email address</a>');
    expect(empty.text).toContain('<a href="#password">Enter your password</a>');
    expect(empty.text).toMatch(/id="email"[^>]*aria-invalid="true" aria-describedby="email-error"/);
    const wrong = await agent
      .post('/en/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: 'nobody@test.example', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Wrong email or password.');
    expect(wrong.text).toContain('value="nobody@test.example"');
    expect(wrong.text).not.toContain('not-the-password');
  });

  it('shows my drafts, my records in review and those returned to me with the comment', async () => {
    const create = (title: string) =>
      t.gql(
        `mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { id slug } }`,
        { i: { title, summary: 'Mine.', kind: 'EQUALITY', lifecycle: 'ADOPTED', localGovernmentId: placeId } },
        { as: 'curator' },
      );
    const draft = (await create('My workspace draft')).data.createActionPlan;
    const review = (await create('My plan in review')).data.createActionPlan;
    const back = (await create('My returned plan')).data.createActionPlan;
    await t.gql(`mutation($id: ID!) { submitActionPlanForReview(id: $id) { id } }`, { id: review.id }, { as: 'curator' });
    await t.gql(`mutation($id: ID!) { submitActionPlanForReview(id: $id) { id } }`, { id: back.id }, { as: 'curator' });
    await t.gql(`mutation($id: ID!) { returnActionPlanToDraft(id: $id, comment: "Add the monitoring section, please.") { id } }`, { id: back.id });
    const theirs = (
      await t.gql(
        `mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { slug } }`,
        { i: { title: 'Someone else’s draft', summary: 'Theirs.', kind: 'EQUALITY', lifecycle: 'ADOPTED', localGovernmentId: placeId } },
        { as: 'otherCurator' },
      )
    ).data.createActionPlan;

    const agent = await signedIn('curator');
    const work = (await agent.get('/en/workspace')).text;
    const section = (title: string) => work.slice(work.indexOf(`<h2>${title}`), work.indexOf('</section>', work.indexOf(`<h2>${title}`)));
    expect(section('My drafts')).toContain('My workspace draft');
    expect(section('Waiting for review')).toContain('My plan in review');
    expect(section('Returned to me')).toContain('My returned plan');
    expect(section('Returned to me')).toContain('Add the monitoring section, please.');
    expect(work).not.toContain('Someone else');
    // The signed-in curator sees their draft's page; the public and other curators get 404.
    const own = await agent.get(`/en/plans/${draft.slug}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain('Not public (Draft): only its curator and editors see this page.');
    expect((await t.http().get(`/en/plans/${draft.slug}`)).status).toBe(404);
    expect((await agent.get(`/en/plans/${theirs.slug}`)).status).toBe(404);
  });

  it('never lets the session cookie authorise the API: bearer tokens only', async () => {
    const agent = await signedIn('editor');
    const me = await agent.post('/graphql').set('content-type', 'application/json').send({ query: '{ me { id } }' });
    expect(me.body.data.me).toBeNull();
    const mutation = await agent.post('/graphql').set('content-type', 'application/json').send({ query: 'mutation { createApiToken(name: "x") { token } }' });
    expect(mutation.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await agent.post('/documents').field('recordType', 'TOOL')).status).toBe(401);
  });

  it('signs out only with the form’s CSRF token, and the session then ends at once', async () => {
    const agent = await signedIn('curator');
    const page = await agent.get('/en/workspace');
    expect((await agent.post('/en/logout').type('form').send({ _csrf: 'forged' })).status).toBe(403);
    expect((await agent.get('/en/workspace')).status).toBe(200);
    const out = await agent
      .post('/en/logout')
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/en/login?signedOut=1');
    expect((await agent.get('/en/workspace')).status).toBe(303);
  });

  it('ends a session when the user is deactivated or given a new password, and after inactivity', async () => {
    const { id, email } = await factories(t).user(Role.CURATOR, { password: 'web-user-password-1', displayName: 'Web user' });
    const signIn = async (password: string) => {
      const agent = browser();
      const form = await agent.get('/en/login');
      expect(
        (
          await agent
            .post('/en/login')
            .type('form')
            .send({ _csrf: csrfOf(form.text), email, password })
        ).status,
      ).toBe(303);
      expect((await agent.get('/en/workspace')).status).toBe(200);
      return agent;
    };
    let agent = await signIn('web-user-password-1');
    await t.gql(`mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }`, { id }, { as: 'admin' });
    expect((await agent.get('/en/workspace')).status).toBe(303);
    await t.gql(`mutation($id: ID!) { updateUser(id: $id, input: { active: true }) { id } }`, { id }, { as: 'admin' });
    expect((await agent.get('/en/workspace')).status).toBe(303); // reactivated: sign in anew
    agent = await signIn('web-user-password-1');
    await t.gql(`mutation($id: ID!) { updateUser(id: $id, input: { password: "web-user-password-2" }) { id } }`, { id }, { as: 'admin' });
    expect((await agent.get('/en/workspace')).status).toBe(303);
    agent = await signIn('web-user-password-2');
    await execSql(t.storage, `UPDATE web_session SET last_seen_at = '2000-01-01 00:00:00' WHERE user_id = '${id}'`);
    expect((await agent.get('/en/workspace')).status).toBe(303);
  });

  describe('records in the browser: create, edit, upload, workflow', () => {
    const graphqlPlan = async (id: string) =>
      (
        await t.gql(
          `query($id: ID!) { actionPlan(id: $id) { title status originalTitle sourceUrl version themes { slug } sdgs { number } documents { filename } } }`,
          { id },
          { as: 'editor' },
        )
      ).data.actionPlan;
    const planForm = (csrf: string, extra: Record<string, unknown> = {}) => ({
      _csrf: csrf,
      title: 'Browser plan for Versionville',
      originalTitle: 'Plan du navigateur',
      summary: 'Made in the workspace form.',
      localGovernmentId: placeId,
      kind: 'EQUALITY',
      lifecycle: 'ADOPTED',
      languages: 'en, fr',
      _present: ['sdgs', 'themes', 'targetGroups'],
      themes: ['participation', 'indicators'],
      sdgs: ['16'],
      ...extra,
    });
    let planId: string;

    it('creates a draft from the form: errors first (summary, fields, values kept), then fixed', async () => {
      const agent = await signedIn('curator');
      const form = await agent.get('/en/workspace/plans/new');
      expect(form.status).toBe(200);
      const csrf = csrfOf(form.text);
      const bad = await agent
        .post('/en/workspace/plans/new')
        .type('form')
        .send(planForm(csrf, { title: '', sourceUrl: 'not a url' }));
      expect(bad.status).toBe(400);
      expect(bad.text).toMatch(/class="error-summary" role="alert"/);
      expect(bad.text).toContain('<a href="#title">');
      expect(bad.text).toContain('<a href="#sourceUrl">');
      expect(bad.text).toMatch(/id="title" name="title" required aria-invalid="true" aria-describedby="title-error"/);
      expect(bad.text).toContain('value="not a url"');
      expect(bad.text).toMatch(/value="participation" checked/);
      const good = await agent.post('/en/workspace/plans/new').type('form').send(planForm(csrf));
      expect(good.status).toBe(303);
      planId = /\/en\/workspace\/plans\/([0-9a-f-]{36})\?saved=1/.exec(good.headers.location)![1];
      const created = await graphqlPlan(planId);
      expect(created).toMatchObject({ title: 'Browser plan for Versionville', status: 'DRAFT', sdgs: [{ number: 16 }] });
      expect(created.themes.map((th: { slug: string }) => th.slug).sort()).toEqual(['indicators', 'participation']);
      const page = await agent.get(good.headers.location);
      expect(page.text).toContain('Saved.');
      expect(page.text).toContain('Submit for review');
      expect(page.text).not.toContain('>Publish<'); // a curator has no publish button
    });

    it('edits with the whole form: unticking every theme and emptying a field clears them', async () => {
      const agent = await signedIn('curator');
      const edit = await agent.get(`/en/workspace/plans/${planId}/edit`);
      expect(edit.status).toBe(200);
      expect(edit.text).toContain('value="Plan du navigateur"');
      const version = Number(/name="expectedVersion" value="(\d+)"/.exec(edit.text)![1]);
      const res = await agent
        .post(`/en/workspace/plans/${planId}/edit`)
        .type('form')
        .send(planForm(csrfOf(edit.text), { expectedVersion: String(version), originalTitle: '', themes: undefined }));
      expect(res.status).toBe(303);
      expect(await graphqlPlan(planId)).toMatchObject({ originalTitle: null, themes: [], sdgs: [{ number: 16 }], version: version + 1 });
    });

    it('shows both versions on a stale save, and saves nothing', async () => {
      const agent = await signedIn('curator');
      const edit = await agent.get(`/en/workspace/plans/${planId}/edit`);
      const version = /name="expectedVersion" value="(\d+)"/.exec(edit.text)![1];
      await t.gql(`mutation($id: ID!) { updateActionPlan(id: $id, input: { summary: "Changed by an editor meanwhile." }) { id } }`, { id: planId });
      const stale = await agent
        .post(`/en/workspace/plans/${planId}/edit`)
        .type('form')
        .send(planForm(csrfOf(edit.text), { expectedVersion: version, summary: 'My own summary.' }));
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('Someone changed this record since you opened it');
      expect(stale.text).toContain('Changed by an editor meanwhile.');
      expect(stale.text).toContain('My own summary.');
      expect((await t.gql(`query($id: ID!) { actionPlan(id: $id) { summary } }`, { id: planId }, { as: 'editor' })).data.actionPlan.summary).toBe(
        'Changed by an editor meanwhile.',
      );
    });

    it('uploads a document with a plain form post, only with the CSRF token', async () => {
      const agent = await signedIn('curator');
      const page = await agent.get(`/en/workspace/plans/${planId}`);
      const action = /<form action="([^"]+\/documents\?_csrf=[^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
      const file = Buffer.from('Browser upload: the council publishes a yearly human rights report.\n'.repeat(10));
      const forged = await agent
        .post(action.replace(/_csrf=[^&]+/, '_csrf=forged'))
        .field('recordType', 'ACTION_PLAN')
        .field('recordId', planId)
        .attach('file', file, 'report.txt');
      expect(forged.status).toBe(403);
      const ok = await agent.post(action).field('recordType', 'ACTION_PLAN').field('recordId', planId).attach('file', file, 'report.txt');
      expect(ok.status).toBe(303);
      expect((await graphqlPlan(planId)).documents).toEqual([{ filename: 'report.txt' }]);
    });

    it('refuses another curator: their draft is 404 in the workspace, and a forced save changes nothing', async () => {
      const other = await signedIn('otherCurator');
      expect((await other.get(`/en/workspace/plans/${planId}`)).status).toBe(404);
      expect((await other.get(`/en/workspace/plans/${planId}/edit`)).status).toBe(404);
      const form = await other.get('/en/workspace');
      const forced = await other
        .post(`/en/workspace/plans/${planId}/edit`)
        .type('form')
        .send(planForm(csrfOf(form.text), { title: 'Hijacked' }));
      expect(forced.status).toBe(404);
      expect((await graphqlPlan(planId)).title).toBe('Browser plan for Versionville');
    });

    it('runs the workflow: submit, then an editor returns it (a comment is required) and publishes it', async () => {
      const curator = await signedIn('curator');
      const page = await curator.get(`/en/workspace/plans/${planId}`);
      const submitted = await curator
        .post(`/en/workspace/plans/${planId}/submit`)
        .type('form')
        .send({ _csrf: csrfOf(page.text) });
      expect(submitted.status).toBe(303);
      expect((await graphqlPlan(planId)).status).toBe('IN_REVIEW');
      const locked = await curator.get(`/en/workspace/plans/${planId}/edit`); // in review: no longer the curator's to edit
      expect(locked.status).toBe(403);
      expect(locked.text).toContain('only its curator (while it is a draft) or an editor may change it');
      expect(locked.text).not.toContain('class="record-form"');
      const editor = await signedIn('editor');
      const review = await editor.get(`/en/workspace/plans/${planId}`);
      expect(review.text).toContain('Publish');
      const noComment = await editor
        .post(`/en/workspace/plans/${planId}/return`)
        .type('form')
        .send({ _csrf: csrfOf(review.text), comment: '' });
      expect(noComment.status).toBe(400);
      expect(noComment.text).toContain('Comment: this is required.');
      expect(
        (
          await editor
            .post(`/en/workspace/plans/${planId}/return`)
            .type('form')
            .send({ _csrf: csrfOf(review.text), comment: 'Please add the monitoring body.' })
        ).status,
      ).toBe(303);
      expect((await graphqlPlan(planId)).status).toBe('DRAFT');
      expect(
        (
          await editor
            .post(`/en/workspace/plans/${planId}/publish`)
            .type('form')
            .send({ _csrf: csrfOf(review.text) })
        ).status,
      ).toBe(303);
      expect((await graphqlPlan(planId)).status).toBe('PUBLISHED');
      expect((await editor.post(`/en/workspace/plans/${planId}/publish`).type('form').send({ _csrf: 'forged' })).status).toBe(403);
    });
  });

  // Last: it locks this test's address out of signing in for a minute.
  it('throttles failed sign-ins like the login mutation', async () => {
    const agent = browser();
    const form = await agent.get('/en/login');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await agent
            .post('/en/login')
            .type('form')
            .send({ _csrf: csrfOf(form.text), email: 'throttled-web@test.example', password: `wrong-${i}` })
        ).status,
      );
    expect(statuses).toContain(429);
  });
});
