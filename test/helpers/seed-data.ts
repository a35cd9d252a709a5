import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The seed files, read independently of the app, so tests can compute what the API must return. */
const read = (path: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'seeds', path), 'utf8'));

export const seed = {
  localGovernments: read('collection/local-governments.json') as any[],
  actionPlans: read('collection/action-plans.json') as any[],
  goodPractices: read('collection/good-practices.json') as any[],
  tools: read('collection/tools.json') as any[],
  countries: read('taxonomy/countries.json') as { code: string; name: string; region: string; subregion: string }[],
  themes: read('taxonomy/themes.json') as { slug: string; parent?: string }[],
  sdgs: read('taxonomy/sdgs.json') as { number: number; title: string; color: string }[],
  regions: read('taxonomy/regions.json') as { code: string; name: string; parent: string | null }[],
};

export function placeOf(localGovernmentSlug: string): { country: string; region: string; subregion: string } {
  const lg = seed.localGovernments.find((g) => g.slug === localGovernmentSlug);
  const country = seed.countries.find((c) => c.code === lg.country)!;
  return { country: country.code, region: country.region, subregion: country.subregion };
}

export function planYear(plan: any): number | null {
  return plan.adoptionDate ? Number(plan.adoptionDate.slice(0, 4)) : (plan.periodStart ?? null);
}
