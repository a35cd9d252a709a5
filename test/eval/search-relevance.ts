import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '../helpers/test-app';

/**
 * Relevance of search on the judged query set (test/fixtures/judged-queries.json): for each query,
 * the rank of the first hit that should come first; hit@3 and MRR over the set. Used by the test
 * (which holds the floor) and by `npm run eval:search` (which prints the table).
 */
interface Expectation {
  type?: string;
  slug?: string;
  document?: string;
  section?: string;
  text?: string;
}
export interface JudgedQuery {
  q: string;
  lang: string;
  kind: string;
  expect: Expectation[];
}
export interface QueryResult extends JudgedQuery {
  /** 1-based rank of the first expected hit among the first 10; null when none. */
  rank: number | null;
  top: string[];
}

const CUTOFF = 10;

function judgedQueries(): JudgedQuery[] {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'judged-queries.json'), 'utf8')) as { queries: JudgedQuery[] }).queries;
}

interface Hit {
  type: string;
  sectionPath: string | null;
  snippet: string | null;
  document: { filename: string } | null;
  record: { slug: string };
}

const plain = (html: string | null) => (html ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

function matches(hit: Hit, e: Expectation): boolean {
  if (e.document) {
    if (hit.type !== 'PASSAGE' || hit.document?.filename !== e.document) return false;
    if (e.section && !(hit.sectionPath ?? '').endsWith(`› ${e.section}`)) return false;
    if (e.text && !plain(hit.snippet).toLowerCase().includes(e.text.toLowerCase())) return false;
    return true;
  }
  return hit.type === e.type && hit.record.slug === e.slug;
}

function label(hit: Hit): string {
  return hit.type === 'PASSAGE' ? `${hit.document?.filename} ${(hit.sectionPath ?? '').split('› ').pop() ?? ''}`.trim() : `${hit.type} ${hit.record.slug}`;
}

export async function evaluate(t: TestApp, queries = judgedQueries()): Promise<{ results: QueryResult[]; hitAt3: number; mrr: number }> {
  const results: QueryResult[] = [];
  for (const query of queries) {
    const res = await t.gql(
      `query($q: String!, $lang: String) { search(query: $q, language: $lang, limit: ${CUTOFF}) { items { type sectionPath snippet document { filename }
        record { ... on ActionPlan { slug } ... on GoodPractice { slug } ... on Tool { slug } ... on LocalGovernment { slug } } } } }`,
      { q: query.q, lang: query.lang },
    );
    if (res.errors) throw new Error(`${query.q}: ${res.errors[0].message}`);
    const hits = res.data.search.items as Hit[];
    const index = hits.findIndex((hit) => query.expect.some((e) => matches(hit, e)));
    results.push({ ...query, rank: index >= 0 ? index + 1 : null, top: hits.slice(0, 3).map(label) });
  }
  const hitAt3 = results.filter((r) => r.rank !== null && r.rank <= 3).length / results.length;
  const mrr = results.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / results.length;
  return { results, hitAt3, mrr };
}

/** The table `npm run eval:search` prints. */
export function table(outcome: { results: QueryResult[]; hitAt3: number; mrr: number }): string {
  const rows = outcome.results.map(
    (r) => `${r.rank === null ? ' miss' : String(r.rank).padStart(5)}  ${r.lang}  ${r.kind.padEnd(14)} ${r.q.slice(0, 48).padEnd(48)}  ${r.rank === 1 ? '' : r.top.join(' | ')}`,
  );
  const byLang = [...new Set(outcome.results.map((r) => r.lang))].map((lang) => {
    const mine = outcome.results.filter((r) => r.lang === lang);
    return `${lang} ${mine.filter((r) => r.rank !== null && r.rank <= 3).length}/${mine.length}`;
  });
  return [
    ' rank  lang kind           query                                             top 3 when the expected hit is not first',
    ...rows,
    '',
    `hit@3 ${outcome.hitAt3.toFixed(3)}   MRR ${outcome.mrr.toFixed(3)}   (${outcome.results.length} queries; by language, hit@3: ${byLang.join(', ')})`,
  ].join('\n');
}
