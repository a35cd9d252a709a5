import { ActionPlanKind, ActionPlanLifecycle, LocalGovernmentKind, RecordType, ToolKind } from '../catalogue/enums';

/** How a form field is shown and read; `name` is the GraphQL input field's name. */
type FieldKind = 'text' | 'textarea' | 'int' | 'number' | 'date' | 'url' | 'enum' | 'languages' | 'themes' | 'sdgs' | 'targetGroups' | 'place' | 'plan' | 'country';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
  values?: readonly string[];
}

const TAGS: FieldSpec[] = [
  { name: 'sdgs', kind: 'sdgs' },
  { name: 'themes', kind: 'themes' },
  { name: 'targetGroups', kind: 'targetGroups' },
  { name: 'slug', kind: 'text' },
];

/** The fields of each record type's create/update inputs, in form order. */
export const RECORD_FIELDS: Record<RecordType, FieldSpec[]> = {
  [RecordType.ACTION_PLAN]: [
    { name: 'title', kind: 'text', required: true },
    { name: 'originalTitle', kind: 'text' },
    { name: 'summary', kind: 'textarea', required: true },
    { name: 'localGovernmentId', kind: 'place', required: true },
    { name: 'kind', kind: 'enum', required: true, values: Object.values(ActionPlanKind) },
    { name: 'lifecycle', kind: 'enum', required: true, values: Object.values(ActionPlanLifecycle) },
    { name: 'adoptionDate', kind: 'date' },
    { name: 'periodStart', kind: 'int' },
    { name: 'periodEnd', kind: 'int' },
    { name: 'adoptingBody', kind: 'text' },
    { name: 'languages', kind: 'languages' },
    { name: 'participation', kind: 'textarea' },
    { name: 'monitoring', kind: 'textarea' },
    { name: 'sourceUrl', kind: 'url' },
    ...TAGS,
  ],
  [RecordType.GOOD_PRACTICE]: [
    { name: 'title', kind: 'text', required: true },
    { name: 'summary', kind: 'textarea', required: true },
    { name: 'description', kind: 'textarea' },
    { name: 'localGovernmentId', kind: 'place', required: true },
    { name: 'actionPlanId', kind: 'plan' },
    { name: 'startYear', kind: 'int', required: true },
    { name: 'endYear', kind: 'int' },
    { name: 'outcomes', kind: 'textarea' },
    { name: 'lessonsLearned', kind: 'textarea' },
    { name: 'sourceUrl', kind: 'url' },
    ...TAGS,
  ],
  [RecordType.TOOL]: [
    { name: 'title', kind: 'text', required: true },
    { name: 'kind', kind: 'enum', required: true, values: Object.values(ToolKind) },
    { name: 'summary', kind: 'textarea', required: true },
    { name: 'publisher', kind: 'text' },
    { name: 'year', kind: 'int' },
    { name: 'languages', kind: 'languages' },
    { name: 'url', kind: 'url' },
    ...TAGS,
  ],
  [RecordType.LOCAL_GOVERNMENT]: [
    { name: 'name', kind: 'text', required: true },
    { name: 'kind', kind: 'enum', required: true, values: Object.values(LocalGovernmentKind) },
    { name: 'country', kind: 'country', required: true },
    { name: 'population', kind: 'int' },
    { name: 'latitude', kind: 'number' },
    { name: 'longitude', kind: 'number' },
    { name: 'website', kind: 'url' },
    { name: 'humanRightsCitySince', kind: 'int' },
    { name: 'slug', kind: 'text' },
  ],
};

/** What a form shows: every field as text, lists as arrays of text. */
export type FormValues = Record<string, string | string[]>;

const LIST_KINDS: FieldKind[] = ['themes', 'sdgs', 'targetGroups'];

/** The hidden marker that says a checkbox group was on the form (so "none ticked" clears the list). */
export const PRESENT_MARKER = '_present';

/** After a conflict, `_keep_<field>=theirs` says: save the value saved meanwhile for this field, not mine. */
export const KEEP_PREFIX = '_keep_';

/**
 * The form as submitted, with the fields whose "saved meanwhile" value the curator chose (after a
 * conflict) replaced by the record's current values.
 */
export function withKeptValues(type: RecordType, body: Record<string, unknown>, current: FormValues): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...body };
  const present = new Set(asList(body[PRESENT_MARKER]));
  for (const spec of RECORD_FIELDS[type]) {
    if (body[`${KEEP_PREFIX}${spec.name}`] !== 'theirs' || !(spec.name in current)) continue;
    merged[spec.name] = current[spec.name];
    if (LIST_KINDS.includes(spec.kind)) present.add(spec.name);
  }
  merged[PRESENT_MARKER] = [...present];
  return merged;
}

function asList(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String).filter((v) => v !== '');
}

/**
 * Reads a submitted form into the input a GraphQL client would send. The form always sends its whole
 * state: an emptied optional field is null (clears it), a checkbox group marked present with nothing
 * ticked is [] (clears it); in a new record, empty optional fields are simply left out. Numbers that
 * are not numbers stay as text, so validation names the field.
 */
export function readForm(type: RecordType, body: Record<string, unknown>, mode: 'create' | 'update'): { input: Record<string, unknown>; values: FormValues } {
  const input: Record<string, unknown> = {};
  const values: FormValues = {};
  const present = new Set(asList(body[PRESENT_MARKER]));
  for (const spec of RECORD_FIELDS[type]) {
    if (LIST_KINDS.includes(spec.kind)) {
      if (!present.has(spec.name)) continue;
      const list = asList(body[spec.name]);
      values[spec.name] = list;
      input[spec.name] = spec.kind === 'sdgs' ? list.map((v) => (/^\d+$/.test(v) ? Number(v) : v)) : list;
      continue;
    }
    const raw = typeof body[spec.name] === 'string' ? (body[spec.name] as string) : '';
    values[spec.name] = raw;
    const text = raw.trim();
    if (!text) {
      if (mode === 'update' && !spec.required) input[spec.name] = null;
      else if (spec.required && spec.kind !== 'int' && spec.kind !== 'number') input[spec.name] = '';
      continue;
    }
    if (spec.kind === 'int') input[spec.name] = /^-?\d+$/.test(text) ? Number(text) : text;
    else if (spec.kind === 'number') input[spec.name] = Number.isFinite(Number(text)) ? Number(text) : text;
    else if (spec.kind === 'languages')
      input[spec.name] = text
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((l) => l.toLowerCase());
    else input[spec.name] = text;
  }
  return { input, values };
}

/** The form values of an existing record (and its tags), for the edit form. */
export function valuesOf(type: RecordType, record: object, tags: { themes: string[]; sdgs: number[]; targetGroups: string[] }): FormValues {
  const r = record as Record<string, unknown>;
  const values: FormValues = {};
  for (const spec of RECORD_FIELDS[type]) {
    if (spec.kind === 'themes') values.themes = tags.themes;
    else if (spec.kind === 'sdgs') values.sdgs = tags.sdgs.map(String);
    else if (spec.kind === 'targetGroups') values.targetGroups = tags.targetGroups;
    else if (spec.kind === 'country') values.country = typeof r.countryCode === 'string' ? r.countryCode : '';
    else if (spec.kind === 'languages') values.languages = ((r.languages as string[] | undefined) ?? []).join(', ');
    else values[spec.name] = r[spec.name] === null || r[spec.name] === undefined ? '' : String(r[spec.name]);
  }
  return values;
}
