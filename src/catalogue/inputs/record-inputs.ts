import { Field, Float, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsNumber, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsHttpUrl, IsIsoDate, IsLanguageList, IsOptionalTitle, IsSdgList, IsSlug, IsSlugList, IsText, IsTitle, IsYear } from '../../common/input/validators';
import { ActionPlanKind, ActionPlanLifecycle, LocalGovernmentKind, RecordType, ToolKind } from '../enums';

/** Taxonomy references shared by plans, practices and tools. */
@InputType({ isAbstract: true })
abstract class TaggingInput {
  @Field(() => String, { nullable: true, description: 'URL-safe unique name; derived from the title when omitted.' })
  @IsSlug()
  slug?: string | null;

  @Field(() => [String], { nullable: true, description: 'Theme slugs (see the themes query).' })
  @IsSlugList()
  themes?: string[] | null;

  @Field(() => [Int], { nullable: true, description: 'SDG numbers, 1 to 17.' })
  @IsSdgList()
  sdgs?: number[] | null;

  @Field(() => [String], { nullable: true, description: 'Target group slugs (see the targetGroups query).' })
  @IsSlugList()
  targetGroups?: string[] | null;
}

@InputType()
export class CreateLocalGovernmentInput {
  @Field(() => String, { nullable: true, description: 'URL-safe unique name; derived from the name when omitted.' })
  @IsSlug()
  slug?: string | null;

  @Field()
  @IsTitle(200, 1)
  name: string;

  @Field(() => LocalGovernmentKind)
  @IsEnum(LocalGovernmentKind)
  kind: LocalGovernmentKind;

  @Field({ description: 'ISO 3166-1 alpha-2 code; the M49 region and sub-region are derived from it.' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code in capitals, such as "AT"' })
  country: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  population?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(-180)
  @Max(180)
  longitude?: number | null;

  @Field(() => String, { nullable: true })
  @IsHttpUrl()
  website?: string | null;

  @Field(() => Int, { nullable: true })
  @IsYear()
  humanRightsCitySince?: number | null;
}

@InputType()
export class UpdateLocalGovernmentInput extends PartialType(CreateLocalGovernmentInput) {}

@InputType()
export class CreateActionPlanInput extends TaggingInput {
  @Field()
  @IsTitle()
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptionalTitle()
  originalTitle?: string | null;

  @Field()
  @IsText(10000, true)
  summary: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'localGovernmentId must be a UUID' })
  localGovernmentId: string;

  @Field(() => ActionPlanKind)
  @IsEnum(ActionPlanKind)
  kind: ActionPlanKind;

  @Field(() => ActionPlanLifecycle)
  @IsEnum(ActionPlanLifecycle)
  lifecycle: ActionPlanLifecycle;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsIsoDate()
  adoptionDate?: string | null;

  @Field(() => Int, { nullable: true })
  @IsYear()
  periodStart?: number | null;

  @Field(() => Int, { nullable: true })
  @IsYear()
  periodEnd?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptionalTitle()
  adoptingBody?: string | null;

  @Field(() => [String], { nullable: true, description: 'ISO 639-1 codes.' })
  @IsLanguageList()
  languages?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsText()
  participation?: string | null;

  @Field(() => String, { nullable: true })
  @IsText()
  monitoring?: string | null;

  @Field(() => String, { nullable: true })
  @IsHttpUrl()
  sourceUrl?: string | null;
}

@InputType()
export class UpdateActionPlanInput extends PartialType(CreateActionPlanInput) {}

@InputType()
export class CreateGoodPracticeInput extends TaggingInput {
  @Field()
  @IsTitle()
  title: string;

  @Field()
  @IsText(10000, true)
  summary: string;

  @Field(() => String, { nullable: true })
  @IsText()
  description?: string | null;

  @Field(() => ID)
  @IsUUID('all', { message: 'localGovernmentId must be a UUID' })
  localGovernmentId: string;

  @Field(() => ID, { nullable: true, description: 'The action plan this practice implements (same local government).' })
  @IsOptional()
  @IsUUID('all', { message: 'actionPlanId must be a UUID' })
  actionPlanId?: string | null;

  @Field(() => Int)
  @IsInt()
  @Min(1900, { message: 'startYear must be a year between 1900 and 2100' })
  @Max(2100, { message: 'startYear must be a year between 1900 and 2100' })
  startYear: number;

  @Field(() => Int, { nullable: true })
  @IsYear()
  endYear?: number | null;

  @Field(() => String, { nullable: true })
  @IsText()
  outcomes?: string | null;

  @Field(() => String, { nullable: true })
  @IsText()
  lessonsLearned?: string | null;

  @Field(() => String, { nullable: true })
  @IsHttpUrl()
  sourceUrl?: string | null;
}

@InputType()
export class UpdateGoodPracticeInput extends PartialType(CreateGoodPracticeInput) {}

@InputType()
export class CreateToolInput extends TaggingInput {
  @Field()
  @IsTitle()
  title: string;

  @Field(() => ToolKind)
  @IsEnum(ToolKind)
  kind: ToolKind;

  @Field(() => String, { nullable: true })
  @IsOptionalTitle()
  publisher?: string | null;

  @Field(() => Int, { nullable: true })
  @IsYear()
  year?: number | null;

  @Field(() => [String], { nullable: true, description: 'ISO 639-1 codes.' })
  @IsLanguageList()
  languages?: string[] | null;

  @Field()
  @IsText(10000, true)
  summary: string;

  @Field(() => String, { nullable: true })
  @IsHttpUrl()
  url?: string | null;
}

@InputType()
export class UpdateToolInput extends PartialType(CreateToolInput) {}

/** Each record type's create and update input (the API's, which the workspace forms validate with too). */
export const RECORD_INPUTS = {
  [RecordType.ACTION_PLAN]: { create: CreateActionPlanInput, update: UpdateActionPlanInput },
  [RecordType.GOOD_PRACTICE]: { create: CreateGoodPracticeInput, update: UpdateGoodPracticeInput },
  [RecordType.TOOL]: { create: CreateToolInput, update: UpdateToolInput },
  [RecordType.LOCAL_GOVERNMENT]: { create: CreateLocalGovernmentInput, update: UpdateLocalGovernmentInput },
} as const;
