import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Country } from '../../taxonomy/country.entity';
import { Region } from '../../taxonomy/region.entity';
import { Sdg } from '../../taxonomy/sdg.entity';
import { Theme } from '../../taxonomy/theme.entity';
import { TargetGroup } from '../../taxonomy/target-group.entity';
import { RecordType } from '../enums';

@ObjectType()
export class RecordTypeCount {
  @Field(() => RecordType) type: RecordType;
  @Field(() => Int) count: number;
}

@ObjectType()
export class ThemeCount {
  @Field(() => Theme) theme: Theme;
  @Field(() => Int) count: number;
}

@ObjectType()
export class SdgCount {
  @Field(() => Sdg) sdg: Sdg;
  @Field(() => Int) count: number;
}

@ObjectType()
export class TargetGroupCount {
  @Field(() => TargetGroup) targetGroup: TargetGroup;
  @Field(() => Int) count: number;
}

@ObjectType()
export class RegionCount {
  @Field(() => Region) region: Region;
  @Field(() => Int) count: number;
}

@ObjectType()
export class CountryCount {
  @Field(() => Country) country: Country;
  @Field(() => Int) count: number;
}

@ObjectType()
export class YearCount {
  @Field(() => Int) year: number;
  @Field(() => Int) count: number;
}

@ObjectType({
  description:
    'Counts of published records matching the filter. Each list counts a record once per value it has (a plan tagged with two themes counts under both); ' +
    'byType equals the totalCount of the matching list query. Tools have no place, so they are not in byRegion/bySubregion/byCountry.',
})
export class CatalogueStats {
  @Field(() => Int, { description: 'Records of the selected types matching the filter.' }) totalCount: number;
  @Field(() => [RecordTypeCount]) byType: RecordTypeCount[];
  @Field(() => [ThemeCount]) byTheme: ThemeCount[];
  @Field(() => [SdgCount]) bySdg: SdgCount[];
  @Field(() => [TargetGroupCount]) byTargetGroup: TargetGroupCount[];
  @Field(() => [RegionCount], { description: 'By UN M49 region.' }) byRegion: RegionCount[];
  @Field(() => [RegionCount], { description: 'By UN M49 sub-region.' }) bySubregion: RegionCount[];
  @Field(() => [CountryCount]) byCountry: CountryCount[];
  @Field(() => [YearCount], { description: 'By record year, most recent first.' }) byYear: YearCount[];
}
