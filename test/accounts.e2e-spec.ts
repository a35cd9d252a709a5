import jwt from 'jsonwebtoken';
import { MeiliService } from '../src/search/meili.service';
import { onlyError, startTestApp, TEST_JWT_SECRET, TestApp, TestRole } from './helpers/test-app';

type Who = 'anonymous' | TestRole;
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

const PLAN_FIELDS = 'id status title';

describe('accounts, roles, workflow and audit (real app over HTTP)', () => {
  let t: TestApp;
  let placeId: string;

  const as = (who: Who) => ({ as: who === 'anonymous' ? null : who });
  const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }): Outcome => (res.errors?.length ? (res.errors[0].extensions?.code as Outcome) : 'ok');

  /** A new draft plan created by `who` (a curator unless said otherwise). */
  const draftPlan = async (who: TestRole = 'curator', title = `Plan ${Math.random().toString(36).slice(2, 8)}`) => {
    const res = await t.gql(
      `mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { ${PLAN_FIELDS} } }`,
      { i: { title, summary: 'A plan written for the access tests.', kind: 'HUMAN_RIGHTS', lifecycle: 'ADOPTED', localGovernmentId: placeId, themes: ['participation'] } },
      { as: who },
    );
    expect(res.errors).toBeUndefined();
    return res.data.createActionPlan.id as string;
  };
  const statusOf = async (id: string) => (await t.gql(`query($id: ID!) { actionPlan(id: $id) { status } }`, { id }, { as: 'editor' })).data.actionPlan?.status;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '6', CORS_ORIGINS: 'https://kb.example.org' } });
    placeId = (await t.gql(`{ localGovernments(limit: 1) { items { id } } }`)).data.localGovernments.items[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers UNAUTHENTICATED to every mutation without a token (but signing in), and to the upload route', async () => {
    const schema =
      await t.gql(`{ __schema { mutationType { fields { name args { name type { ...T } } } } types { name kind inputFields { name type { ...T } } enumValues { name } } } }
      fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`);
    const types = new Map<string, any>(schema.data.__schema.types.map((x: any) => [x.name, x]));
    // A syntactically valid value for any input type, so that only the access check can refuse the call.
    const sample = (type: any): unknown => {
      if (type.kind === 'NON_NULL') return sample(type.ofType);
      if (type.kind === 'LIST') return [];
      if (type.kind === 'ENUM') return types.get(type.name).enumValues[0].name;
      if (type.kind === 'INPUT_OBJECT') {
        const out: Record<string, unknown> = {};
        for (const f of types.get(type.name).inputFields) if (f.type.kind === 'NON_NULL') out[f.name] = sample(f.type);
        return out;
      }
      return { ID: '00000000-0000-4000-8000-000000000000', String: 'x', Int: 1, Float: 1, Boolean: true }[type.name as string] ?? 'x';
    };
    const typeName = (type: any): string => (type.kind === 'NON_NULL' ? `${typeName(type.ofType)}!` : type.kind === 'LIST' ? `[${typeName(type.ofType)}]` : type.name);
    const open = ['login', 'refreshSession', 'logout'];
    const fields = schema.data.__schema.mutationType.fields as any[];
    expect(fields.length).toBeGreaterThan(30);
    for (const field of fields.filter((f) => !open.includes(f.name))) {
      const vars = Object.fromEntries(field.args.map((a: any) => [a.name, sample(a.type)]));
      const decl = field.args.map((a: any) => `$${a.name}: ${typeName(a.type)}`).join(', ');
      const call = field.args.map((a: any) => `${a.name}: $${a.name}`).join(', ');
      const res = await t.gql(`mutation${decl ? `(${decl})` : ''} { ${field.name}${call ? `(${call})` : ''} { __typename } }`, vars, { as: null });
      expect({ mutation: field.name, code: codeOf(res) }).toEqual({ mutation: field.name, code: 'UNAUTHENTICATED' });
    }
    const upload = await t.http().post('/documents').field('recordType', 'TOOL').field('recordId', placeId).attach('file', Buffer.from('text'), 'a.txt');
    expect(upload.status).toBe(401);
    expect(upload.body.code).toBe('UNAUTHENTICATED');
  });

  it('applies the role × operation matrix', async () => {
    const whos: Who[] = ['anonymous', 'curator', 'otherCurator', 'editor', 'admin'];
    // Each row: how to prepare a fresh target (created by "curator"), the operation, and the expected outcome per actor.
    const rows: { op: string; prepare: () => Promise<string>; run: (id: string, who: Who) => Promise<Outcome>; expect: Record<Who, Outcome> }[] = [
      {
        op: 'createActionPlan',
        prepare: async () => '',
        run: async (_id, who) =>
          codeOf(
            await t.gql(
              `mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { id } }`,
              { i: { title: `Matrix plan ${who}`, summary: 'Matrix.', kind: 'EQUALITY', lifecycle: 'ADOPTED', localGovernmentId: placeId } },
              as(who),
            ),
          ),
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'ok', otherCurator: 'ok', editor: 'ok', admin: 'ok' },
      },
      {
        op: "updateActionPlan (a curator's draft)",
        prepare: () => draftPlan(),
        run: async (id, who) => codeOf(await t.gql(`mutation($id: ID!) { updateActionPlan(id: $id, input: { summary: "Changed." }) { id } }`, { id }, as(who))),
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'ok', otherCurator: 'FORBIDDEN', editor: 'ok', admin: 'ok' },
      },
      {
        op: 'submitActionPlanForReview',
        prepare: () => draftPlan(),
        run: async (id, who) => codeOf(await t.gql(`mutation($id: ID!) { submitActionPlanForReview(id: $id) { id } }`, { id }, as(who))),
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'ok', otherCurator: 'FORBIDDEN', editor: 'ok', admin: 'ok' },
      },
      {
        op: 'updateActionPlan (in review)',
        prepare: async () => {
          const id = await draftPlan();
          await t.gql(`mutation($id: ID!) { submitActionPlanForReview(id: $id) { id } }`, { id }, { as: 'curator' });
          return id;
        },
        run: async (id, who) => codeOf(await t.gql(`mutation($id: ID!) { updateActionPlan(id: $id, input: { summary: "Changed." }) { id } }`, { id }, as(who))),
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'FORBIDDEN', otherCurator: 'FORBIDDEN', editor: 'ok', admin: 'ok' },
      },
      ...(['publishActionPlan', 'archiveActionPlan'] as const).map((op) => ({
        op,
        prepare: () => draftPlan(),
        run: async (id: string, who: Who) => codeOf(await t.gql(`mutation($id: ID!) { ${op}(id: $id) { id } }`, { id }, as(who))),
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the literal's strings must read as Outcome
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'FORBIDDEN', otherCurator: 'FORBIDDEN', editor: 'ok', admin: 'ok' } as Record<Who, Outcome>,
      })),
      {
        op: 'returnActionPlanToDraft',
        prepare: async () => {
          const id = await draftPlan();
          await t.gql(`mutation($id: ID!) { submitActionPlanForReview(id: $id) { id } }`, { id }, { as: 'curator' });
          return id;
        },
        run: async (id, who) => codeOf(await t.gql(`mutation($id: ID!) { returnActionPlanToDraft(id: $id, comment: "Add the monitoring section.") { id } }`, { id }, as(who))),
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'FORBIDDEN', otherCurator: 'FORBIDDEN', editor: 'ok', admin: 'ok' },
      },
      {
        op: 'restoreActionPlan',
        prepare: async () => {
          const id = await draftPlan();
          await t.gql(`mutation($id: ID!) { archiveActionPlan(id: $id) { id } }`, { id }, { as: 'editor' });
          return id;
        },
        run: async (id, who) => codeOf(await t.gql(`mutation($id: ID!) { restoreActionPlan(id: $id) { id } }`, { id }, as(who))),
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'FORBIDDEN', otherCurator: 'FORBIDDEN', editor: 'ok', admin: 'ok' },
      },
      {
        op: "POST /documents (to a curator's draft)",
        prepare: () => draftPlan(),
        run: async (id, who) => {
          const req = t.http().post('/documents');
          if (who !== 'anonymous') req.set('authorization', t.bearer(who));
          const res = await req
            .field('recordType', 'ACTION_PLAN')
            .field('recordId', id)
            .attach('file', Buffer.from(`Matrix upload by ${who} ${id}.`), 'note.txt');
          return res.status === 201 ? 'ok' : res.body.code;
        },
        // Another curator's draft answers exactly like a record that does not exist (no existence oracle).
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'ok', otherCurator: 'NOT_FOUND', editor: 'ok', admin: 'ok' },
      },
      {
        op: 'createUser',
        prepare: async () => '',
        run: async (_id, who) =>
          codeOf(
            await t.gql(
              `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
              { i: { email: `new-${who}-${Date.now()}@test.example`, displayName: 'New', role: 'CURATOR', password: 'a-long-enough-password' } },
              as(who),
            ),
          ),
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'FORBIDDEN', otherCurator: 'FORBIDDEN', editor: 'FORBIDDEN', admin: 'ok' },
      },
      {
        op: 'users',
        prepare: async () => '',
        run: async (_id, who) => codeOf(await t.gql(`{ users { totalCount } }`, {}, as(who))),
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'FORBIDDEN', otherCurator: 'FORBIDDEN', editor: 'FORBIDDEN', admin: 'ok' },
      },
      {
        op: 'auditLog',
        prepare: () => draftPlan(),
        run: async (id, who) => codeOf(await t.gql(`query($id: ID!) { auditLog(recordId: $id) { totalCount } }`, { id }, as(who))),
        expect: { anonymous: 'UNAUTHENTICATED', curator: 'FORBIDDEN', otherCurator: 'FORBIDDEN', editor: 'ok', admin: 'ok' },
      },
    ];
    const table: string[] = [];
    const mismatches: string[] = [];
    for (const row of rows) {
      for (const who of whos) {
        const id = await row.prepare();
        const outcome = await row.run(id, who);
        table.push(`${row.op} × ${who}: ${outcome}`);
        if (outcome !== row.expect[who]) mismatches.push(`${row.op} × ${who}: expected ${row.expect[who]}, got ${outcome}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(table.length).toBe(rows.length * whos.length);
  });

  it("keeps a curator's draft visible to that curator and editors only, in every read path, until it is published", async () => {
    const id = await draftPlan('curator', 'Zanzibar participatory budget draft');
    const upload = await t
      .http()
      .post('/documents')
      .set('authorization', t.bearer('curator'))
      .field('recordType', 'ACTION_PLAN')
      .field('recordId', id)
      .attach('file', Buffer.from('The zanzibar draft annex about quarterly hearings.'), 'annex.txt');
    expect(upload.status).toBe(201);
    await t.documentsSettled();
    const sees = async (who: Who) => {
      const one = await t.gql(`query($id: ID!) { actionPlan(id: $id) { id documents { id } } }`, { id }, as(who));
      const list = await t.gql(`{ actionPlans(limit: 100, sort: NEWEST) { items { id } } }`, {}, as(who));
      const doc = await t.gql(`query($d: ID!) { document(id: $d) { id } }`, { d: upload.body.id }, as(who));
      const file = t.http().get(`/documents/${upload.body.id}/file`);
      if (who !== 'anonymous') file.set('authorization', t.bearer(who));
      const search = await t.gql(`{ search(query: "zanzibar") { items { type record { ... on ActionPlan { id } } } } }`, {}, as(who));
      const found = search.data.search.items
        .filter((i: any) => i.record.id === id)
        .map((i: any) => i.type)
        .sort();
      return {
        single: !!one.data.actionPlan,
        list: list.data.actionPlans.items.some((p: any) => p.id === id),
        document: !!doc.data.document,
        download: (await file).status === 200,
        search: found.join(','),
      };
    };
    const all = { single: true, list: true, document: true, download: true, search: 'ACTION_PLAN,PASSAGE' };
    const none = { single: false, list: false, document: false, download: false, search: '' };
    expect(await sees('anonymous')).toEqual(none);
    expect(await sees('otherCurator')).toEqual(none);
    expect(await sees('curator')).toEqual(all);
    expect(await sees('editor')).toEqual(all);
    // drafts are in the staff index only: the public index never holds them
    const meili = t.app.get(MeiliService);
    const publicHits = await meili.call((client) => client.index(meili.indexUid).search('zanzibar', { filter: [`recordId = "${id}"`] }));
    expect(publicHits.hits).toEqual([]);

    await t.gql(`mutation($id: ID!) { submitActionPlanForReview(id: $id) { id } }`, { id }, { as: 'curator' });
    expect(await sees('anonymous')).toEqual(none);
    await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { id } }`, { id }, { as: 'editor' });
    await t.documentsSettled();
    expect(await sees('anonymous')).toEqual(all);
    expect(await sees('otherCurator')).toEqual(all);
  });

  it('walks the workflow and writes each change to the audit trail with before/after, and revisions can be restored', async () => {
    const id = await draftPlan('curator', 'Audit trail plan');
    await t.gql(
      `mutation($id: ID!) { updateActionPlan(id: $id, input: { title: "Audit trail plan, revised", themes: ["participation", "indicators"] }) { id } }`,
      { id },
      { as: 'curator' },
    );
    await t.gql(`mutation($id: ID!) { submitActionPlanForReview(id: $id) { id } }`, { id }, { as: 'curator' });
    const back = await t.gql(`mutation($id: ID!) { returnActionPlanToDraft(id: $id, comment: "Please add the indicators table.") { status } }`, { id }, { as: 'editor' });
    expect(back.data.returnActionPlanToDraft.status).toBe('DRAFT');
    const noComment = await t.gql(`mutation($id: ID!) { returnActionPlanToDraft(id: $id, comment: " ") { status } }`, { id }, { as: 'editor' });
    expect(onlyError(noComment).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    await t.gql(`mutation($id: ID!) { submitActionPlanForReview(id: $id) { id } }`, { id }, { as: 'curator' });
    await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { id } }`, { id }, { as: 'editor' });
    expect(await statusOf(id)).toBe('PUBLISHED');

    const log = await t.gql(
      `query($id: ID!) { auditLog(recordId: $id, limit: 20) { totalCount items { action userId comment changes { field before after } } } }`,
      { id },
      { as: 'editor' },
    );
    const entries = [...log.data.auditLog.items].reverse();
    expect(entries.map((e: any) => e.action)).toEqual(['create', 'update', 'submitForReview', 'returnToDraft', 'submitForReview', 'publish']);
    const update = entries[1];
    expect(update.userId).toBe(t.users.curator.id);
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', before: '"Audit trail plan"', after: '"Audit trail plan, revised"' },
        { field: 'themes', before: '["participation"]', after: '["indicators","participation"]' },
      ]),
    );
    expect(entries[3]).toMatchObject({ action: 'returnToDraft', userId: t.users.editor.id, comment: 'Please add the indicators table.' });
    expect(entries[3].changes).toEqual([{ field: 'status', before: '"IN_REVIEW"', after: '"DRAFT"' }]);
    const byUser = await t.gql(`query($u: ID!) { auditLog(userId: $u, limit: 100) { items { recordId action } } }`, { u: t.users.editor.id }, { as: 'editor' });
    expect(byUser.data.auditLog.items).toEqual(expect.arrayContaining([{ recordId: id, action: 'publish' }]));

    // Nothing is lost by an edit: the first revision comes back.
    const revisions = await t.gql(`query($id: ID!) { revisions(recordId: $id) { id version action snapshot } }`, { id }, { as: 'editor' });
    const first = revisions.data.revisions.find((r: any) => r.version === 1);
    expect(JSON.parse(first.snapshot)).toMatchObject({ title: 'Audit trail plan', themes: ['participation'] });
    const restored = await t.gql(`mutation($r: ID!) { restoreRevision(id: $r) { version action } }`, { r: first.id }, { as: 'editor' });
    expect(restored.data.restoreRevision).toEqual({ version: revisions.data.revisions.length + 1, action: 'restoreRevision' });
    const now = await t.gql(`query($id: ID!) { actionPlan(id: $id) { title themes { slug } status } }`, { id });
    expect(now.data.actionPlan).toEqual({ title: 'Audit trail plan', themes: [{ slug: 'participation' }], status: 'PUBLISHED' });
  });

  it('signs in with a generic error on failure, rotates refresh tokens, detects reuse and logs out', async () => {
    const { email, password } = t.users.otherCurator;
    const wrong = await t.gql(`mutation($e: String!) { login(email: $e, password: "not the password") { accessToken } }`, { e: email }, { as: null });
    const unknown = await t.gql(`mutation { login(email: "nobody@test.example", password: "whatever-password") { accessToken } }`, {}, { as: null });
    expect(onlyError(wrong)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(onlyError(unknown).message).toBe(onlyError(wrong).message);

    const login = await t.gql(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken user { email role } } }`,
      { e: email, p: password },
      { as: null },
    );
    expect(login.data.login.user).toEqual({ email, role: 'CURATOR' });
    const me = await t.gql(`{ me { email } }`, {}, { as: login.data.login.accessToken });
    expect(me.data.me.email).toBe(email);

    const refreshed = await t.gql(`mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken refreshToken } }`, { r: login.data.login.refreshToken }, { as: null });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data.refreshSession.refreshToken).not.toBe(login.data.login.refreshToken);
    // The old refresh token is spent; replaying it revokes the whole session, the new token included.
    const replay = await t.gql(`mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`, { r: login.data.login.refreshToken }, { as: null });
    expect(onlyError(replay).extensions?.code).toBe('UNAUTHENTICATED');
    const afterReplay = await t.gql(`mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`, { r: refreshed.data.refreshSession.refreshToken }, { as: null });
    expect(onlyError(afterReplay).extensions?.code).toBe('UNAUTHENTICATED');

    const second = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { refreshToken } }`, { e: email, p: password }, { as: null });
    expect((await t.gql(`mutation($r: String!) { logout(refreshToken: $r) }`, { r: second.data.login.refreshToken }, { as: null })).data.logout).toBe(true);
    const afterLogout = await t.gql(`mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`, { r: second.data.login.refreshToken }, { as: null });
    expect(onlyError(afterLogout).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses expired and forged access tokens, and revoked API tokens, on GraphQL and REST alike', async () => {
    const claims = { email: t.users.editor.email, role: 'EDITOR' };
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, { subject: t.users.editor.id, issuer: 'local-rights-kb' });
    const forged = jwt.sign(claims, 'another-secret-of-an-attacker-0123456789abcdef', { subject: t.users.editor.id, issuer: 'local-rights-kb', expiresIn: 600 });
    for (const [token, reason] of [
      [expired, /expired/],
      [forged, /not valid/],
      ['lrkb_not-a-real-token', /not valid/],
    ] as const) {
      const res = await t.gql(`{ tools(limit: 1) { totalCount } }`, {}, { as: token });
      expect(onlyError(res)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(reason) });
      const rest = await t.http().get('/documents/00000000-0000-4000-8000-000000000000/file').set('authorization', `Bearer ${token}`);
      expect(rest.status).toBe(401);
    }

    const created = await t.gql(`mutation { createApiToken(name: "harvest script") { token apiToken { id prefix } } }`, {}, { as: 'curator' });
    const { token, apiToken } = created.data.createApiToken;
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    expect((await t.gql(`{ me { email } }`, {}, { as: token })).data.me.email).toBe(t.users.curator.email);
    const listed = await t.gql(`{ apiTokens { id name lastUsedAt revokedAt } }`, {}, { as: 'curator' });
    expect(listed.data.apiTokens).toEqual([expect.objectContaining({ id: apiToken.id, name: 'harvest script', revokedAt: null })]);
    expect(JSON.stringify(listed.data)).not.toContain(token);
    const notYours = await t.gql(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: apiToken.id }, { as: 'otherCurator' });
    expect(onlyError(notYours).extensions?.code).toBe('FORBIDDEN');
    await t.gql(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: apiToken.id }, { as: 'curator' });
    const revoked = await t.gql(`{ me { email } }`, {}, { as: token });
    expect(onlyError(revoked)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/revoked/) });
  });

  it('protects HTTP: security headers, CORS by configuration, CSRF prevention, complexity limit', async () => {
    const health = await t.http().get('/health').set('origin', 'https://evil.example');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toBeDefined();
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await t.http().options('/graphql').set('origin', 'https://kb.example.org').set('access-control-request-method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://kb.example.org');
    // A browser's "simple" cross-site request is refused by Apollo's CSRF prevention.
    const csrf = await t.http().post('/graphql').set('content-type', 'text/plain').send('{"query":"{ sdgs { number } }"}');
    expect(csrf.status).toBe(400);
    // Within the depth limit, but each level multiplies: 100 plans × their places' plans × … (a breadth bomb).
    const bomb = await t.gql(
      `{ actionPlans(limit: 100) { items { localGovernment { actionPlans { localGovernment { actionPlans { localGovernment { actionPlans { localGovernment { goodPractices { title } } } } } } } } } } }`,
    );
    expect(onlyError(bomb)).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringMatching(/too complex/) });
  });

  it('throttles sign-in attempts', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await t.gql(`mutation { login(email: "throttled@test.example", password: "wrong-password-${i}") { accessToken } }`, {}, { as: null });
      codes.push(onlyError(res).extensions?.code);
    }
    expect(codes).toContain('TOO_MANY_REQUESTS');
    expect(codes.indexOf('TOO_MANY_REQUESTS')).toBeLessThanOrEqual(6);
  });
});
