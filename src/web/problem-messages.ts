import { acceptedFormats } from '../documents/formats/registry';
import { AppError, FieldProblem } from '../common/errors';
import type { RowProblem } from '../imports/import.service';
import { en, MessageKey } from './i18n/en';
import { Translator } from './i18n/i18n';

/** A message for a page: in the page's language when we know the rule, else the API's English text (marked so). */
export interface PageMessage {
  text: string;
  /** 'en' when the text is the API's own English message, null when it is in the page's language. */
  lang: 'en' | null;
}

/** The label of a form field in the page's language (its input name when it has none). */
export function fieldLabel(t: Translator, field: string): string {
  const key = `field.${field}` as MessageKey;
  return key in en ? t.t(key) : field;
}

/** The first number in an English validation message ("must be at most 200 characters long" → 200). */
function numberIn(message: string): number | null {
  const match = /-?\d+(\.\d+)?/.exec(message);
  return match ? Number(match[0]) : null;
}

/**
 * The page's wording for what a field problem means, chosen by the rule it broke (the API's problems
 * carry it), so a French curator reads French; problems without a known rule keep the API's text.
 */
function fieldProblemMessage(t: Translator, problem: FieldProblem, field = problem.field): PageMessage {
  const label = fieldLabel(t, field);
  const n = numberIn(problem.message);
  const say = (key: MessageKey, params: Record<string, string | number> = {}): PageMessage => ({ text: t.t(key, { field: label, ...params }), lang: null });
  switch (problem.rule) {
    case 'isNotEmpty':
      return say('problem.required');
    case 'minLength':
      return n !== null ? say('problem.minLength', { n }) : say('problem.required');
    case 'maxLength':
      return n !== null ? say('problem.maxLength', { n }) : say('problem.tooLong');
    case 'isUrl':
      return say('problem.url');
    case 'min':
    case 'max':
      if (/year between/.test(problem.message)) return say('problem.year');
      if (n !== null) return say(problem.rule === 'min' ? 'problem.min' : 'problem.max', { n: t.number(n) });
      break;
    case 'isInt':
      return /year between/.test(problem.message) ? say('problem.year') : say('problem.integer');
    case 'isNumber':
      return say('problem.number');
    case 'isIso8601':
      return say('problem.date');
    case 'matches':
      if (/YYYY-MM-DD/.test(problem.message)) return say('problem.date');
      if (/slug/.test(problem.message)) return say('problem.slug');
      if (/ISO 3166/.test(problem.message)) return say('problem.choose');
      break;
    case 'isIn':
      if (/ISO 639-1/.test(problem.message)) return say('problem.languages');
      return say('problem.choose');
    case 'isUuid':
    case 'isEnum':
    case 'unknownSlug':
    case 'notFound':
      return say('problem.choose');
    case 'arrayMaxSize':
      return n !== null ? say('problem.tooMany', { n }) : say('problem.choose');
    case 'endBeforeStart':
      return say('problem.endBeforeStart');
    case 'slugTaken':
      return say('problem.slugTaken');
    case 'otherLocalGovernment':
      return say('problem.otherLocalGovernment');
    case 'lastAdmin':
      return say('problem.lastAdmin');
    case 'emailTaken':
      return say('problem.emailTaken');
    case 'isEmail':
      return say('problem.email');
    case 'emptyFile':
      return say('problem.emptyFile');
    case 'noFile':
      return say('problem.noFile');
    case 'tooManyFiles':
      return n !== null ? say('problem.tooManyFiles', { n }) : say('problem.noFile');
    // An import's file as a whole
    case 'damagedZip':
      return say('problem.damagedZip');
    case 'zipOneCsv':
      return say('problem.zipOneCsv', { n: n ?? 0 });
    case 'unreadableCsv':
      return say('problem.unreadableCsv');
    case 'emptyCsv':
      return say('problem.emptyCsv');
    case 'tooManyRows': {
      const [rows, max] = (problem.message.match(/\d+/g) ?? []).map(Number);
      return say('problem.tooManyRows', { n: t.number(rows ?? 0), max: t.number(max ?? 0) });
    }
    case 'duplicateColumn':
      return say('problem.duplicateColumn', { column: /"(.*)"/.exec(problem.message)?.[1] ?? '' });
  }
  return { text: problem.message.replace(/^[\w.]+: /, ''), lang: 'en' };
}

