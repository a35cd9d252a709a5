import { IsLanguageCode } from '../common/input/validators';
import { ArgsType, createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../common/data/pagination';
import { CatalogueRecord } from '../catalogue/entities/record-base';
import { RecordType } from '../catalogue/enums';
import { FILTER_FIELDS } from '../catalogue/filter-fields';
import { RECORD_DEFINITIONS } from '../catalogue/record-definitions';
import { Document } from '../documents/document.entity';
import { MAX_TOTAL_HITS } from './index-settings';

export enum SearchSort {
  RELEVANCE = 'RELEVANCE',
  YEAR_DESC = 'YEAR_DESC',
  YEAR_ASC = 'YEAR_ASC',
  TITLE_ASC = 'TITLE_ASC',
  NEWEST = 'NEWEST',
}
registerEnumType(SearchSort, { name: 'SearchSort' });

/** What a hit is: a catalogue record (the record types), or a passage of an uploaded document. */
export const SearchHitType = { ...RecordType, PASSAGE: 'PASSAGE' } as const;
export type SearchHitType = (typeof SearchHitType)[keyof typeof SearchHitType];
registerEnumType(SearchHitType, { name: 'SearchHitType', description: 'A record type, or PASSAGE: a passage of a document attached to a plan, practice or tool.' });

export enum SearchGrouping {
  NONE = 'NONE',
  DOCUMENT = 'DOCUMENT',
  RECORD = 'RECORD',
}
registerEnumType(SearchGrouping, {
  name: 'SearchGrouping',
  description: 'NONE: every matching passage is a hit. DOCUMENT: the best passage per document. RECORD: one hit per record (the record itself or its best passage).',
});

const SearchRecord = createUnionType({
  name: 'SearchRecord',
  description: 'The full catalogue record a hit stands for.',
  types: () => RECORD_DEFINITIONS.map((d) => d.entity),
  resolveType: (value: object) => value.constructor,
});

@ArgsType()
export class SearchArgs {
  @Field({ description: 'Plain words; typos and synonyms are forgiven. Empty: browse everything with facets.' })
  @IsString()
  @MaxLength(500)
  query: string;

  @Field(() => [SearchHitType], { nullable: true, description: 'Only these kinds of hits. Default: records and passages; with an empty query (browsing), records only.' })
  @IsOptional()
  @IsEnum(SearchHitType, { each: true })
  types?: SearchHitType[] | null;

  @Field(() => SearchGrouping, { nullable: true, defaultValue: SearchGrouping.NONE })
  @IsOptional()
  @IsEnum(SearchGrouping)
  group: SearchGrouping = SearchGrouping.NONE;

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

  @Field(() => String, {
    nullable: true,
    description:
      'The language the query is written in (ISO 639-1), when the client knows it (e.g. its interface language). Default: told from the query itself. Decides how the query is normalised (stemming, stop words, elisions, Arabic prefixes); among equally relevant hits, those in this language come first.',
  })
  @IsLanguageCode()
  language?: string | null;
}

@ObjectType()
export class SearchHit {
  @Field(() => SearchHitType)
  type: SearchHitType;

  @Field(() => ID, { description: 'Id of the record, or of the passage.' })
  id: string;

  @Field(() => SearchRecord, { description: 'The record; for a passage, the record its document is attached to.' })
  record: CatalogueRecord;

  @Field(() => Document, { nullable: true, description: 'Passages: the document the passage is from.' })
  document: Document | null;

  @Field(() => Int, { nullable: true, description: 'Passages: the PDF page (open fileUrl#page=N); null for formats without pages.' })
  page: number | null;

  @Field(() => String, { nullable: true, description: 'Passages: the headings above the passage.' })
  sectionPath: string | null;

  @Field({ description: 'Passages: true when the text was recognised from a scan or photograph (OCR), so it may hold misread words.' })
  ocr: boolean;

  @Field(() => Float, { nullable: true, description: "Passages recognised by OCR: the engine's confidence for the page, 0–100 (below 60: doubtful)." })
  ocrConfidence: number | null;

  @Field({ description: 'The title (or name; for a passage, the document title) as HTML: text escaped, matched words in <mark>.' })
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

@ObjectType({ description: 'Counts of matching hits (records and passages) per value, for the current query and filter.' })
export class SearchFacets {
  @Field(() => [FacetValue]) types: FacetValue[];
  /** The filter table's facets (themes, sdgs, regions, countries, targetGroups, years), declared below. */
  [facet: string]: FacetValue[];
}
// One GraphQL field per facet of the filter table (catalogue/filter-fields.ts): a new facet is its entry there.
for (const { facet } of FILTER_FIELDS) if (facet) Field(() => [FacetValue], { description: facet.description })(SearchFacets.prototype, facet.key);

@ObjectType()
export class SearchResults {
  @Field(() => Int, { description: 'Matching hits, records and passages (exact up to 10,000).' })
  totalCount: number;

  @Field(() => [SearchHit])
  items: SearchHit[];

  @Field(() => SearchFacets)
  facets: SearchFacets;

  @Field(() => Float, { description: "Meilisearch's own processing time." })
  processingTimeMs: number;
}
