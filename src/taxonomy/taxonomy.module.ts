import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Country } from './country.entity';
import { Region } from './region.entity';
import { Sdg } from './sdg.entity';
import { TargetGroup } from './target-group.entity';
import { Theme } from './theme.entity';
import { CountryFieldsResolver, RegionFieldsResolver, TaxonomyResolver, ThemeFieldsResolver } from './taxonomy.resolver';
import { TaxonomyService } from './taxonomy.service';

@Module({
  imports: [TypeOrmModule.forFeature([Sdg, Region, Country, Theme, TargetGroup])],
  providers: [TaxonomyService, TaxonomyResolver, ThemeFieldsResolver, RegionFieldsResolver, CountryFieldsResolver],
  exports: [TaxonomyService],
})
export class TaxonomyModule {}
