import { gzipSync } from 'node:zlib';
import { RecordType } from '../src/catalogue/enums';
import { LANGUAGES } from '../src/web/i18n/i18n';
import { factories } from './helpers/factories';
import { onlyError, startTestApp, TestApp } from './helpers/test-app';

/**
 * The web pages as HTML over HTTP, JavaScript off: what a visitor's browser (or a screen reader) gets,
 * compared with what GraphQL gives the same (anonymous) visitor.
 */

/** The text of the first element matching a simple pattern (tests read the HTML itself). */
const h1Of = (html: string) =>
  /<h1[^>]*>([\s\S]*?)<\/h1>/
    .exec(html)?.[1]
    .replace(/<[^>]+>/g, '')
    .trim();
const countOf = (html: string, re: RegExp) => (html.match(re) ?? []).length;
const decode = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

describe('web pages over HTTP (no JavaScript)', () => {
  let t: TestApp;
  let slugs: Record<string, string>;

  const page = (path: string) => t.http().get(path).set('accept', 'text/html');
  const gqlSearch = async (args: string) => (await t.gql(`{ search(${args}) { totalCount } }`)).data.search.totalCount as number;
  const resultCount = (html: string) => Number(/<p role="status">([\d\s,.  ]+)/.exec(html)?.[1].replace(/[^\d]/g, '') ?? NaN);

  beforeAll(async () => {
    t = await startTestApp();
    await t.documentsSettled();
    const d = (
      await t.gql(
        `{ actionPlans(limit: 1) { items { slug } } goodPractices(limit: 1) { items { slug } } tools(limit: 1) { items { slug } } localGovernments(limit: 1) { items { slug } } }`,
      )
    ).data;
    slugs = { plans: d.actionPlans.items[0].slug, practices: d.goodPractices.items[0].slug, tools: d.tools.items[0].slug, places: d.localGovernments.items[0].slug };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('redirects / by Accept-Language with 303 (English by default)', async () => {
    for (const [header, target] of [
      ['fr-CH, fr;q=0.9, en;q=0.8', '/fr/'],
      ['ar-EG,ar;q=0.9', '/ar/'],
      ['de-DE,de;q=0.9,en;q=0.5', '/en/'],
      ['pt-BR, es;q=0.8', '/en/'],
      ['', '/en/'],
    ]) {
      const res = await t.http().get('/').set('accept-language', header);
      expect({ header, status: res.status, location: res.headers.location }).toEqual({ header, status: 303, location: target });
    }
  });

  it('serves every page type in English, French and Arabic: lang, dir, one h1, skip link first, switcher keeping the page and query', async () => {
    const paths = [
      '/',
      '/search?q=housing&sdg=11',
      `/plans/${slugs.plans}`,
      `/practices/${slugs.practices}`,
      `/tools/${slugs.tools}`,
      `/places/${slugs.places}`,
      '/sdgs',
      '/sdgs/5',
      '/themes',
      '/themes/participation',
      '/regions',
      '/regions/150',
      '/stats',
      '/about',
    ];
    for (const lang of LANGUAGES) {
      for (const path of paths) {
        const res = await page(`/${lang}${path}`);
        expect({ path: `/${lang}${path}`, status: res.status }).toEqual({ path: `/${lang}${path}`, status: 200 });
        const html = res.text;
        expect(html).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
        expect(countOf(html, /<h1[\s>]/g)).toBe(1);
        // The skip link is the first link of the body.
        expect(/<body>\s*<a [^>]*>/.exec(html)?.[0]).toContain('href="#main"');
        for (const other of LANGUAGES) expect(decode(html)).toContain(`href="/${other}${path}"`);
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      }
    }
  });

  it('uses the catalogue of the page language and translated taxonomy labels', async () => {
    const fr = await page('/fr/sdgs/5');
    expect(h1Of(fr.text)).toMatch(/^ODD 5\s?: Égalité entre les sexes$/);
    const ar = await page('/ar/regions/150');
    expect(h1Of(ar.text)).toBe('أوروبا');
    const frThemes = await page('/fr/themes');
    expect(frThemes.text).toContain('Participation');
    expect(frThemes.text).toContain('Approche fondée sur les droits de l’homme');
    const arHome = await page('/ar/');
    expect(arHome.text).toContain('لا فقر');
  });

  it('counts on the search page equal GraphQL search totals for the same query and filter', async () => {
    const cases: [string, string][] = [
      ['q=particpation', 'query: "particpation"'],
      ['q=particpation&sdg=5', 'query: "particpation", filter: { sdgs: [5] }'],
      ['q=violence&sdg=5&sdg=16&type=ACTION_PLAN', 'query: "violence", types: [ACTION_PLAN], filter: { sdgs: [5, 16] }'],
      ['theme=participation', 'query: "", filter: { themes: ["participation"] }'],
      ['region=150&from=2015&to=2024', 'query: "", filter: { regions: ["150"], yearFrom: 2015, yearTo: 2024 }'],
      ['q=education&type=PASSAGE&language=fr', 'query: "education", types: [PASSAGE], filter: { languages: ["fr"] }'],
    ];
    for (const [qs, args] of cases) {
      const html = (await page(`/en/search?${qs}`)).text;
      // The page searches as a client that says its language (the page's) would.
      expect({ qs, count: resultCount(html) }).toEqual({ qs, count: await gqlSearch(`${args}, language: "en"`) });
    }
    // Filtering by SDG 5 narrows the typo'd query.
    expect(await gqlSearch('query: "particpation", filter: { sdgs: [5] }')).toBeLessThan(await gqlSearch('query: "particpation"'));
  });

  it('finds Article 26 of the UDHR PDF as "page 9", linking the reading view and the original at page 9', async () => {
    const res = await page('/en/search?q=' + encodeURIComponent('Everyone has the right to education. Education shall be free') + '&type=PASSAGE');
    const html = decode(res.text);
    // The PDF's passage (the HTML version's Article 26 may rank beside it).
    const hit = html
      .slice(html.indexOf('<ol class="hits"'))
      .split('<li class="hit">')
      .find((h) => h.includes('Page 9 of'))!;
    expect(hit).toContain('Page 9 of');
    const reading = /href="(\/en\/documents\/([0-9a-f-]{36})\?page=9&hl=[^"]+)"/.exec(hit);
    expect(reading).not.toBeNull();
    expect(hit).toContain(`href="/documents/${reading![2]}/file#page=9"`);
    const view = await page(reading![1]);
    expect(view.status).toBe(200);
    expect(view.text).toMatch(/Page 9 of 11/);
    expect(view.text).toMatch(/<mark>[Ee]ducation<\/mark>/);
    expect(view.text).toContain(`href="/en/documents/${reading![2]}?page=8`);
    expect(view.text).toContain(`href="/documents/${reading![2]}/file#page=9"`);
    expect((await page(`/en/documents/${reading![2]}?page=12`)).status).toBe(404);
  });

  it('opens a passage of a document without pages at the part that holds it', async () => {
    const html = decode((await page('/en/search?q=' + encodeURIComponent('Everyone has the right to education') + '&type=PASSAGE')).text);
    const hits = html.slice(html.indexOf('<ol class="hits"')).split('<li class="hit">').slice(1);
    const htmlHit = hits.find((h) => !h.includes('Page ') && h.includes('Article 26'))!;
    expect(htmlHit).toBeDefined();
    const link = /href="(\/en\/documents\/[0-9a-f-]{36}\?page=(\d+)&hl=[^"]+)"/.exec(htmlHit)!;
    expect(Number(link[2])).toBeGreaterThan(1);
    expect((await page(link[1])).text).toContain('Article 26');
  });

  it('says when a results page is past the end, and links the last one', async () => {
    const res = await page('/en/search?q=participation&page=400');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/There is no page 400: the results end at page \d+\./);
    expect(res.text).toMatch(/href="\/en\/search\?q=participation&amp;page=\d+">Go to the last page/);
  });

  it('counts a region the same on the regions page and on its own page', async () => {
    const list = (await page('/en/regions')).text;
    const inList = Number(/href="\/en\/regions\/150">Europe<\/a> <span class="count">\((\d+) records\)/.exec(list)![1]);
    const own = (await page('/en/regions/150')).text;
    expect(Number(/Records <span class="count">\((\d+) records\)/.exec(own)![1])).toBe(inList);
  });

  it('shows a draft to nobody: its page is 404 for the public, in HTML', async () => {
    const lg = (await t.gql(`{ localGovernments(limit: 1) { items { id } } }`)).data.localGovernments.items[0].id;
    const draft = await t.gql(
      `mutation($lg: ID!) { createActionPlan(input: { title: "Unpublished web draft", summary: "Secret.", kind: EQUALITY, lifecycle: ADOPTED, localGovernmentId: $lg }) { slug } }`,
      { lg },
    );
    const res = await page(`/en/plans/${draft.data.createActionPlan.slug}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).not.toContain('Secret.');
    expect(h1Of(res.text)).toBe('Page not found');
    expect(h1Of((await page(`/fr/plans/${draft.data.createActionPlan.slug}`)).text)).toBe('Page introuvable');
  });

  it('gives each record a permalink that follows slug changes (302, never cached), in the visitor’s language', async () => {
    const made = await factories(t).record(RecordType.TOOL, { title: 'Permalink guide', slug: 'permalink-guide' });
    const first = await t.http().get(`/r/${made.id}`).set('accept-language', 'fr-CH, fr;q=0.9');
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/fr/tools/permalink-guide');
    expect(first.headers['cache-control']).toMatch(/no-cache/);
    const pageHtml = (await page('/en/tools/permalink-guide')).text;
    expect(pageHtml).toMatch(new RegExp(`<a href="http://127\\.0\\.0\\.1:\\d+/r/${made.id}" class="permalink"`));
    const renamed = await t.gql(`mutation($id: ID!) { updateTool(id: $id, input: { slug: "permalink-guide-2027" }) { slug } }`, { id: made.id });
    expect(renamed.errors).toBeUndefined();
    expect((await t.http().get(`/r/${made.id}`)).headers.location).toBe('/en/tools/permalink-guide-2027');
    // a draft's permalink is as unknown as a wrong one to the public
    const draft = await factories(t).record(RecordType.TOOL, { title: 'Permalink draft' }, { publish: false });
    for (const id of [draft.id, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const res = await t.http().get(`/r/${id}`).set('accept', 'text/html');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
  });

  it('links the exports of every matching record from the search and browse pages, with the filter', async () => {
    const html = decode((await page('/en/search?q=participation&sdg=11&type=ACTION_PLAN&page=1')).text);
    expect(html).toContain('<h2 id="downloads-heading">Download these records</h2>');
    expect(html).toContain('href="/export/action-plans.csv?q=participation&sdg=11"');
    expect(html).toContain('href="/export/action-plans.json?q=participation&sdg=11"');
    expect(html).not.toContain('/export/tools.csv');
    const all = decode((await page('/fr/search?theme=participation')).text);
    for (const collection of ['action-plans', 'good-practices', 'tools', 'local-governments']) expect(all).toContain(`href="/export/${collection}.csv?theme=participation"`);
    const sdgPage = decode((await page('/en/sdgs/11')).text);
    expect(sdgPage).toContain('href="/export/action-plans.csv?sdg=11"');
    // the link gives the rows the page counts
    const count = resultCount((await page('/en/search?theme=participation&type=ACTION_PLAN')).text);
    const exported = await t.http().get('/export/action-plans.csv?theme=participation');
    expect(Number(exported.headers['x-total-count'])).toBe(count);
  });

  it('shows a title containing HTML as text, in pages and in highlighted search results', async () => {
    const lg = (await t.gql(`{ localGovernments(limit: 1) { items { id } } }`)).data.localGovernments.items[0].id;
    const title = '<script>alert("owned")</script> Zanzibar <b>bold</b> plan';
    const created = await t.gql(`mutation($i: CreateActionPlanInput!) { createActionPlan(input: $i) { id slug } }`, {
      i: { title, summary: 'A plan whose title holds <img src=x onerror=alert(1)> markup.', kind: 'EQUALITY', lifecycle: 'ADOPTED', localGovernmentId: lg },
    });
    await t.gql(`mutation($id: ID!) { publishActionPlan(id: $id) { id } }`, { id: created.data.createActionPlan.id });
    await t.searchSettled();
    for (const path of [`/en/plans/${created.data.createActionPlan.slug}`, '/en/search?q=zanzibar']) {
      const html = (await page(path)).text;
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<b>bold</b>');
      expect(html).toContain('&lt;script&gt;');
    }
    expect((await page('/en/search?q=zanzibar')).text).toContain('<mark>Zanzibar</mark>');
  });

  it('answers unknown paths with an HTML 404 in the visitor’s language; API routes keep JSON', async () => {
    const fr = await page('/fr/nowhere/at/all');
    expect(fr.status).toBe(404);
    expect(h1Of(fr.text)).toBe('Page introuvable');
    const bare = await t.http().get('/nowhere').set('accept-language', 'ar');
    expect(bare.status).toBe(404);
    expect(bare.text).toContain('<html lang="ar" dir="rtl">');
    const api = await t.http().get('/documents/00000000-0000-4000-8000-000000000000');
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await page('/en/sdgs/18')).status).toBe(404);
    expect((await page('/en/themes/no-such-theme')).status).toBe(404);
  });

  it('refuses bad search parameters with a clear message (400), like GraphQL does', async () => {
    const res = await page('/en/search?sdg=42');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/role="alert"[\s\S]*SDG/);
    const gql = await t.gql(`{ search(query: "", filter: { sdgs: [42] }) { totalCount } }`);
    expect(onlyError(gql).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('serves assets with hashed names and a year of caching; the search page weighs ≤ 150 KB in all', async () => {
    const html = (await page('/en/search?q=participation')).text;
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    let total = gzipSync(html).length;
    for (const url of assets) {
      expect(url).toMatch(/\.[0-9a-f]{10}\.(css|js)$/);
      const res = await t.http().get(url);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      total += gzipSync(res.text).length;
    }
    expect(total).toBeLessThan(150 * 1024);
    expect((await t.http().get('/assets/site.0000000000.css')).status).toBe(404);
  });

  it('serves the API explorer from our own assets, with no CDN', async () => {
    const res = await page('/graphql');
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="graphiql"');
    expect(res.text).not.toMatch(/https?:\/\//);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    // A GET query still reaches the API.
    const query = await t.http().get('/graphql').query({ query: '{ sdg(number: 5) { number } }' }).set('apollo-require-preflight', 'true');
    expect(query.body.data).toEqual({ sdg: { number: 5 } });
  });
});
