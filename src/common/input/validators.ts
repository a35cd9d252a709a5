import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ISO_639_1_CODES, LANGUAGE_CODE_MESSAGE } from './languages';
import { stripControls, stripFormatControls } from './text';
import { ArrayMaxSize, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** Reusable validation rules, so the API and the seed loader apply exactly the same ones. */

/** Every text input is stored without control characters, bidi overrides or zero-width spaces (see common/input/text.ts), trimmed. */
const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? stripControls(value).trim() : value));
/** Titles and names are one line: line breaks and tabs become spaces, direction marks go too. */
const oneLine = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? stripFormatControls(value).replace(/\s+/g, ' ').trim() : value));

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const IsSlug = () =>
  applyDecorators(IsOptional(), MaxLength(120), Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters, digits and single hyphens, e.g. "graz-action-plan-2024"' }));

/** A required, trimmed text of bounded length (titles, names). */
export const IsTitle = (max = 300, min = 3) =>
  applyDecorators(
    oneLine,
    IsString(),
    IsNotEmpty({ message: '$property must not be empty' }),
    MinLength(min, { message: `$property must be at least ${min} characters long` }),
    MaxLength(max, { message: `$property must be at most ${max} characters long` }),
  );

export const IsOptionalTitle = (max = 300) => applyDecorators(oneLine, IsOptional(), IsString(), MaxLength(max, { message: `$property must be at most ${max} characters long` }));

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
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_tld: true },
      { message: '$property must be an absolute http(s) URL, e.g. "https://example.org/plan.pdf"' },
    ),
  );

export const IsYear = () =>
  applyDecorators(
    IsOptional(),
    IsInt(),
    Min(1900, { message: '$property must be a year between 1900 and 2100' }),
    Max(2100, { message: '$property must be a year between 1900 and 2100' }),
  );

export const IsIsoDate = () =>
  applyDecorators(
    IsOptional(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date as YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid calendar date as YYYY-MM-DD' }),
  );

export const IsLanguageList = (max = 20) => applyDecorators(IsOptional(), ArrayMaxSize(max), IsIn(ISO_639_1_CODES, { each: true, message: `$property ${LANGUAGE_CODE_MESSAGE}` }));

/** One ISO 639-1 code (optional). */
export const IsLanguageCode = () => applyDecorators(IsOptional(), IsIn(ISO_639_1_CODES, { message: `$property must be an ISO 639-1 language code such as "en", "fr" or "ar"` }));

export const IsSdgList = () =>
  applyDecorators(
    IsOptional(),
    ArrayMaxSize(17),
    IsInt({ each: true }),
    Min(1, { each: true, message: 'SDG numbers must be between 1 and 17' }),
    Max(17, { each: true, message: 'SDG numbers must be between 1 and 17' }),
  );

export const IsSlugList = () => applyDecorators(IsOptional(), ArrayMaxSize(50), IsString({ each: true }));
