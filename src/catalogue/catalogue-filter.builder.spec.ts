import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ReadScope } from '../accounts/access';
import { BadUserInputError } from '../common/errors';
import { SnakeNamingStrategy } from '../database/snake-naming.strategy';
import { Country } from '../taxonomy/country.entity';
import { Region } from '../taxonomy/region.entity';
import { Sdg } from '../taxonomy/sdg.entity';
import { TargetGroup } from '../taxonomy/target-group.entity';
import { Theme } from '../taxonomy/theme.entity';
import type { TaxonomyService } from '../taxonomy/taxonomy.service';
import { CatalogueFilterBuilder } from './catalogue-filter.builder';
import { ActionPlan } from './entities/action-plan.entity';
import { GoodPractice } from './entities/good-practice.entity';
import { LocalGovernment } from './entities/local-government.entity';
import type { CatalogueRecord } from './entities/record-base';
import { TAXONOMY_LINKS } from './entities/taxonomy-links';
import { Tool } from './entities/tool.entity';
import { EditorialStatus, RecordType } from './enums';
import type { CatalogueFilter } from './inputs/catalogue-filter.input';
import { ACTION_PLAN_DEFINITION, LOCAL_GOVERNMENT_DEFINITION, TOOL_DEFINITION } from './record-definitions';
import type { RecordDefinition } from './record-options';

/**
 * The SQL side of CatalogueFilter on a real (in-memory SQLite) database with a handful of rows: the
 * visibility of each read scope, each field, and the answer "nothing" for a field a record type
 * cannot have. (test/filter-contract.e2e-spec.ts checks that search means the same.)
 */
