/// <reference lib="dom" />
import { makeScannedTextPdf } from './fixtures/scanned-documents';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { Lang, LANGUAGES } from '../src/web/i18n/i18n';
import { makePdf } from './fixtures/sample-documents';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The pages in a real browser: Debian's Chromium driven by playwright-core, axe-core on every page
 * type in every language (no rule disabled, nothing excluded), a keyboard-only journey, reflow at
 * 320 CSS px, and no request leaving 127.0.0.1. Screenshots go to test-output/screenshots for a person
 * to look at. In CI (.ci/run installs chromium) this suite must run; elsewhere without Chromium it is skipped.
 */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SHOTS = join(__dirname, '..', 'test-output', 'screenshots');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const available = existsSync(CHROMIUM);
const describeBrowser = available || process.env.CI ? describe : describe.skip;

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** axe-core on the page as it is (evaluated through the DevTools protocol: the page's own CSP rightly refuses inline scripts). */
async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

const SCANNED = 'The ombudsperson of Rivertown publishes a yearly review of complaints about housing discrimination and access to schools.';

describeBrowser('web pages in Chromium: accessibility, keyboard, reflow, no outside requests', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const outside: string[] = [];
  const cspErrors: string[] = [];
  const paths: Record<string, string> = {};

  beforeAll(async () => {
    expect(existsSync(CHROMIUM)).toBe(true); // in CI .ci/run installs it: a missing browser fails here
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    await t.documentsSettled();
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const slugs = (
      await t.gql(`{ actionPlans(limit: 1, sort: NEWEST) { items { slug } } goodPractices(limit: 1) { items { slug } } tools(limit: 1) { items { slug } }
      localGovernments(limit: 1) { items { slug } } search(query: "everyone has the right to education", types: [PASSAGE], limit: 20) { items { document { id } page } } }`)
    ).data;
    const passage = slugs.search.items.find((i: { page: number | null }) => i.page !== null);
    // A scanned page (no text layer): its text recognised, the reading view and the hit say so.
    const toolId = (await t.gql(`{ tools(limit: 1) { items { id } } }`)).data.tools.items[0].id;
    const scan = await t
      .http()
      .post('/documents')
      .set('authorization', t.bearer('editor'))
      .field('recordType', 'TOOL')
      .field('recordId', toolId)
      .attach('file', await makeScannedTextPdf([SCANNED], { heightShare: 0.3 }), { filename: 'signed-decision-scan.pdf', contentType: 'application/pdf' });
    expect(scan.status).toBe(201);
    await t.documentsSettled();
    await t.searchSettled();
    Object.assign(paths, {
      scanReading: `/documents/${scan.body.id}?page=1`,
      scanSearch: '/search?q=Rivertown+ombudsperson+complaints',
      home: '/',
      search: '/search?q=particpation',
      plan: `/plans/${slugs.actionPlans.items[0].slug}`,
      practice: `/practices/${slugs.goodPractices.items[0].slug}`,
      tool: `/tools/${slugs.tools.items[0].slug}`,
      place: `/places/${slugs.localGovernments.items[0].slug}`,
      reading: `/documents/${passage.document.id}?page=${passage.page}&hl=education`,
      sdg: '/sdgs/5',
      stats: '/stats',
      notFound: '/no-such-page',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const open = async (url: string, width = 1280): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('request', (req) => {
      const u = new URL(req.url());
      if (u.protocol !== 'data:' && u.hostname !== '127.0.0.1') outside.push(req.url());
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/.test(msg.text())) cspErrors.push(`${url}: ${msg.text()}`);
    });
    await page.goto(`${base}${url}`, { waitUntil: 'load' });
    return page;
  };
  for (const lang of LANGUAGES) {
    it(`has no axe violations on every page type in ${lang}, and saves screenshots`, async () => {
      const found: Record<string, AxeViolation[]> = {};
      for (const [name, path] of Object.entries(paths)) {
        const page = await open(`/${lang}${path}`);
        await page.screenshot({ path: join(SHOTS, `${name}-${lang}.png`), fullPage: name !== 'stats' && name !== 'search' });
        const violations = await axe(page);
        if (violations.length) found[name] = violations;
        await page.close();
      }
      expect(found).toEqual({});
    });
  }

  for (const lang of LANGUAGES) {
    it(`signs in through the form in ${lang}: the form with errors and the workspace have no axe violations`, async () => {
      const page = await open(`/${lang}/workspace`);
      expect(new URL(page.url()).pathname).toBe(`/${lang}/login`); // sent to sign in first
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/login"] button[type="submit"]')]);
      expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
      await page.screenshot({ path: join(SHOTS, `login-errors-${lang}.png`), fullPage: true });
      const formErrors = await axe(page);
      await page.fill('#email', t.users.curator.email);
      await page.fill('#password', t.users.curator.password);
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/login"] button[type="submit"]')]);
      expect(new URL(page.url()).pathname).toBe(`/${lang}/workspace`);
      await page.screenshot({ path: join(SHOTS, `workspace-${lang}.png`), fullPage: true });
      const workspace = await axe(page);
      expect({ formErrors, workspace }).toEqual({ formErrors: [], workspace: [] });
      // Sign out with the header's button (a POST form with its CSRF token).
      await Promise.all([page.waitForNavigation(), page.click('.account button[type="submit"]')]);
      expect(new URL(page.url()).pathname).toBe(`/${lang}/login`);
      await page.close();
    });
  }

  it('runs the curator and editor journey in the browser, with no axe violations on the workspace pages', async () => {
    const found: Record<string, AxeViolation[]> = {};
    const check = async (page: Page, name: string) => {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      const violations = await axe(page);
      if (violations.length) found[name] = violations;
    };
    const signIn = async (page: Page, who: 'curator' | 'editor', lang = 'en') => {
      await page.goto(`${base}/${lang}/login`);
      await page.fill('#email', t.users[who].email);
      await page.fill('#password', t.users[who].password);
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/login"] button[type="submit"]')]);
    };
    const curator = await (await browser.newContext()).newPage();
    await signIn(curator, 'curator');
    await curator.goto(`${base}/en/workspace/plans/new`);
    await check(curator, 'ws-new-plan-en');
    // A validation error first: no title.
    await curator.fill('#summary', 'A plan created in the browser journey.');
    await curator.selectOption('#localGovernmentId', { index: 1 });
    await curator.selectOption('#kind', 'HUMAN_RIGHTS');
    await curator.selectOption('#lifecycle', 'ADOPTED');
    await curator.check('#themes-participation');
    await Promise.all([curator.waitForNavigation(), curator.click('.record-form button[type="submit"]')]);
    expect(await curator.getAttribute('#title', 'aria-invalid')).toBe('true');
    await check(curator, 'ws-form-errors-en');
    await curator.fill('#title', 'Osprey Bay journey plan');
    await Promise.all([curator.waitForNavigation(), curator.click('.record-form button[type="submit"]')]);
    expect(curator.url()).toMatch(/\/en\/workspace\/plans\/[0-9a-f-]{36}\?saved=1$/);
    // Upload a PDF and a text file at once (sent by the page's script, with a progress bar), then watch
    // their status change by itself — no reload — until both are searchable.
    const pdf = await makePdf(['The Osprey Bay council monitors the journey plan every spring with residents.']);
    const uploads: string[] = [];
    curator.on('request', (req) => {
      if (req.method() === 'POST' && req.url().includes('/documents?')) uploads.push(req.resourceType());
    });
    await curator.setInputFiles('#file', [
      { name: 'osprey.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'osprey-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Notes of the Osprey Bay residents’ assembly on the plan.\n'.repeat(20)) },
    ]);
    await Promise.all([curator.waitForURL(/\?uploaded=2$/), curator.click('.upload-form button[type="submit"]')]);
    expect(uploads).toEqual(['xhr']);
    await curator.waitForFunction(() => Array.from(document.querySelectorAll('[data-document-status]')).every((el) => el.getAttribute('data-state') === 'INDEXED'), null, {
      timeout: 60_000,
    });
    expect(await curator.$$eval('[data-document-status]', (els) => els.map((el) => el.textContent))).toEqual(['Searchable', 'Searchable']);
    await check(curator, 'ws-record-en');
    await Promise.all([curator.waitForNavigation(), curator.click('form[action$="/submit"] button')]);
    const planUrl = curator.url().replace(/\?.*$/, '');
    // The editor finds it in the review queue with its changes, and publishes it from there.
    const editor = await (await browser.newContext()).newPage();
    await signIn(editor, 'editor', 'fr');
    await editor.goto(`${base}/fr/workspace/review`);
    const queued = editor.locator('section.review-item', { hasText: 'Osprey Bay journey plan' });
    expect(await queued.locator('table.changes').textContent()).toContain('A plan created in the browser journey.');
    await check(editor, 'ws-review-fr');
    await Promise.all([editor.waitForNavigation(), queued.locator('form[action$="/publish"] button').click()]);
    expect(editor.url()).toContain('?done=PUBLISHED');
    await check(editor, 'ws-record-editor-fr');
    await editor.goto(`${planUrl.replace('/en/', '/fr/')}/history`);
    await check(editor, 'ws-history-fr');
    await t.documentsSettled();
    // An anonymous visitor finds it, and its document's words.
    const visitor = await open('/en/search?q=osprey+bay');
    expect(await visitor.textContent('.hits')).toContain('Osprey Bay journey plan');
    // The Arabic form with errors.
    await curator.goto(`${base}/ar/workspace/tools/new`);
    await Promise.all([curator.waitForNavigation(), curator.click('.record-form button[type="submit"]')]);
    await check(curator, 'ws-form-errors-ar');
    // API tokens (Arabic) with a token just created, and the users page of an admin.
    await curator.goto(`${base}/ar/workspace/tokens`);
    await curator.fill('#name', 'journey script');
    await Promise.all([curator.waitForNavigation(), curator.click('form[action$="/workspace/tokens"] button')]);
    expect(await curator.inputValue('#new-token')).toMatch(/^\S{20,}$/);
    await check(curator, 'ws-tokens-ar');
    // A bulk import checked first (dry run), in English: the report table.
    const place = (await t.gql(`{ localGovernments(limit: 1) { items { slug } } }`)).data.localGovernments.items[0].slug as string;
    await curator.goto(`${base}/en/workspace/import`);
    await check(curator, 'ws-import-en');
    await curator.setInputFiles('#file', {
      name: 'network.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `title,summary,kind,lifecycle,localGovernment\nNetwork journey plan,From the network spreadsheet.,EQUALITY,ADOPTED,${place}\nNo summary plan,,EQUALITY,ADOPTED,${place}\n`,
      ),
    });
    await Promise.all([curator.waitForNavigation(), curator.click('.import-form button[type="submit"]')]);
    expect(await curator.textContent('[role="status"]')).toContain('Would be created: 1');
    await check(curator, 'ws-import-report-en');
    const admin = await (await browser.newContext()).newPage();
    await admin.goto(`${base}/en/login`);
    await admin.fill('#email', t.users.admin.email);
    await admin.fill('#password', t.users.admin.password);
    await Promise.all([admin.waitForNavigation(), admin.click('form[action$="/login"] button[type="submit"]')]);
    await admin.goto(`${base}/en/workspace/users`);
    await check(admin, 'ws-users-en');
    await Promise.all([admin.waitForNavigation(), admin.click('form[action$="/workspace/users"] button')]);
    await check(admin, 'ws-users-errors-en');
    // The workspace pages reflow at 320 CSS px too (a token just created included).
    const overflow: Record<string, number> = {};
    await curator.goto(`${base}/ar/workspace/tokens`);
    for (const [name, page] of [
      ['tokens-ar', curator],
      ['users-en', admin],
      ['history-fr', editor],
    ] as const) {
      await page.setViewportSize({ width: 320, height: 800 });
      overflow[name] = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow[name] > 0) await page.screenshot({ path: join(SHOTS, `ws-${name}-320px.png`), fullPage: true });
    }
    expect(overflow).toEqual({ 'tokens-ar': 0, 'users-en': 0, 'history-fr': 0 });
    for (const page of [curator, editor, visitor, admin]) await page.close();
    expect(found).toEqual({});
  });

  it('lays Arabic pages out right to left', async () => {
    const page = await open('/ar/search?q=education');
    expect(await page.evaluate(() => [document.documentElement.dir, getComputedStyle(document.body).direction])).toEqual(['rtl', 'rtl']);
    await page.close();
  });

  it('reflows at 320 CSS px without horizontal scrolling', async () => {
    for (const [name, path] of Object.entries(paths)) {
      for (const lang of ['en', 'ar']) {
        const page = await open(`/${lang}${path}`, 320);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (lang === 'en' && ['home', 'search', 'reading', 'plan'].includes(name)) await page.screenshot({ path: join(SHOTS, `${name}-${lang}-320px.png`), fullPage: false });
        expect({ name, lang, overflow }).toEqual({ name, lang, overflow: 0 });
        await page.close();
      }
    }
  });

  it('works by keyboard alone: skip link first, search, Tab to the first result, Enter opens it', async () => {
    const page = await open('/en/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    // Tab on to the search box, type, Enter.
    for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.id)) !== 'q'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('particpation');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/en/search');
    // Tab until the first result's link has focus, then Enter.
    const firstHref = await page.evaluate(() => document.querySelector('.hits .hit h3 a')?.getAttribute('href'));
    expect(firstHref).toBeTruthy();
    for (let i = 0; i < 200 && (await page.evaluate(() => document.activeElement?.getAttribute('href'))) !== firstHref; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(firstHref);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(firstHref);
    expect(await page.evaluate(() => document.querySelectorAll('h1').length)).toBe(1);
    await page.close();
  });

  it('serves the API explorer from its own assets under the CSP', async () => {
    const page = await open('/graphql');
    await page.waitForSelector('.graphiql-container', { timeout: 15000 });
    await page.screenshot({ path: join(SHOTS, 'api-explorer.png') });
    await page.close();
  });

  it('sent no request outside 127.0.0.1 and broke no Content-Security-Policy rule', () => {
    expect(outside).toEqual([]);
    expect(cspErrors).toEqual([]);
  });
});

describeBrowser('the page over the request rate limit, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // One page a minute per address: every page after the first is the 429 page (its CSS and script are not counted).
    t = await startTestApp({ seed: false, env: { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1' } });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('says in each language how long to wait, styled, reflowing at 320 px, with no axe violations', async () => {
    await (await fetch(`${base}/en/`)).text(); // the one page of this minute
    const titles: Record<Lang, string> = { en: 'Too many requests', fr: 'Trop de requêtes', ar: 'طلبات كثيرة جدًا' };
    for (const [lang, title] of Object.entries(titles)) {
      for (const width of [1280, 320]) {
        const page = await browser.newPage({ viewport: { width, height: 700 } });
        const answer = await page.goto(`${base}/${lang}/search?q=water`, { waitUntil: 'load' });
        expect(answer?.status()).toBe(429);
        expect(await page.evaluate(() => document.querySelector('h1')?.textContent)).toBe(title);
        // The site's stylesheet was served despite the limit (its rules are readable: same origin).
        expect(await page.evaluate(() => Array.from(document.styleSheets).some((sheet) => sheet.href?.includes('/assets/') && sheet.cssRules.length > 20))).toBe(true);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, `too-many-${lang}${width === 320 ? '-320px' : ''}.png`), fullPage: true });
        expect(await axe(page)).toEqual([]);
        await page.close();
      }
    }
  });
});
