import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Country } from './country.entity';
import { Region } from './region.entity';
import { Sdg } from './sdg.entity';
import { TargetGroup } from './target-group.entity';
import { Theme } from './theme.entity';
import { TaxonomyService } from './taxonomy.service';

@Resolver()
export class TaxonomyResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Query(() => [Sdg], { description: 'The 17 UN Sustainable Development Goals.' })
  async sdgs(): Promise<Sdg[]> {
    return [...(await this.taxonomy.snapshot()).sdgs.values()];
  }

  @Query(() => Sdg, { nullable: true })
  async sdg(@Args('number', { type: () => Int }) number: number): Promise<Sdg | null> {
    return (await this.taxonomy.snapshot()).sdgs.get(number) ?? null;
  }

  @Query(() => [Theme], { description: 'All human-rights themes, parents first in reference order.' })
  async themes(): Promise<Theme[]> {
    return [...(await this.taxonomy.snapshot()).themes.values()];
  }

  @Query(() => [TargetGroup])
  async targetGroups(): Promise<TargetGroup[]> {
    return [...(await this.taxonomy.snapshot()).targetGroups.values()];
  }

  @Query(() => [Region], { description: 'The five UN M49 regions; each lists its sub-regions.' })
  async regions(): Promise<Region[]> {
    return [...(await this.taxonomy.snapshot()).regions.values()].filter((r) => !r.parentCode);
  }

  @Query(() => [Country], { description: 'Countries, optionally only those of one M49 region or sub-region.' })
  async countries(@Args('region', { nullable: true }) region?: string): Promise<Country[]> {
    const t = await this.taxonomy.snapshot();
    if (region) await this.taxonomy.assertRegions([region], 'region');
    return [...t.countries.values()].filter((c) => !region || c.regionCode === region || c.subregionCode === region);
  }
}

@Resolver(() => Theme)
export class ThemeFieldsResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @ResolveField(() => Theme, { nullable: true })
  async parent(@Parent() theme: Theme): Promise<Theme | null> {
    return theme.parentSlug ? ((await this.taxonomy.snapshot()).themes.get(theme.parentSlug) ?? null) : null;
  }

  @ResolveField(() => [Theme])
  async children(@Parent() theme: Theme): Promise<Theme[]> {
    return (await this.taxonomy.snapshot()).themeChildren.get(theme.slug) ?? [];
  }
}

@Resolver(() => Region)
export class RegionFieldsResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @ResolveField(() => [Region], { description: 'Sub-regions of a region; empty for a sub-region.' })
  async subregions(@Parent() region: Region): Promise<Region[]> {
    return (await this.taxonomy.snapshot()).subregions.get(region.code) ?? [];
  }

  @ResolveField(() => Region, { nullable: true, description: 'The region of a sub-region; null for a region.' })
  async parent(@Parent() region: Region): Promise<Region | null> {
    return region.parentCode ? ((await this.taxonomy.snapshot()).regions.get(region.parentCode) ?? null) : null;
  }
}

@Resolver(() => Country)
export class CountryFieldsResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @ResolveField(() => Region)
  async region(@Parent() country: Country): Promise<Region> {
    return (await this.taxonomy.snapshot()).regions.get(country.regionCode)!;
  }

  @ResolveField(() => Region)
  async subregion(@Parent() country: Country): Promise<Region> {
    return (await this.taxonomy.snapshot()).regions.get(country.subregionCode)!;
  }
}
