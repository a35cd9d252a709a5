import { ArgsType, createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../common/pagination';
import { ActionPlan } from '../catalogue/entities/action-plan.entity';
import { GoodPractice } from '../catalogue/entities/good-practice.entity';
import { LocalGovernment } from '../catalogue/entities/local-government.entity';
import { Tool } from '../catalogue/entities/tool.entity';
import { RecordType } from '../catalogue/enums';
import { MAX_TOTAL_HITS } from './index-settings';

export enum SearchSort {
  RELEVANCE = 'RELEVANCE',
  YEAR_DESC = 'YEAR_DESC',
  YEAR_ASC = 'YEAR_ASC',
  TITLE_ASC = 'TITLE_ASC',
  NEWEST = 'NEWEST',
}
registerEnumType(SearchSort, { name: 'SearchSort' });

export const SearchRecord = createUnionType({
  name: 'SearchRecord',
  description: 'The full catalogue record a hit stands for.',
  types: () => [ActionPlan, GoodPractice, Tool, LocalGovernment] as const,
  resolveType: (value) => value.constructor,
});

@ArgsType()
export class SearchArgs {
  @Field({ description: 'Plain words; typos and synonyms are forgiven. Empty: browse everything with facets.' })
  @IsString()
  @MaxLength(500)
  query: string;

  @Field(() => [RecordType], { nullable: true, description: 'Only these record types.' })
  @IsOptional()
  @IsEnum(RecordType, { each: true })
  types?: RecordType[] | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  @IsInt()
  @Min(0, { message: 'limit must not be negative' })
  @Max(MAX_PAGE_SIZE, { message: `limit must not be greater than ${MAX_PAGE_SIZE}` })
  limit: number = 20;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  @IsInt()
  @Min(0, { message: 'offset must not be negative' })
  @Max(MAX_TOTAL_HITS, { message: `offset must not be greater than ${MAX_TOTAL_HITS} (the most hits a search can page through); narrow the query or filter instead` })
  offset: number = 0;

  @Field(() => SearchSort, { nullable: true, defaultValue: SearchSort.RELEVANCE })
  @IsOptional()
  @IsEnum(SearchSort)
  sort: SearchSort = SearchSort.RELEVANCE;
}

@ObjectType()
export class SearchHit {
  @Field(() => RecordType)
  type: RecordType;

  @Field(() => ID, { description: 'Id of the record.' })
  id: string;

  @Field(() => SearchRecord)
  record: ActionPlan | GoodPractice | Tool | LocalGovernment;

  @Field({ description: 'The title (or name) as HTML: text escaped, matched words in <mark>.' })
  highlightedTitle: string;

  @Field(() => String, { nullable: true, description: 'A cropped passage around the matched words, as HTML: text escaped, matches in <mark>.' })
  snippet: string | null;
}

@ObjectType()
export class FacetValue {
  @Field({ description: 'The value to filter by: a slug, SDG number, M49 code, ISO code, year or record type.' })
  value: string;

  @Field(() => String, { nullable: true, description: 'Its human name where it has one.' })
  label: string | null;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'Counts of matching records per value, for the current query and filter.' })
export class SearchFacets {
  @Field(() => [FacetValue]) types: FacetValue[];
  @Field(() => [FacetValue]) themes: FacetValue[];
  @Field(() => [FacetValue]) sdgs: FacetValue[];
  @Field(() => [FacetValue], { description: 'M49 regions and sub-regions.' }) regions: FacetValue[];
  @Field(() => [FacetValue]) countries: FacetValue[];
  @Field(() => [FacetValue]) years: FacetValue[];
  @Field(() => [FacetValue]) targetGroups: FacetValue[];
}

@ObjectType()
export class SearchResults {
  @Field(() => Int, { description: 'Matching records (exact up to 10,000).' })
  totalCount: number;

  @Field(() => [SearchHit])
  items: SearchHit[];

  @Field(() => SearchFacets)
  facets: SearchFacets;

  @Field(() => Float, { description: "Meilisearch's own processing time." })
  processingTimeMs: number;
}
