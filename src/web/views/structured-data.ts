import type { ActionPlan } from '../../catalogue/entities/action-plan.entity';
import type { GoodPractice } from '../../catalogue/entities/good-practice.entity';
import type { LocalGovernment } from '../../catalogue/entities/local-government.entity';
import type { Tool } from '../../catalogue/entities/tool.entity';
import { RecordType } from '../../catalogue/enums';
import { Html, jsonLd } from '../html';
import { href, type PageContext } from './layout';
import { recordPath, recordTitle } from './components';
import type { CatalogueRecord } from '../../catalogue/entities/record-base';
import type { Sdg } from '../../taxonomy/sdg.entity';
import type { Theme } from '../../taxonomy/theme.entity';
import type { TaxonomySnapshot } from '../../taxonomy/taxonomy.service';

/** What the structured data of a record page is made of (the record page's model has it all). */
interface StructuredDataInput {
  type: RecordType;
  record: CatalogueRecord;
  place: LocalGovernment | null;
  tags: { themes: Theme[]; sdgs: Sdg[] };
  taxonomy: TaxonomySnapshot;
}

/** The schema.org type each record type is published as (exhaustive: the compiler asks a new type for its own). */
const SCHEMA_TYPES: Record<RecordType, string> = {
  // a local government's policy document
  [RecordType.ACTION_PLAN]: 'Report',
  // a case study of what a city did
  [RecordType.GOOD_PRACTICE]: 'Article',
  // toolkits, guides, indicator sets
  [RecordType.TOOL]: 'CreativeWork',
  [RecordType.LOCAL_GOVERNMENT]: 'GovernmentOrganization',
};

const SDG_SET = 'https://sdgs.un.org/goals';

function workDate(type: RecordType, r: CatalogueRecord): string | undefined {
  switch (type) {
    case RecordType.ACTION_PLAN: {
      const plan = r as ActionPlan;
      return plan.adoptionDate ?? (plan.year ? String(plan.year) : undefined);
    }
    case RecordType.GOOD_PRACTICE:
      return String((r as GoodPractice).startYear);
    case RecordType.TOOL:
      return (r as Tool).year ? String((r as Tool).year) : undefined;
    case RecordType.LOCAL_GOVERNMENT:
      return undefined;
  }
}

/** The years a plan or practice runs (ISO 8601 interval, open-ended with ".."). */
function period(type: RecordType, r: CatalogueRecord): string | undefined {
  const [from, to] =
    type === RecordType.ACTION_PLAN
      ? [(r as ActionPlan).periodStart, (r as ActionPlan).periodEnd]
      : type === RecordType.GOOD_PRACTICE
        ? [(r as GoodPractice).startYear, (r as GoodPractice).endYear]
        : [null, null];
  return from ? `${from}/${to ?? '..'}` : undefined;
}

/**
 * schema.org JSON-LD for a record page: what the record is (@type per record type), where
 * (spatialCoverage: its local government and country), in which languages (inLanguage), about what
 * (its themes and SDGs as DefinedTerms), based on which source (isBasedOn), with its permalink as
 * identifier. English names, as the record's own text: structured data is read by machines.
 */
export function recordStructuredData(ctx: PageContext, model: StructuredDataInput): Html {
  const r = model.record;
  const pageUrl = `${ctx.publicBase}${href(ctx, recordPath(model.type, r))}`;
  const permalink = `${ctx.publicBase}/r/${r.id}`;
  const place = model.type === RecordType.LOCAL_GOVERNMENT ? (r as LocalGovernment) : model.place;
  const country = place ? model.taxonomy.countries.get(place.countryCode) : undefined;
  const spatialCoverage = place
    ? {
        '@type': 'Place',
        name: place.name,
        address: { '@type': 'PostalAddress', addressCountry: place.countryCode },
        ...(country ? { containedInPlace: { '@type': 'Country', name: country.name, identifier: country.code } } : {}),
        ...(place.latitude != null && place.longitude != null ? { geo: { '@type': 'GeoCoordinates', latitude: place.latitude, longitude: place.longitude } } : {}),
      }
    : undefined;
  const about = [
    ...model.tags.themes.map((theme) => ({ '@type': 'DefinedTerm', name: theme.name, termCode: theme.slug, inDefinedTermSet: `${ctx.publicBase}/en/themes` })),
    ...model.tags.sdgs.map((sdg) => ({ '@type': 'DefinedTerm', name: `SDG ${sdg.number}: ${sdg.title}`, termCode: String(sdg.number), inDefinedTermSet: SDG_SET })),
  ];
  const languages = (r as { languages?: string[] }).languages;
  const source = (r as Partial<ActionPlan>).sourceUrl ?? (r as Partial<Tool>).url ?? (r as Partial<LocalGovernment>).website ?? null;
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': SCHEMA_TYPES[model.type],
    '@id': permalink,
    identifier: permalink,
    url: pageUrl,
    name: recordTitle(r),
    description: (r as Partial<GoodPractice>).summary ?? undefined,
    inLanguage: languages?.length ? languages : undefined,
    alternateName: (r as Partial<ActionPlan>).originalTitle ?? undefined,
    // the work's own date (a plan's adoption, a practice's start, a tool's year), not when it was catalogued
    datePublished: workDate(model.type, r),
    temporalCoverage: period(model.type, r),
    dateModified: new Date(r.updatedAt).toISOString(),
    about: about.length ? about : undefined,
    spatialCoverage: model.type === RecordType.LOCAL_GOVERNMENT ? undefined : spatialCoverage,
    isBasedOn: model.type === RecordType.LOCAL_GOVERNMENT ? undefined : (source ?? undefined),
    sameAs: model.type === RecordType.LOCAL_GOVERNMENT ? (source ?? undefined) : undefined,
    ...(model.type === RecordType.LOCAL_GOVERNMENT ? { location: spatialCoverage } : {}),
    ...(model.type === RecordType.ACTION_PLAN && (r as ActionPlan).adoptingBody ? { author: { '@type': 'GovernmentOrganization', name: (r as ActionPlan).adoptingBody } } : {}),
    ...(model.type !== RecordType.LOCAL_GOVERNMENT && model.type !== RecordType.TOOL && place ? { publisher: { '@type': 'GovernmentOrganization', name: place.name } } : {}),
    ...(model.type === RecordType.TOOL && (r as Tool).publisher ? { publisher: { '@type': 'Organization', name: (r as Tool).publisher } } : {}),
  };
  return jsonLd(Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)));
}
