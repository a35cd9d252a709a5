/**
 * BibTeX and RIS text from a citation (a CSL item and the record's id). Written here rather than by
 * citation-js 0.7: its BibTeX output drops every character it cannot spell in LaTeX (an Arabic title
 * became `{   :  }`) and makes keys from the first words of author and title (`undefined2021undefined`,
 * repeated keys); its RIS output folds values at 70 characters (cutting URLs in two), uses the CSL id
 * as ID and writes a corporate name with a comma where readers split it into family and given names.
 */

/** What the writers need: the CSL item (the one description every format comes from) and how to type it. */
export interface CitationEntry {
  /** The record's id: RIS `ID`. */
  recordId: string;
  /** BibTeX (biblatex) entry type: report, misc, book, manual. */
  bibtexType: string;
  /** RIS reference type: RPRT, GEN, BOOK. */
  risType: string;
  item: CitationItem;
}

/** A CSL item as this project writes it (CSL-JSON 1.0.2 properties; every author a corporate, literal name). */
interface CitationItem {
  id: string;
  'citation-key': string;
  type: string;
  genre?: string;
  title: string;
  author: { literal: string }[];
  issued?: { 'date-parts': number[][] };
  URL: string;
  accessed: { 'date-parts': number[][] };
  publisher?: string;
  'publisher-place'?: string;
  note: string;
  language?: string;
}

/** The characters LaTeX runs, spelled so that it prints them (one pass: the replacements are not escaped again). */
const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** A BibTeX field value: UTF-8 as it is (biblatex with biber reads it), LaTeX's own characters escaped, on one line. */
function bibtexText(value: string): string {
  return oneLine(value).replace(/[\\{}&%$#_~^]/g, (c) => LATEX_SPECIALS[c]);
}

/** A URL is verbatim in biblatex: only its braces, which would end the field, are percent-encoded. */
function bibtexUrl(url: string): string {
  return oneLine(url).replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

function oneLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ');
}

const isoDate = (date: { 'date-parts': number[][] }) => date['date-parts'][0].map((part, i) => (i === 0 ? String(part) : String(part).padStart(2, '0'))).join('-');

/** English names of languages (biblatex prints the `language` field as given). */
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** The publisher's field of each entry type (biblatex: a report's institution, a manual's organization). */
const PUBLISHER_FIELD: Record<string, string> = { report: 'institution', manual: 'organization', book: 'publisher' };

/**
 * One biblatex entry, UTF-8 (no LaTeX escaping of non-ASCII). The author is a body, not a person:
 * double braces keep it one name. `type` (a report's or a manual's kind) only where biblatex has it.
 */
export function bibtexEntry({ bibtexType, item }: CitationEntry): string {
  const publisherField = PUBLISHER_FIELD[bibtexType];
  const fields: [string, string | undefined][] = [
    ['author', item.author.map((a) => `{${bibtexText(a.literal)}}`).join(' and ')],
    ['title', bibtexText(item.title)],
    ['type', bibtexType === 'report' || bibtexType === 'manual' ? item.genre && bibtexText(item.genre) : undefined],
    [publisherField ?? '', publisherField ? item.publisher && bibtexText(item.publisher) : undefined],
    ['location', item['publisher-place'] && bibtexText(item['publisher-place'])],
    ['year', item.issued && String(item.issued['date-parts'][0][0])],
    ['url', bibtexUrl(item.URL)],
    ['urldate', isoDate(item.accessed)],
    ['language', item.language && bibtexText(LANGUAGE_NAMES.of(item.language) ?? item.language)],
    ['note', bibtexText(item.note)],
  ];
  const body = fields
    .filter((f): f is [string, string] => !!f[1])
    .map(([name, value]) => `  ${name} = {${value}},`)
    .join('\n');
  return `@${bibtexType}{${item['citation-key']},\n${body}\n}\n`;
}

/**
 * A RIS name needs no comma to be read as one: readers take "A, B" as family "A", given "B". A
 * corporate name's own commas become dashes in `AU` (the publisher line, `PB`, keeps it as it is).
 */
function risCorporateName(name: string): string {
  return name.replace(/\s*,\s*/g, ' – ');
}

/** One RIS reference: "TAG  - value" lines, TY first, ER last, CR LF, one line per value (never folded). */
export function risReference({ recordId, risType, item }: CitationEntry): string {
  const tags: [string, string | undefined][] = [
    ['TY', risType],
    ['ID', recordId],
    ...item.author.map((a): [string, string] => ['AU', risCorporateName(a.literal)]),
    ['TI', item.title],
    ['PY', item.issued && String(item.issued['date-parts'][0][0])],
    ['M3', item.genre],
    ['PB', item.publisher],
    ['CY', item['publisher-place']],
    ['LA', item.language],
    ['UR', item.URL],
    // the access date as the RIS specification spells it: YYYY/MM/DD/
    ['Y2', `${isoDate(item.accessed).replace(/-/g, '/')}/`],
    ['N1', item.note],
    ['ER', ''],
  ];
  return tags
    .filter((t): t is [string, string] => t[1] !== undefined && (t[1] !== '' || t[0] === 'ER'))
    .map(([tag, value]) => `${tag}  - ${oneLine(value)}`)
    .join('\r\n')
    .concat('\r\n');
}
