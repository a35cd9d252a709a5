import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BadUserInputError } from '../common/errors';
import { OutboxService } from '../common/outbox/outbox.service';
import { Country } from './country.entity';
import { Region } from './region.entity';
import { Sdg } from './sdg.entity';
import { TargetGroup } from './target-group.entity';
import { Theme } from './theme.entity';

export interface ReferenceData {
  sdgs: Sdg[];
  regions: Region[];
  countries: Country[];
  themes: Theme[];
  targetGroups: TargetGroup[];
}

/** All reference data, indexed; small enough to keep in memory, so relation fields cost no SQL. */
export class TaxonomySnapshot {
  readonly sdgs = new Map<number, Sdg>();
  readonly regions = new Map<string, Region>();
  readonly countries = new Map<string, Country>();
  readonly themes = new Map<string, Theme>();
  readonly targetGroups = new Map<string, TargetGroup>();
  readonly themeChildren = new Map<string, Theme[]>();
  readonly subregions = new Map<string, Region[]>();

  constructor(data: ReferenceData) {
    for (const sdg of [...data.sdgs].sort((a, b) => a.number - b.number)) this.sdgs.set(sdg.number, sdg);
    for (const region of [...data.regions].sort((a, b) => a.name.localeCompare(b.name))) {
      this.regions.set(region.code, region);
      if (region.parentCode) push(this.subregions, region.parentCode, region);
    }
    for (const country of [...data.countries].sort((a, b) => a.name.localeCompare(b.name))) this.countries.set(country.code, country);
    for (const theme of [...data.themes].sort((a, b) => a.position - b.position)) {
      this.themes.set(theme.slug, theme);
      if (theme.parentSlug) push(this.themeChildren, theme.parentSlug, theme);
    }
    for (const group of [...data.targetGroups].sort((a, b) => a.position - b.position)) this.targetGroups.set(group.slug, group);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unknown<T>(values: readonly T[], known: (v: T) => boolean): T[] {
  return [...new Set(values)].filter((v) => !known(v));
}

@Injectable()
export class TaxonomyService {
  private cached: Promise<TaxonomySnapshot> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  snapshot(): Promise<TaxonomySnapshot> {
    if (!this.cached) {
      this.cached = this.load().catch((error) => {
        this.cached = undefined;
        throw error;
      });
    }
    return this.cached;
  }

  /** Forget the cache after reference data changed (seeding). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<TaxonomySnapshot> {
    const m = this.dataSource.manager;
    const [sdgs, regions, countries, themes, targetGroups] = await Promise.all([m.find(Sdg), m.find(Region), m.find(Country), m.find(Theme), m.find(TargetGroup)]);
    return new TaxonomySnapshot({ sdgs, regions, countries, themes, targetGroups });
  }

  async isEmpty(): Promise<boolean> {
    return (await this.dataSource.manager.count(Sdg)) === 0;
  }

  /** Inserts or updates reference data by key (idempotent); returns how many rows changed. */
  async importReferenceData(manager: EntityManager, data: ReferenceData, onProgress?: (done: number, total: number) => void): Promise<number> {
    // One key function per entity type: each takes its own row type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const groups: [new () => object, object[], (row: any) => string][] = [
      [Sdg, data.sdgs, (r: Sdg) => String(r.number)],
      [Region, data.regions, (r: Region) => r.code],
      [Country, data.countries, (r: Country) => r.code],
      [Theme, data.themes, (r: Theme) => r.slug],
      [TargetGroup, data.targetGroups, (r: TargetGroup) => r.slug],
    ];
    const total = groups.reduce((n, [, rows]) => n + rows.length, 0);
    let done = 0;
    let changed = 0;
    for (const [entity, rows, keyOf] of groups) {
      const existing = new Map((await manager.find(entity)).map((row) => [keyOf(row), row]));
      const toSave = rows.filter((row) => {
        const current = existing.get(keyOf(row));
        // JSON equality: labels are objects, compared by content.
        return !current || Object.entries(row).some(([k, v]) => JSON.stringify((current as Record<string, unknown>)[k] ?? null) !== JSON.stringify(v ?? null));
      });
      if (toSave.length) await manager.save(entity, toSave, { chunk: 200 });
      changed += toSave.length;
      done += rows.length;
      onProgress?.(done, total);
    }
    // Names of themes, countries… are part of the search documents: re-project everything.
    if (changed) await this.outbox.enqueueAll(manager);
    this.invalidate();
    return changed;
  }

  // ---- validation of references (inputs and filters share these) ----

  async assertThemes(slugs: readonly string[] | undefined | null, field: string): Promise<void> {
    if (!slugs?.length) return;
    const t = await this.snapshot();
    const bad = unknown(slugs, (s) => t.themes.has(s));
    if (bad.length) throw new BadUserInputError(field, `unknown theme slug(s): ${bad.join(', ')} (see the themes query)`, { rule: 'unknownSlug' });
  }

  async assertTargetGroups(slugs: readonly string[] | undefined | null, field: string): Promise<void> {
    if (!slugs?.length) return;
    const t = await this.snapshot();
    const bad = unknown(slugs, (s) => t.targetGroups.has(s));
    if (bad.length) throw new BadUserInputError(field, `unknown target group slug(s): ${bad.join(', ')} (see the targetGroups query)`, { rule: 'unknownSlug' });
  }

  async assertSdgs(numbers: readonly number[] | undefined | null, field: string): Promise<void> {
    if (!numbers?.length) return;
    const t = await this.snapshot();
    const bad = unknown(numbers, (n) => t.sdgs.has(n));
    if (bad.length) throw new BadUserInputError(field, `SDG numbers must be between 1 and 17 (got ${bad.join(', ')})`, { rule: 'unknownSlug' });
  }

  async assertRegions(codes: readonly string[] | undefined | null, field: string): Promise<void> {
    if (!codes?.length) return;
    const t = await this.snapshot();
    const bad = unknown(codes, (c) => t.regions.has(c));
    if (bad.length) throw new BadUserInputError(field, `unknown M49 region code(s): ${bad.join(', ')} (see the regions query)`);
  }

  async assertCountries(codes: readonly string[] | undefined | null, field: string): Promise<void> {
    if (!codes?.length) return;
    const t = await this.snapshot();
    const bad = unknown(codes, (c) => t.countries.has(c));
    if (bad.length) throw new BadUserInputError(field, `unknown ISO 3166-1 alpha-2 country code(s): ${bad.join(', ')} (see the countries query)`);
  }

  async country(code: string, field: string): Promise<Country> {
    await this.assertCountries([code], field);
    return (await this.snapshot()).countries.get(code)!;
  }

  /** A parent theme stands for itself and its children when filtering. */
  async expandThemes(slugs: readonly string[]): Promise<string[]> {
    const t = await this.snapshot();
    const expanded = new Set<string>();
    for (const slug of slugs) {
      expanded.add(slug);
      for (const child of t.themeChildren.get(slug) ?? []) expanded.add(child.slug);
    }
    return [...expanded];
  }
}
