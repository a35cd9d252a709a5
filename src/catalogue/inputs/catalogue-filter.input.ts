import { Args, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsDate, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { ValidateAs } from '../../common/input/validation';
import { IsLanguageList, IsYear } from '../../common/input/validators';

/**
 * The one filter of lists, stats and search. Within a field any value may match; across fields all must.
 */
@InputType({
  description:
    'Within a field any value may match; across fields all must. Lists and search apply it alike, with one difference: themes, SDGs, target groups, years and languages match a local government in the lists through its published plans and practices, and in search only records that carry them (local governments carry none).',
})
export class CatalogueFilter {
  @Field(() => [String], { nullable: true, description: 'Theme slugs; a parent theme also matches records tagged with its children.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  themes?: string[] | null;

  @Field(() => [Int], { nullable: true, description: 'SDG numbers, 1 to 17.' })
  @IsOptional()
  @ArrayMaxSize(17)
  @IsInt({ each: true })
  @Min(1, { each: true, message: 'SDG numbers must be between 1 and 17' })
  @Max(17, { each: true, message: 'SDG numbers must be between 1 and 17' })
  sdgs?: number[] | null;

  @Field(() => [String], { nullable: true, description: 'UN M49 region or sub-region codes, e.g. "150" (Europe) or "202" (Sub-Saharan Africa).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(/^\d{3}$/, { each: true, message: 'regions must be three-digit M49 codes such as "150"' })
  regions?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'ISO 3166-1 alpha-2 country codes, e.g. "AT".' })
  @IsOptional()
  @ArrayMaxSize(300)
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'countries must be ISO 3166-1 alpha-2 codes in capitals, such as "AT"' })
  countries?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Target group slugs.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  targetGroups?: string[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'localGovernmentId must be a UUID' })
  localGovernmentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Records whose year is at least this (1900 to 2100).' })
  @IsYear()
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true, description: 'Records whose year is at most this (1900 to 2100).' })
  @IsYear()
  yearTo?: number | null;

  @Field(() => [String], { nullable: true, description: 'ISO 639-1 language codes, e.g. "en".' })
  @IsLanguageList(50)
  languages?: string[] | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'Records created or changed at or after this moment (ISO 8601), for harvesting what changed since the last run; see also `changes`. A change to a document attached to a record does not count.',
  })
  @IsOptional()
  @IsDate({ message: 'updatedSince must be a date and time such as 2026-01-31T00:00:00Z' })
  updatedSince?: Date | null;
}

/**
 * The `filter` argument of lists, stats and search, validated against CatalogueFilter's rules (the
 * parameter's `CatalogueFilter | null` type gives reflection no class, so the global pipe alone would
 * let any value through).
 */
export const FilterArg = () =>
  Args(
    'filter',
    {
      type: () => CatalogueFilter,
      nullable: true,
      description:
        'Within a field any value may match; across fields all must. Lists and search apply it alike, with one difference: themes, SDGs, target groups, years and languages match a local government in the lists through its published plans and practices, and in search only records that carry them (local governments carry none).',
    },
    new ValidateAs(CatalogueFilter),
  );
