import { connect } from 'node:net';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { RecordType } from '../src/catalogue/enums';
import { factories } from './helpers/factories';
import { requestFrom } from './helpers/http';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Findings of the outside probe (issue 23) on request cost and HTTP: fragment bombs, clients that
 * half-close their connection, cache headers of document files, and the workspace upload's existence
 * oracle. Each test failed on the code before its fix; the app is the real one over HTTP.
 */

/** `fragment F0 on <type> { <leaf> }`, then each Fi spreads F(i-1) twice: 2^levels leaves in about 40 bytes a level. */
const fragmentBomb = (levels: number, leaf: string, on = 'Query') =>
  `fragment F0 on ${on} { ${leaf} } ` + Array.from({ length: levels }, (_, i) => `fragment F${i + 1} on ${on} { ...F${i} ...F${i} }`).join(' ');

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** Dechunks an HTTP/1.1 body sent with `Transfer-Encoding: chunked`. */
const dechunk = (body: string) => {
  let out = '';
  for (let rest = body; ;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
};

describe('found from outside: request cost, half-closed connections, file caching, upload existence', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('fragment bombs', () => {
    const refusal = (res: { status: number; body: { errors?: { extensions?: Record<string, unknown> }[] } }) => ({
      status: res.status,
      errors: res.body.errors?.map((e) => e.extensions),
    });

    it('refuses 21- and 29-level bombs (POST, and GET with the preflight header) before running them, naming the limit', async () => {
      for (const levels of [21, 29]) {
        for (const leaf of ['__typename', 'sdgs { number }']) {
          const query = `{ ...F${levels} } ${fragmentBomb(levels, leaf)}`;
          const viaPost = await t.http().post('/graphql').set('content-type', 'application/json').send({ query });
          const viaGet = await t.http().get('/graphql').query({ query }).set('apollo-require-preflight', 'true');
          for (const res of [viaPost, viaGet]) {
            expect(refusal(res)).toEqual({ status: 400, errors: [expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_ROOT_FIELDS' })] });
          }
        }
      }
      // Spread under one root field, the total number of fields refuses it.
      const nested = await t
        .http()
        .post('/graphql')
        .send({ query: `{ sdgs { ...F29 } } ${fragmentBomb(29, 'number', 'Sdg')}` });
      expect(refusal(nested)).toEqual({ status: 400, errors: [expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_FIELDS' })] });
    });

    it('answers /health while a 29-level bomb is being refused', async () => {
      const sentAt = Date.now();
      const bomb = t.gql(`{ ...F29 } ${fragmentBomb(29, '__typename')}`);
      const health = await requestFrom(port, '/health');
      const healthAfterMs = Date.now() - sentAt;
      expect(health.status).toBe(200);
      // Before the fix the event loop was busy for minutes: /health waited for the bomb.
      expect(healthAfterMs).toBeLessThan(10000);
      expect((await bomb).status).toBe(400);
    });

    it('refuses an operation too large for the complexity estimate instead of running it unestimated', async () => {
      // 600 spreads of a 20-fragment chain: 600 fields (within GRAPHQL_MAX_FIELDS) but 12,600 selections once expanded.
      const chain = Array.from({ length: 20 }, (_, i) => `fragment C${i} on Sdg { ${i < 19 ? `...C${i + 1}` : 'number'} }`).join(' ');
      const res = await t.gql(`{ sdgs { ${Array.from({ length: 600 }, () => '...C0').join(' ')} } } ${chain}`);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_COMPLEXITY' }) })]);
      expect(res.errors![0].message).toMatch(/too complex to estimate/);
    });

    it('still answers a legitimate query reusing fragments', async () => {
      const res = await t.gql(`{ a: sdgs { ...S } b: sdgs { ...S } } fragment S on Sdg { number ...T } fragment T on Sdg { __typename number }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.a).toHaveLength(17);
      expect(res.data.a[0]).toEqual({ number: 1, __typename: 'Sdg' });
    });
  });

  it('answers a client that half-closes its connection after sending a slow request (a sign-in)', async () => {
    const body = JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      variables: { e: t.users.curator.email, p: t.users.curator.password },
    });
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(received));
      // Writes the whole request, then ends its side of the connection (FIN) at once.
      socket.end(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    const [head, rest] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
    const payload = JSON.parse(/transfer-encoding: chunked/i.test(head) ? dechunk(rest) : rest);
    expect(payload.data.login.accessToken).toEqual(expect.any(String));
  });

  describe('document files', () => {
    const file = (label: string) => Buffer.from(`${label}: the council reports on housing rights every year.\n`.repeat(10));
    const upload = async (as: 'curator' | 'editor', recordId: string, label: string) => {
      const res = await t
        .http()
        .post('/documents')
        .set('authorization', t.bearer(as))
        .field('recordType', 'ACTION_PLAN')
        .field('recordId', recordId)
        .attach('file', file(label), { filename: `${label}.txt`, contentType: 'text/plain' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const cacheHeaders = (res: request.Response) => ({ cacheControl: res.headers['cache-control'], vary: (res.headers.vary ?? '').toLowerCase() });

    it("keeps a draft's file and an archived record's file out of shared caches", async () => {
      const draft = await factories(t).record(RecordType.ACTION_PLAN, {}, { as: 'curator', publish: false });
      const draftFile = await upload('curator', draft.id, 'draft-file');
      for (const as of ['curator', 'editor'] as const) {
        const res = await t.http().get(`/documents/${draftFile}/file`).set('authorization', t.bearer(as));
        expect(res.status).toBe(200);
        expect(cacheHeaders(res).cacheControl).toBe('private, no-store');
      }
      expect((await t.http().get(`/documents/${draftFile}/file`)).status).toBe(404);

      const archived = await factories(t).record(RecordType.ACTION_PLAN);
      const archivedFile = await upload('editor', archived.id, 'archived-file');
      expect(cacheHeaders(await t.http().get(`/documents/${archivedFile}/file`)).cacheControl).toMatch(/^public, max-age=\d+$/);
      expect((await t.gql(`mutation($id: ID!) { archiveActionPlan(id: $id) { status } }`, { id: archived.id })).data.archiveActionPlan.status).toBe('ARCHIVED');
      const asEditor = await t.http().get(`/documents/${archivedFile}/file`).set('authorization', t.bearer('editor'));
      expect(asEditor.status).toBe(200);
      expect(cacheHeaders(asEditor).cacheControl).toBe('private, no-store');
    });

    it("lets shared caches keep a published record's file briefly, varying on credentials", async () => {
      const published = await factories(t).record(RecordType.ACTION_PLAN);
      const id = await upload('editor', published.id, 'public-file');
      for (const res of [await t.http().get(`/documents/${id}/file`), await t.http().get(`/documents/${id}/file`).set('authorization', t.bearer('editor'))]) {
        expect(res.status).toBe(200);
        const { cacheControl, vary } = cacheHeaders(res);
        expect(cacheControl).toMatch(/^public, max-age=\d+$/);
        expect(Number(/max-age=(\d+)/.exec(cacheControl)![1])).toBeLessThanOrEqual(60);
        expect(vary).toContain('authorization');
        expect(vary).toContain('cookie');
      }
    });
  });

  describe("uploads to another curator's draft read like uploads to nothing", () => {
    const randomId = '00000000-0000-4000-8000-000000000000';
    const signedIn = async () => {
      const agent = request.agent(t.app.getHttpServer());
      const form = await agent.get('/en/login');
      const res = await agent
        .post('/en/login')
        .type('form')
        .send({ _csrf: csrfOf(form.text), email: t.users.curator.email, password: t.users.curator.password });
      expect(res.status).toBe(303);
      return agent;
    };

    it('in the workspace: the record is the one in the path, whatever the form says', async () => {
      const agent = await signedIn();
      const mine = await factories(t).record(RecordType.ACTION_PLAN, { title: 'My plan for the upload oracle' }, { as: 'curator', publish: false });
      const theirs = await factories(t).record(RecordType.ACTION_PLAN, { title: 'Their hidden draft' }, { as: 'otherCurator', publish: false });
      // The upload form's action carries the CSRF token (multipart bodies are streamed to the upload).
      const csrf = /\/documents\?_csrf=([^"&]+)"/.exec((await agent.get(`/en/workspace/plans/${mine.id}`)).text)![1];
      const post = (pathId: string, formId: string, label: string) =>
        agent
          .post(`/en/workspace/plans/${pathId}/documents?_csrf=${csrf}`)
          .field('recordType', 'ACTION_PLAN')
          .field('recordId', formId)
          .attach('file', Buffer.from(`${label}: minutes of the council's rights committee.\n`.repeat(10)), `${label}.txt`);

      // The form names another curator's draft, or no record: both uploads go to the plan in the path.
      const viaTheirs = await post(mine.id, theirs.id, 'form-names-theirs');
      const viaNothing = await post(mine.id, randomId, 'form-names-nothing');
      for (const res of [viaTheirs, viaNothing]) {
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe(`/en/workspace/plans/${mine.id}?uploaded=1`);
      }
      const documents = async (id: string) =>
        (await t.gql(`query($id: ID!) { actionPlan(id: $id) { documents { filename } } }`, { id }, { as: 'editor' })).data.actionPlan.documents.map(
          (d: { filename: string }) => d.filename,
        );
      expect((await documents(mine.id)).sort()).toEqual(['form-names-nothing.txt', 'form-names-theirs.txt']);
      expect(await documents(theirs.id)).toEqual([]);

      // The path names another curator's draft, or no record: the same answer.
      const [toTheirs, toNothing] = [await post(theirs.id, theirs.id, 'path-theirs'), await post(randomId, randomId, 'path-nothing')];
      expect(toTheirs.status).toBe(404);
      expect(toNothing.status).toBe(404);
      expect(text(toTheirs.text).replaceAll(theirs.id, 'ID')).toBe(text(toNothing.text).replaceAll(randomId, 'ID'));
    });

    it('on POST /documents: the same status and message for a hidden draft and a missing record', async () => {
      const theirs = await factories(t).record(RecordType.ACTION_PLAN, { title: 'Another hidden draft' }, { as: 'otherCurator', publish: false });
      const post = (recordId: string) =>
        t
          .http()
          .post('/documents')
          .set('authorization', t.bearer('curator'))
          .field('recordType', 'ACTION_PLAN')
          .field('recordId', recordId)
          .attach('file', Buffer.from('A file for a record the curator cannot see.\n'.repeat(10)), 'probe.txt');
      const [hidden, missing] = [await post(theirs.id), await post(randomId)];
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(JSON.stringify(hidden.body).replaceAll(theirs.id, 'ID')).toBe(JSON.stringify(missing.body).replaceAll(randomId, 'ID'));
      expect(JSON.stringify(hidden.body)).not.toMatch(/Another hidden draft|not yours|DRAFT/);
    });

    it("on a document's own mutations: another curator's draft's document reads like a missing document", async () => {
      const theirs = await factories(t).record(RecordType.ACTION_PLAN, { title: 'A draft with a file' }, { as: 'otherCurator', publish: false });
      const upload = await t
        .http()
        .post('/documents')
        .set('authorization', t.bearer('otherCurator'))
        .field('recordType', 'ACTION_PLAN')
        .field('recordId', theirs.id)
        .attach('file', Buffer.from('Minutes of a draft plan only its curator may see.\n'.repeat(10)), 'draft-minutes.txt');
      expect(upload.status).toBe(201);
      const documentId = upload.body.id as string;
      const missingId = '00000000-0000-4000-8000-00000000d0c5';
      for (const mutation of [
        'mutation($id: ID!) { retryDocument(id: $id) { id } }',
        'mutation($id: ID!) { archiveDocument(id: $id) { id } }',
        'mutation($id: ID!) { updateDocument(id: $id, input: { title: "Renamed" }) { id } }',
      ]) {
        const [hidden, missing] = [await t.gql(mutation, { id: documentId }, { as: 'curator' }), await t.gql(mutation, { id: missingId }, { as: 'curator' })];
        expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
        expect(JSON.stringify(hidden.errors).replaceAll(documentId, 'ID')).toBe(JSON.stringify(missing.errors).replaceAll(missingId, 'ID'));
      }
      // its own curator still may
      expect((await t.gql('mutation($id: ID!) { updateDocument(id: $id, input: { title: "Renamed" }) { title } }', { id: documentId }, { as: 'otherCurator' })).data).toEqual({
        updateDocument: { title: 'Renamed' },
      });
    });
  });
});