describe('CatalogueFilterBuilder (SQL)', () => {
  let db: DataSource;
  // The taxonomy as the builder sees it: every reference exists; "equality" has one child theme.
  const taxonomy = {
    assertThemes: async () => undefined,
    assertTargetGroups: async () => undefined,
    assertSdgs: async () => undefined,
    assertRegions: async () => undefined,
    assertCountries: async () => undefined,
    expandThemes: async (slugs: readonly string[]) => slugs.flatMap((s) => (s === 'equality' ? [s, 'gender-equality'] : [s])),
  } as unknown as TaxonomyService;
  const builder = new CatalogueFilterBuilder(taxonomy);
  const ids: Record<string, string> = {};
  const now = new Date();

  const base = (slug: string, status: EditorialStatus, createdBy: string | null = null) => {
    ids[slug] = randomUUID();
    return { id: ids[slug], slug, status, createdBy, publishedAt: null, createdAt: now, updatedAt: now };
  };

  beforeAll(async () => {
    const links = Object.values(TAXONOMY_LINKS).flatMap((kinds) => Object.values(kinds).map((l) => l.entity));
    db = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      // The taxonomy's tables too, since the records' foreign keys name them.
      entities: [LocalGovernment, ActionPlan, GoodPractice, Tool, ...links, Country, Region, Theme, Sdg, TargetGroup],
      namingStrategy: new SnakeNamingStrategy(),
      synchronize: true,
    });
    await db.initialize();
    // The rows name taxonomy terms the builder is told exist (above) but that are not stored here.
    await db.query('PRAGMA foreign_keys = OFF');
    const m = db.manager;
    const place = (slug: string, status: EditorialStatus, countryCode: string, regionCode: string, subregionCode: string) =>
      m.insert(LocalGovernment, { ...base(slug, status), name: slug, kind: 'CITY', countryCode, regionCode, subregionCode } as never);
    await place('graz', EditorialStatus.PUBLISHED, 'AT', '150', '155');
    await place('montreal', EditorialStatus.PUBLISHED, 'CA', '019', '021');
    await place('hidden-town', EditorialStatus.DRAFT, 'FR', '150', '155');
    const plan = (slug: string, status: EditorialStatus, place: string, year: number, languages: string[], createdBy: string | null = null) =>
      m.save(ActionPlan, {
        ...base(slug, status, createdBy),
        title: slug,
        summary: '…',
        localGovernmentId: ids[place],
        kind: 'ACTION_PLAN',
        lifecycle: 'ADOPTED',
        year,
        languages,
      } as never);
    await plan('graz-plan', EditorialStatus.PUBLISHED, 'graz', 2015, ['de', 'en']);
    await plan('montreal-plan', EditorialStatus.PUBLISHED, 'montreal', 2021, ['fr']);
    await plan('hidden-plan', EditorialStatus.PUBLISHED, 'hidden-town', 2020, ['fr']);
    await plan('curator-draft', EditorialStatus.DRAFT, 'graz', 2022, ['en'], 'curator-1');
    await plan('curator-archived', EditorialStatus.ARCHIVED, 'graz', 2019, ['en'], 'curator-1');
    await plan('other-draft', EditorialStatus.DRAFT, 'graz', 2022, ['en'], 'curator-2');
    await m.save(Tool, { ...base('toolkit', EditorialStatus.PUBLISHED), title: 'toolkit', summary: '…', kind: 'TOOLKIT', year: 2018, languages: ['en'] } as never);
    const themeLink = TAXONOMY_LINKS[RecordType.ACTION_PLAN].themes.entity;
    await m.insert(themeLink, [
      { ownerId: ids['graz-plan'], ref: 'gender-equality' },
      { ownerId: ids['montreal-plan'], ref: 'housing' },
    ] as never);
    await m.insert(TAXONOMY_LINKS[RecordType.ACTION_PLAN].sdgs.entity, [{ ownerId: ids['montreal-plan'], ref: 11 }] as never);
  });
  afterAll(() => db?.destroy());

  async function slugs<T extends CatalogueRecord>(definition: RecordDefinition<T>, filter: CatalogueFilter | null, scope: ReadScope = { kind: 'public' }): Promise<string[]> {
    const qb = db.manager.getRepository(definition.entity).createQueryBuilder(definition.target.alias);
    const joined = definition.joinPlace ? definition.joinPlace(qb) : qb;
    const rows = await builder.applySort(await builder.applyVisible(joined, definition.target, filter, scope), definition.target, null).getMany();
    return rows.map((r) => r.slug);
  }

  describe('visibility per read scope', () => {
    it('the public: published records of published local governments', async () => {
      expect(await slugs(ACTION_PLAN_DEFINITION, null)).toEqual(['graz-plan', 'montreal-plan']);
      expect(await slugs(LOCAL_GOVERNMENT_DEFINITION, null)).toEqual(['graz', 'montreal']);
    });
    it('a curator: also their own drafts, never archived ones, never others’ drafts', async () => {
      expect(await slugs(ACTION_PLAN_DEFINITION, null, { kind: 'own', userId: 'curator-1' })).toEqual(['curator-draft', 'graz-plan', 'montreal-plan']);
    });
    it('an editor: everything but archived records', async () => {
      expect(await slugs(ACTION_PLAN_DEFINITION, null, { kind: 'all' })).toEqual(['curator-draft', 'graz-plan', 'hidden-plan', 'montreal-plan', 'other-draft']);
    });
  });

  describe('fields', () => {
    const cases: [string, CatalogueFilter, string[]][] = [
      ['a region (continent code)', { regions: ['150'] }, ['graz-plan']],
      ['a subregion code', { regions: ['021'] }, ['montreal-plan']],
      ['countries', { countries: ['CA', 'AT'] }, ['graz-plan', 'montreal-plan']],
      ['a parent theme matches its children', { themes: ['equality'] }, ['graz-plan']],
      ['a theme', { themes: ['housing'] }, ['montreal-plan']],
      ['an SDG', { sdgs: [11] }, ['montreal-plan']],
      ['years from', { yearFrom: 2016 }, ['montreal-plan']],
      ['years to', { yearTo: 2016 }, ['graz-plan']],
      ['languages (any of)', { languages: ['de', 'es'] }, ['graz-plan']],
      ['fields combine with AND', { countries: ['CA'], themes: ['equality'] }, []],
    ];
    it.each(cases)('%s', async (_name, filter, expected) => {
      expect(await slugs(ACTION_PLAN_DEFINITION, filter)).toEqual(expected);
    });
  });

  it('a field a record type cannot have matches nothing (tools have no place), not everything', async () => {
    expect(await slugs(TOOL_DEFINITION, null)).toEqual(['toolkit']);
    expect(await slugs(TOOL_DEFINITION, { regions: ['150'] })).toEqual([]);
    expect(await slugs(TOOL_DEFINITION, { languages: ['en'] })).toEqual(['toolkit']);
  });

  it('local governments match content fields through their published plans (the intended difference)', async () => {
    expect(await slugs(LOCAL_GOVERNMENT_DEFINITION, { themes: ['housing'] })).toEqual(['montreal']);
    expect(await slugs(LOCAL_GOVERNMENT_DEFINITION, { yearTo: 2016 })).toEqual(['graz']);
    // curator-draft (2022) is Graz's but not published: it does not make Graz match
    expect(await slugs(LOCAL_GOVERNMENT_DEFINITION, { yearFrom: 2022 })).toEqual([]);
  });

  it('refuses a year range that ends before it starts, naming the field', async () => {
    await expect(builder.validate({ yearFrom: 2020, yearTo: 2010 })).rejects.toThrow(BadUserInputError);
    await expect(builder.validate({ yearFrom: 2020, yearTo: 2010 })).rejects.toThrow(/yearTo must not be before yearFrom/);
  });
});