/** A problem of an imported row in the page's language where its rule is known, else the import's English words. */
export function importRowProblemMessage(t: Translator, problem: RowProblem): PageMessage {
  if (problem.rule === 'unknownValues') return { text: t.t('import.unknownValues', { field: fieldLabel(t, problem.column), values: problem.values ?? '' }), lang: null };
  if (!problem.rule) return { text: problem.message, lang: 'en' };
  const worded = fieldProblemMessage(t, { field: problem.column, message: problem.message, rule: problem.rule });
  // The import's own words are plainer than the API's when the page has none of its own.
  return worded.lang === 'en' ? { text: problem.message, lang: 'en' } : worded;
}

/**
 * A refused input's problems for a form: one per field (the first rule it broke: "required" says more
 * than "at least 1 character" after it), named by the form field (no `input.` prefix, no list index).
 */
export function formProblems(t: Translator, error: AppError): { field: string; message: string; lang: 'en' | null }[] {
  const raw = (error.details.problems as FieldProblem[] | undefined) ?? [
    { field: typeof error.details.field === 'string' ? error.details.field : '', message: error.message, rule: error.code === 'NOT_FOUND' ? 'notFound' : undefined },
  ];
  const seen = new Set<string>();
  const problems: { field: string; message: string; lang: 'en' | null }[] = [];
  for (const problem of raw) {
    const field = problem.field.replace(/^input\./, '').replace(/\..*$/, '');
    if (seen.has(field)) continue;
    seen.add(field);
    const { text, lang } = fieldProblemMessage(t, problem, field);
    problems.push({ field, message: text, lang });
  }
  return problems;
}

/** Which limit a file went past: its size, an import's CSV once unpacked, or one of its cells. */
function tooLargeMessage(t: Translator, details: Record<string, unknown>): string {
  const mb = Math.round((Number(details.limitBytes ?? 0) / 1048576) * 10) / 10;
  if (details.limit === 'cellChars')
    return t.t('problem.cellTooLarge', { line: Number(details.line), chars: t.number(Number(details.chars)), max: t.number(Number(details.maxChars)) });
  if (details.limit === 'unpackedCsvBytes') return t.t('problem.csvTooLarge', { mb });
  if (details.limit === 'csvBytes') return t.t('problem.importTooLarge', { mb });
  return t.t('problem.tooLarge', { mb });
}

/** One error as one message for a page (an upload refused, a workflow step not possible…). */
export function errorMessage(t: Translator, error: AppError): PageMessage {
  if (error.code === 'UNSUPPORTED_MEDIA_TYPE') return { text: t.t('problem.unsupportedType', { formats: acceptedFormats(t.lang, t.t('format.plainText')) }), lang: null };
  if (error.code === 'PAYLOAD_TOO_LARGE') return { text: tooLargeMessage(t, error.details), lang: null };
  if (error.code === 'CONFLICT') {
    const fields = ((error.details.changedFields as string[] | undefined) ?? []).map((f) => fieldLabel(t, f === 'countryCode' ? 'country' : f));
    return { text: t.t('ws.recordConflict', { fields: fields.join(', ') || '—' }), lang: null };
  }
  const problems = (error.details.problems as FieldProblem[] | undefined) ?? [];
  if (error.code === 'BAD_USER_INPUT' && problems.length === 1 && problems[0].rule) {
    return fieldProblemMessage(t, problems[0], problems[0].field.replace(/^input\./, ''));
  }
  return { text: error.message, lang: 'en' };
}
