import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** Reusable validation rules, so the API and the seed loader apply exactly the same ones. */

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const IsSlug = () =>
  applyDecorators(
    IsOptional(),
    MaxLength(120),
    Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters, digits and single hyphens, e.g. "graz-action-plan-2024"' }),
  );

/** A required, trimmed text of bounded length (titles, names). */
export const IsTitle = (max = 300, min = 3) =>
  applyDecorators(
    trim,
    IsString(),
    IsNotEmpty({ message: '$property must not be empty' }),
    MinLength(min, { message: `$property must be at least ${min} characters long` }),
    MaxLength(max, { message: `$property must be at most ${max} characters long` }),
  );

export const IsOptionalTitle = (max = 300) =>
  applyDecorators(trim, IsOptional(), IsString(), MaxLength(max, { message: `$property must be at most ${max} characters long` }));

/** Free text such as summaries and descriptions. */
export const IsText = (max = 20000, required = false) =>
  applyDecorators(
    trim,
    ...(required ? [IsNotEmpty({ message: '$property must not be empty' })] : [IsOptional()]),
    IsString(),
    MaxLength(max, { message: `$property must be at most ${max} characters long` }),
  );

export const IsHttpUrl = () =>
  applyDecorators(
    trim,
    IsOptional(),
    MaxLength(2048),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: true }, { message: '$property must be an absolute http(s) URL, e.g. "https://example.org/plan.pdf"' }),
  );

export const IsYear = () =>
  applyDecorators(IsOptional(), IsInt(), Min(1900, { message: '$property must be a year between 1900 and 2100' }), Max(2100, { message: '$property must be a year between 1900 and 2100' }));

export const IsIsoDate = () =>
  applyDecorators(
    IsOptional(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date as YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid calendar date as YYYY-MM-DD' }),
  );

export const IsLanguageList = () =>
  applyDecorators(
    IsOptional(),
    ArrayMaxSize(20),
    Matches(/^[a-z]{2}$/, { each: true, message: 'languages must be ISO 639-1 codes such as "en"' }),
  );

export const IsSdgList = () =>
  applyDecorators(
    IsOptional(),
    ArrayMaxSize(17),
    IsInt({ each: true }),
    Min(1, { each: true, message: 'SDG numbers must be between 1 and 17' }),
    Max(17, { each: true, message: 'SDG numbers must be between 1 and 17' }),
  );

export const IsSlugList = () => applyDecorators(IsOptional(), ArrayMaxSize(50), IsString({ each: true }));
