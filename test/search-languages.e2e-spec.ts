import { MeiliService } from '../src/search/meili.service';
import { evaluate, table } from './eval/search-relevance';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Search in the languages of the field, over the seed collection and the Universal Declaration in
 * four languages: the judged query set's floor (hit@3 ≥ 0.9, MRR ≥ 0.8), the cases that failed
 * before normalisation (inflection, elision with either apostrophe, Arabic prefixes), language hints
 * and filters, whole-word highlights — and readiness, which waits for exactly this start-up work.
 */
describe('search in the languages of the field; readiness', () => {
  let t: TestApp;
  let early: { status: number; body: Record<string, unknown> };

  beforeAll(async () => {
    // A fresh start, not the run's template: readiness is measured from the first boot.
    t = await startTestApp({ template: false });
    // Right after start the seed documents are still being read: not ready.
    const res = await t.http().get('/health/ready');
    early = { status: res.status, body: res.body };
    await t.documentsSettled();
  });
  afterAll(async () => {
    await t?.close();
  });

  const first = async (query: string, language?: string, extra = '') => {
    const res = await t.gql(
      `query($q: String!, $lang: String) { search(query: $q, language: $lang, limit: 3${extra}) { items { type sectionPath snippet document { filename language } } } }`,
      { q: query, lang: language ?? null },
    );
    expect(res.errors).toBeUndefined();
    return res.data.search.items as { type: string; sectionPath: string | null; snippet: string; document: { filename: string; language: string } | null }[];
  };
  const sectionOf = (hit: { sectionPath: string | null }) => (hit.sectionPath ?? '').split('› ').pop();

  it('meets the floor on the judged query set (hit@3 ≥ 0.9, MRR ≥ 0.8)', async () => {
    const outcome = await evaluate(t);
    if (outcome.hitAt3 < 0.9 || outcome.mrr < 0.8) console.log(table(outcome));
    expect(outcome.results.length).toBeGreaterThanOrEqual(40);
    expect(new Set(outcome.results.map((r) => r.lang))).toEqual(new Set(['en', 'fr', 'es', 'de', 'ar', 'pt']));
    expect(outcome.hitAt3).toBeGreaterThanOrEqual(0.9);
    expect(outcome.mrr).toBeGreaterThanOrEqual(0.8);
  });

  it('finds the passages the words of a query mean, not only the words as written', async () => {
    const en = await first('nobody may be tortured');
    expect(en.slice(0, 3).some((h) => h.document?.language === 'en' && /torture/.test(h.snippet))).toBe(true);
    const ar = await first('التعذيب');
    expect(ar[0]).toMatchObject({ document: { filename: 'udhr-ar.html' } });
    expect(sectionOf(ar[0])).toBe('المادة 5');
    expect(ar[0].snippet).toContain('<mark>للتعذيب</mark>');
    for (const q of ['للتعذيب', 'تعذيب', 'والتعذيب']) expect(sectionOf((await first(q))[0])).toBe('المادة 5');
    const es = await first('derecho a la educación');
    expect(sectionOf(es[0])).toBe('Artículo 26');
  });

  it('folds elisions whatever the apostrophe, and tells the same first hit', async () => {
    const straight = await first("droit à l'éducation");
    const curly = await first('droit à l’éducation');
    const none = await first('droit education', 'fr');
    expect(sectionOf(straight[0])).toBe('Article 26');
    expect(straight[0]).toEqual(curly[0]);
    expect(sectionOf(none[0])).toBe('Article 26');
  });

  it('marks whole words in snippets, also when a stem or a typo matched', async () => {
    const [hit] = await first('tortured', 'en');
    expect(hit.snippet).toMatch(/<mark>torture<\/mark>/);
    expect(hit.snippet).not.toMatch(/<mark>\p{L}+<\/mark>\p{L}/u);
  });

  it('takes a language hint, refuses a code that is none, and keeps the language filter', async () => {
    const bad = await t.gql(`{ search(query: "torture", language: "xx") { totalCount } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
    const french = await t.gql(`{ search(query: "torture", types: [PASSAGE], filter: { languages: ["fr"] }) { items { document { language } } } }`);
    const langs = french.data.search.items.map((i: { document: { language: string } }) => i.document.language);
    expect(langs.length).toBeGreaterThan(0);
    expect(new Set(langs)).toEqual(new Set(['fr']));
    // One word the same in two languages: the page's language decides which comes first.
    expect((await first('torture', 'fr'))[0].document?.language).toBe('fr');
    expect((await first('torture', 'en'))[0].document?.language).toBe('en');
  });

  it('never loses the results of a query in another language than the page’s (the hint only where the query does not say)', async () => {
    // French words without a French function word, typed on an English page: stemmed as English they matched nothing.
    const q = 'éducation gratuite obligatoire élémentaire';
    const count = async (language: string | null) =>
      (await t.gql(`query($q: String!, $l: String) { search(query: $q, language: $l) { totalCount } }`, { q, l: language })).data.search.totalCount as number;
    const unhinted = await count(null);
    expect(unhinted).toBeGreaterThan(0);
    expect(await count('en')).toBe(unhinted);
    const page = await t.http().get(`/en/search?q=${encodeURIComponent(q)}`);
    expect(page.text).not.toContain('No results');
  });

  it('is not ready until the index and the seed documents are built, then ready for good', async () => {
    expect(early.status).toBe(503);
    expect(early.body).toMatchObject({ status: 'starting' });
    expect(Object.keys(early.body.waiting as object).length).toBeGreaterThan(0);
    expect((await t.http().get('/health/ready')).status).toBe(200);
    const meili = t.app.get(MeiliService);
    await meili.embedded!.stop();
    try {
      expect((await t.http().get('/health')).body.status).toBe('degraded');
      // Search down later degrades search; the replica stays in the load balancer.
      expect((await t.http().get('/health/ready')).body).toEqual({ status: 'ready' });
    } finally {
      await meili.embedded!.start();
    }
  });
});
