import { request as httpRequest } from 'node:http';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CatalogueStatsService } from '../src/catalogue/catalogue-stats.service';
import { Document } from '../src/documents/document.entity';
import { makeSlowPdf, makeZip } from './fixtures/sample-documents';
import { SearchService } from '../src/search/search.service';
import { idleExtractionProcessIds } from '../src/documents/extraction/extraction-runner';
import { requestFrom } from './helpers/http';
import { onlyError, startTestApp, TestApp } from './helpers/test-app';
import { hasPdftotext, processesWith, stagingFiles, waitFor } from './helpers/processes';
import { factories } from './helpers/factories';
import { RecordType } from '../src/catalogue/enums';

/**
 * One test per finding of the adversarial probe (issue "Hardening"): each failed on the code before
 * the fix. The app is the real one over HTTP, with real SQLite/PostgreSQL, Meilisearch and extractors.
 */

describe('hardening: no request crashes or freezes the service, credentials die when they should', () => {
  let t: TestApp;
  let port: number;
  let placeId: string;

  /** A raw POST from a chosen loopback address, its JSON answer parsed. */
  const rawPost = async (path: string, body: string, headers: Record<string, string>, localAddress = '127.0.0.1') => {
    const answer = await requestFrom(port, path, { method: 'POST', body, headers, from: localAddress });
    return { status: answer.status, body: answer.text ? JSON.parse(answer.text) : null };
  };
  const loginFrom = (localAddress: string, email: string, password: string) =>
    rawPost(
      '/graphql',
      JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', variables: { e: email, p: password } }),
      { 'content-type': 'application/json' },
      localAddress,
    );

  const createPlan = (as: 'curator' | 'otherCurator' | 'editor', input: Record<string, unknown>) =>
    t.gql(
      `mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { id slug title status localGovernment { id name status } } }`,
      { i: { summary: 'A plan for the hardening tests.', kind: 'HUMAN_RIGHTS', lifecycle: 'ADOPTED', localGovernmentId: placeId, ...input } },
      { as },
    );
  const upload = (as: 'curator' | 'otherCurator' | 'editor', recordType: string, recordId: string, bytes: Buffer, filename: string) =>
    t
      .http()
      .post('/documents')
      .set('authorization', t.bearer(as))
      .field('recordType', recordType)
      .field('recordId', recordId)
      .attach('file', bytes, { filename, contentType: 'application/octet-stream' });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '4', EXTRACTION_TIMEOUT_MS: '2500' } });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', () => resolve()));
    port = (server.address() as AddressInfo).port;
    placeId = (await t.gql(`{ localGovernments(limit: 1) { items { id } } }`)).data.localGovernments.items[0].id;
    await t.documentsSettled(); // the seed collection's documents
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('uploads', () => {
    let planId: string;
    beforeAll(async () => {
      const plan = await createPlan('curator', { title: 'Upload target plan' });
      expect(plan.errors).toBeUndefined();
      planId = plan.data.createActionPlan.id;
    });

    it('answers a multipart body cut before its closing boundary with 400, and keeps serving', async () => {
      const body = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc';
      const res = await rawPost('/documents', body, { 'content-type': 'multipart/form-data; boundary=x', authorization: t.bearer('curator') });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
      expect(res.body.message).toMatch(/malformed multipart|interrupted/);
      // With the fields first, too (the file part is then the one being staged when the body ends).
      const withFields = `--x\r\nContent-Disposition: form-data; name="recordType"\r\n\r\nACTION_PLAN\r\n--x\r\nContent-Disposition: form-data; name="recordId"\r\n\r\n${planId}\r\n${body}`;
      const again = await rawPost('/documents', withFields, { 'content-type': 'multipart/form-data; boundary=x', authorization: t.bearer('curator') });
      expect(again.status).toBe(400);
      expect((await t.http().get('/health')).status).toBe(200);
      expect(stagingFiles(t.dataDir)).toEqual([]);
    });

    it('removes the staging file of an aborted upload at once', async () => {
      await new Promise<void>((resolve) => {
        const boundary = 'abortboundary';
        const head = `--${boundary}\r\nContent-Disposition: form-data; name="recordType"\r\n\r\nACTION_PLAN\r\n--${boundary}\r\nContent-Disposition: form-data; name="recordId"\r\n\r\n${planId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`;
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          path: '/documents',
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(50 * 1024 * 1024), authorization: t.bearer('curator') },
        });
        req.on('error', () => resolve());
        req.write(head);
        req.write(Buffer.alloc(2 * 1024 * 1024, 'a'));
        // Abort once the server has begun staging the file.
        void waitFor(() => stagingFiles(t.dataDir).length > 0, 'the upload to reach staging').then(() => {
          req.destroy();
          resolve();
        });
      });
      await waitFor(() => stagingFiles(t.dataDir).length === 0, 'the staging file to be removed', 5000);
      expect((await t.http().get('/health')).status).toBe(200);
    });

    it('gives one document for identical uploads at the same moment to the same record', async () => {
      const bytes = Buffer.from(`Concurrent upload ${Date.now()}: the same bytes, five times at once.\n`.repeat(20));
      const answers = await Promise.all(Array.from({ length: 5 }, () => upload('curator', 'ACTION_PLAN', planId, bytes, 'same.txt')));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(answers.filter((a) => a.body.alreadyAttached)).toHaveLength(4);
      const rows = await t.app.get(DataSource).manager.count(Document, { where: { recordId: planId, sha256: answers[0].body.sha256 } });
      expect(rows).toBe(1);
      expect(stagingFiles(t.dataDir)).toEqual([]);
    });

    it('checks a ZIP with a huge number of entries without listing them in the server', async () => {
      const padding = Array.from({ length: 3000 }, (_, i) => ({ name: `pad/${i}.xml`, data: '' }));
      const hidden = await makeZip([...padding, { name: 'word/document.xml', data: '<w:document/>' }]);
      const refused = await upload('curator', 'ACTION_PLAN', planId, hidden, 'many.docx');
      expect(refused.status).toBe(415);
      expect(refused.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detected: 'a ZIP archive with more than 2000 entries' });
      // Looks like a DOCX at once, but has more entries than a document may have: the extraction child fails it.
      const first = await makeZip([{ name: 'word/document.xml', data: '<w:document/>' }, ...Array.from({ length: 10050 }, (_, i) => ({ name: `pad/${i}.xml`, data: '' }))]);
      const accepted = await upload('curator', 'ACTION_PLAN', planId, first, 'first.docx');
      expect(accepted.status).toBe(201);
      await t.documentsSettled();
      const doc = await t.gql(`query($id: ID!) { document(id: $id) { status failureReason } }`, { id: accepted.body.id }, { as: 'curator' });
      expect(doc.data.document).toMatchObject({ status: 'FAILED', failureReason: expect.stringMatching(/10051 entries, more than the 10000/) });
    });

    (hasPdftotext || process.env.CI ? it : it.skip)('kills the whole process group of an extraction on its time limit: no pdftotext left', async () => {
      // In CI .ci/run installs poppler-utils: there this test must run (a missing pdftotext fails it).
      expect(hasPdftotext).toBe(true);
      const pdf = makeSlowPdf(40); // pdftotext needs ~25 s for it; the limit here is 2.5 s
      const res = await upload('editor', 'ACTION_PLAN', planId, pdf, 'slow.pdf');
      expect(res.status).toBe(201);
      const sha = res.body.sha256 as string;
      await waitFor(() => processesWith(sha).some((p) => /pdftotext/.test(p.command)), 'pdftotext to start on the slow PDF', 20000);
      await t.documentsSettled();
      const doc = await t.gql(`query($id: ID!) { document(id: $id) { status failureReason } }`, { id: res.body.id }, { as: 'editor' });
      expect(doc.data.document.status).toBe('FAILED');
      expect(doc.data.document.failureReason).toMatch(/time limit/);
      // Nothing that read this file is still running: not pdftotext, not the extraction process.
      let left: { pid: number; command: string }[] = [];
      await waitFor(() => (left = processesWith(sha)).length === 0, 'every process of the job to end', 3000).catch((error: Error) => {
        throw new Error(`${error.message}; still running: ${JSON.stringify(left)}`);
      });
      // This app's own extraction processes (another suite may be extracting in parallel), but for those
      // idle and ready for the next file (none is ever kept after a time limit).
      const idle = idleExtractionProcessIds();
      expect(processesWith('extraction-child', { childrenOf: process.pid }).filter((p) => !idle.includes(p.pid))).toEqual([]);
    });

    it('removes staging files left by a crash when the server starts again, and keeps young ones', async () => {
      const staging = join(t.dataDir, 'files', 'tmp');
      mkdirSync(staging, { recursive: true });
      writeFileSync(join(staging, 'crashed.part'), 'left by a crash');
      const old = new Date(Date.now() - 10 * 60 * 1000);
      utimesSync(join(staging, 'crashed.part'), old, old);
      writeFileSync(join(staging, 'in-flight.part'), 'another replica is uploading this');
      await t.close({ keepData: true });
      t = await startTestApp({ reuse: t.storage, env: { LOGIN_ATTEMPTS_PER_MINUTE: '4', EXTRACTION_TIMEOUT_MS: '2500' } });
      const server = t.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', () => resolve()));
      port = (server.address() as AddressInfo).port;
      expect(stagingFiles(t.dataDir)).toEqual(['in-flight.part']);
    });
  });

  describe('cost of a request', () => {
    const aliases = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

    it('refuses alias bombs before any resolver runs, and /health answers meanwhile', async () => {
      const stats = t.app.get(CatalogueStatsService);
      const search = t.app.get(SearchService);
      for (const [query, limit] of [
        [aliases(10000, 'catalogueStats { totalCount }'), 'GRAPHQL_MAX_TOKENS'],
        [aliases(10000, 'search(limit: 0) { totalCount }'), 'GRAPHQL_MAX_TOKENS'],
        [aliases(1000, 'catalogueStats { totalCount }'), 'GRAPHQL_MAX_ROOT_FIELDS'],
        [aliases(21, 'search(query: "x", limit: 0) { totalCount }'), 'GRAPHQL_MAX_ROOT_FIELDS'],
      ]) {
        const before = { stats: stats.computations, search: search.executions };
        const [bomb, health] = await Promise.all([t.gql(query), t.http().get('/health')]);
        expect(health.status).toBe(200);
        expect(bomb.status).toBe(400);
        expect(onlyError(bomb).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit });
        expect(onlyError(bomb).message).toContain(limit);
        expect({ stats: stats.computations, search: search.executions }).toEqual(before);
      }
    });

    it('refuses an operation selecting too many fields through fragments', async () => {
      const fragment = `fragment F on CatalogueStats { ${Array.from({ length: 60 }, (_, i) => `t${i}: totalCount`).join(' ')} }`;
      const res = await t.gql(`{ ${Array.from({ length: 20 }, (_, i) => `s${i}: catalogueStats(types: [TOOL]) { ...F }`).join(' ')} } ${fragment}`);
      expect(onlyError(res).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_FIELDS' });
    });

    it('computes catalogueStats and search once per distinct argument set within a request', async () => {
      const stats = t.app.get(CatalogueStatsService);
      const search = t.app.get(SearchService);
      const before = { stats: stats.computations, search: search.executions };
      const res = await t.gql(`{
        a: catalogueStats(filter: { sdgs: [5] }) { totalCount } b: catalogueStats(filter: { sdgs: [5] }) { totalCount } c: catalogueStats { totalCount }
        x: search(query: "participation", limit: 3) { totalCount } y: search(query: "participation", limit: 3) { totalCount } z: search(query: "housing", limit: 3) { totalCount } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.a).toEqual(res.data.b);
      expect(res.data.x).toEqual(res.data.y);
      expect({ stats: stats.computations - before.stats, search: search.executions - before.search }).toEqual({ stats: 2, search: 2 });
    });

    it('answers a JSON body over 1 MB with 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await t
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ query: '{ sdgs { number } }', variables: { pad: 'x'.repeat(1100000) } }));
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect((await t.http().get('/health')).status).toBe(200);
    });
  });

  describe('credentials', () => {
    let counter = 0;
    const newUser = async (role = 'CURATOR') => {
      const email = `cred-${++counter}-${Date.now()}@test.example`;
      const password = 'first-password-long-enough';
      const created = await t.gql(
        `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
        { i: { email, password, displayName: 'Credential test', role } },
        { as: 'admin' },
      );
      expect(created.errors).toBeUndefined();
      const session = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }`, { e: email, p: password }, { as: null });
      expect(session.errors).toBeUndefined();
      const { accessToken, refreshToken } = session.data.login;
      const api = await t.gql(`mutation { createApiToken(name: "script") { token } }`, {}, { as: accessToken });
      expect(api.errors).toBeUndefined();
      return {
        id: created.data.createUser.id as string,
        email,
        password,
        accessToken: accessToken as string,
        refreshToken: refreshToken as string,
        apiToken: api.data.createApiToken.token as string,
      };
    };
    const me = (token: string) => t.gql(`{ me { id } }`, {}, { as: token });
    const refresh = (token: string) => t.gql(`mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`, { r: token }, { as: null });
    const updateUser = (id: string, input: Record<string, unknown>) =>
      t.gql(`mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }`, { id, i: input }, { as: 'admin' });
    const expectAllDead = async (u: Awaited<ReturnType<typeof newUser>>) => {
      expect(onlyError(await me(u.accessToken)).extensions?.code).toBe('UNAUTHENTICATED');
      expect(onlyError(await me(u.apiToken)).extensions?.code).toBe('UNAUTHENTICATED');
      expect(onlyError(await refresh(u.refreshToken)).extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.http().post('/documents').set('authorization', `Bearer ${u.apiToken}`)).status).toBe(401);
    };

    it('ends access tokens, refresh tokens and API tokens when an admin sets a new password', async () => {
      const u = await newUser();
      expect((await me(u.accessToken)).data.me.id).toBe(u.id);
      expect((await me(u.apiToken)).data.me.id).toBe(u.id);
      expect((await updateUser(u.id, { password: 'second-password-long-enough' })).errors).toBeUndefined();
      await expectAllDead(u);
      const again = await t.gql(
        `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
        { e: u.email, p: 'second-password-long-enough' },
        { as: null },
      );
      expect((await me(again.data.login.accessToken)).data.me.id).toBe(u.id);
    });

    it('keeps old credentials dead after deactivating and reactivating the user', async () => {
      const u = await newUser();
      expect((await updateUser(u.id, { active: false })).errors).toBeUndefined();
      expect((await updateUser(u.id, { active: true })).errors).toBeUndefined();
      await expectAllDead(u);
      const again = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: u.email, p: u.password }, { as: null });
      expect((await me(again.data.login.accessToken)).data.me.id).toBe(u.id);
    });

    it('ends them on a change of role', async () => {
      const u = await newUser('EDITOR');
      expect((await updateUser(u.id, { role: 'CURATOR' })).errors).toBeUndefined();
      await expectAllDead(u);
    });

    it('a changed display name leaves credentials alone', async () => {
      const u = await newUser();
      expect((await updateUser(u.id, { displayName: 'Renamed' })).errors).toBeUndefined();
      expect((await me(u.accessToken)).data.me.id).toBe(u.id);
      expect((await me(u.apiToken)).data.me.id).toBe(u.id);
    });

    it('throttles sign-in per address and per (account, address): failures elsewhere never lock the account', async () => {
      const u = await newUser();
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 10; i++) codes.push((await loginFrom('127.0.0.1', u.email, `wrong-password-${i}`)).body.errors?.[0]?.extensions?.code);
      expect(codes).toContain('TOO_MANY_REQUESTS');
      const elsewhere = await loginFrom('127.0.0.2', u.email, u.password);
      expect(elsewhere.body.errors).toBeUndefined();
      expect(elsewhere.body.data.login.accessToken).toEqual(expect.any(String));
      // The address that failed stays throttled.
      expect((await loginFrom('127.0.0.1', u.email, u.password)).body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    });
  });

  describe('input and disclosure', () => {
    it('validates every CatalogueFilter value, in lists, stats and search alike', async () => {
      const cases: [string, string][] = [
        ['{ languages: ["%"] }', 'filter.languages'],
        ['{ languages: ["zz"] }', 'filter.languages'],
        ['{ yearFrom: 5 }', 'filter.yearFrom'],
        ['{ yearTo: 2500 }', 'filter.yearTo'],
        ['{ countries: ["at"] }', 'filter.countries'],
        ['{ regions: ["15"] }', 'filter.regions'],
      ];
      for (const [filter, field] of cases) {
        for (const query of [
          `{ actionPlans(filter: ${filter}) { totalCount } }`,
          `{ catalogueStats(filter: ${filter}) { totalCount } }`,
          `{ search(query: "plan", filter: ${filter}) { totalCount } }`,
        ]) {
          const res = await t.gql(query);
          expect({ query, ...onlyError(res).extensions }).toMatchObject({ query, code: 'BAD_USER_INPUT', field });
        }
      }
      expect((await t.gql(`{ actionPlans(filter: { languages: ["fr"], yearFrom: 2000 }) { totalCount } }`)).errors).toBeUndefined();
    });

    it('strips control characters from titles and text on write; no stored marker becomes <mark>', async () => {
      const res = await createPlan('editor', { title: 'Plan\u0002with\u0003 markers\u0007', summary: 'Text\u0000 with\u001b controls\u0002 inside.\nSecond line.' });
      expect(res.errors).toBeUndefined();
      expect(res.data.createActionPlan.title).toBe('Planwith markers');
      const plan = await t.gql(`query($id: ID!) { actionPlan(id: $id) { summary } }`, { id: res.data.createActionPlan.id }, { as: 'editor' });
      expect(plan.data.actionPlan.summary).toBe('Text with controls inside.\nSecond line.');
      await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { id } }`, { id: res.data.createActionPlan.id });
      await t.searchSettled();
      const hits = await t.gql(`{ search(query: "markers", types: [ACTION_PLAN]) { items { id highlightedTitle } } }`);
      const hit = hits.data.search.items.find((h: any) => h.id === res.data.createActionPlan.id);
      // Stored markers would have come back as "Plan<mark>with</mark> markers".
      expect(hit.highlightedTitle).toBe('Planwith <mark>markers</mark>');
    });

    it('removes bidi controls from download file names', async () => {
      const toolId = (await factories(t).record(RecordType.TOOL, { title: 'Bidi tool', summary: 'Tool for the file name test.' })).id;
      const res = await upload('editor', 'TOOL', toolId, Buffer.from('<html><body><h1>Guide</h1><p>Plain text for the name test.</p></body></html>'), 'report\u202Elmth.exe');
      expect(res.status).toBe(201);
      expect(res.body.filename).toBe('reportlmth.exe');
      const file = await t.http().get(`/documents/${res.body.id}/file`);
      expect(file.headers['content-disposition']).not.toMatch(/%E2%80%AE/i);
      expect(file.headers['content-disposition']).toContain('reportlmth.exe');
    });

    it("refuses a reference to another curator's draft exactly like a missing one, and reveals nothing of it", async () => {
      const hidden = await t.gql(`mutation { createLocalGovernment(input: { name: "Secretville Draft Council", kind: CITY, country: "AT" }) { id } }`, {}, { as: 'otherCurator' });
      expect(hidden.errors).toBeUndefined();
      const viaHidden = await createPlan('curator', { title: 'Plan under a hidden place', localGovernmentId: hidden.data.createLocalGovernment.id });
      const viaMissing = await createPlan('curator', { title: 'Plan under no place', localGovernmentId: '00000000-0000-4000-8000-000000000000' });
      const [a, b] = [onlyError(viaHidden), onlyError(viaMissing)];
      expect(a.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.localGovernmentId' });
      expect(b.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.localGovernmentId' });
      expect(a.message.replace(hidden.data.createLocalGovernment.id, 'ID')).toBe(b.message.replace('00000000-0000-4000-8000-000000000000', 'ID'));
      expect(JSON.stringify(viaHidden)).not.toMatch(/Secretville|DRAFT/);
      // Its own curator and editors may still use it.
      expect((await createPlan('otherCurator', { title: 'Plan under my own place', localGovernmentId: hidden.data.createLocalGovernment.id })).errors).toBeUndefined();
    });

    it('derives slugs and reports taken ones without revealing hidden drafts', async () => {
      const hidden = await createPlan('otherCurator', { title: 'Confidential Harbour Plan' });
      expect(hidden.data.createActionPlan.slug).toBe('confidential-harbour-plan');
      const mine = await createPlan('curator', { title: 'Confidential Harbour Plan' });
      expect(mine.errors).toBeUndefined();
      expect(mine.data.createActionPlan.slug).toMatch(/^confidential-harbour-plan-[0-9a-f]{8}$/);
      // An editor sees every record: the plain counter is no secret to them.
      expect((await createPlan('editor', { title: 'Confidential Harbour Plan' })).data.createActionPlan.slug).toBe('confidential-harbour-plan-2');
      const explicit = onlyError(await createPlan('curator', { title: 'Another', slug: 'confidential-harbour-plan' }));
      expect(explicit.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug' });
      expect(explicit.message).toMatch(/already taken/);
      expect(explicit.message).not.toMatch(/Confidential|Harbour Plan|action plan|DRAFT/);
    });

    it('names duplicateOf only when the caller may see that document', async () => {
      const theirs = (await createPlan('otherCurator', { title: 'Their draft with a file' })).data.createActionPlan.id;
      const mine = (await createPlan('curator', { title: 'My draft with the same file' })).data.createActionPlan.id;
      const bytes = Buffer.from(`A file first uploaded to a hidden draft ${Date.now()}.\n`.repeat(10));
      const first = await upload('otherCurator', 'ACTION_PLAN', theirs, bytes, 'shared.txt');
      expect(first.status).toBe(201);
      const second = await upload('curator', 'ACTION_PLAN', mine, bytes, 'shared.txt');
      expect(second.status).toBe(201);
      expect(second.body.duplicateOf).toBeNull();
      const viaGraphql = await t.gql(`query($id: ID!) { document(id: $id) { duplicateOf } }`, { id: second.body.id }, { as: 'curator' });
      expect(viaGraphql.data.document.duplicateOf).toBeNull();
      const asEditor = await t.gql(`query($id: ID!) { document(id: $id) { duplicateOf } }`, { id: second.body.id }, { as: 'editor' });
      expect(asEditor.data.document.duplicateOf).toBe(first.body.id);
      await t.documentsSettled();
    });
  });
});
