import { readFile } from 'node:fs/promises';
import * as iconv from 'iconv-lite';
import { ExtractionFailure } from '../extraction/extraction-failure';
import type { FileFormat } from './file-format';

/** Rich Text Format, as word processors since the 1990s save it (and as many councils still exchange drafts). */
export const RTF_FORMAT: FileFormat = {
  id: 'rtf',
  mediaType: 'application/rtf',
  name: 'RTF',
  recognise: (probe) => probe.startsWith([0x7b, 0x5c, 0x72, 0x74, 0x66]), // "{\rtf"
  extract: async (path) => {
    const source = (await readFile(path)).toString('latin1');
    let text: string;
    try {
      text = rtfText(source);
    } catch (error) {
      throw new ExtractionFailure(`The RTF document is damaged and could not be read (${(error as Error).message}).`);
    }
    return { extractor: 'rtf', pageCount: null, units: [{ page: null, headings: [], text }] };
  },
};

/** Groups whose content is not the document's text (tables of fonts and styles, metadata, pictures, field codes, headers). */
const SKIPPED_DESTINATIONS = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'object',
  'objdata',
  'themedata',
  'colorschememapping',
  'datastore',
  'latentstyles',
  'listtable',
  'listoverridetable',
  'rsidtbl',
  'generator',
  'xmlnstbl',
  'mmathPr',
  'fldinst',
  'filetbl',
  'revtbl',
  'pgdsctbl',
  'header',
  'headerl',
  'headerr',
  'headerf',
  'footer',
  'footerl',
  'footerr',
  'footerf',
  'bkmkstart',
  'bkmkend',
  'template',
  'userprops',
  'docvar',
  'wgrffmtfilter',
  'listtext',
  'pntext',
]);

const CHARACTERS: Record<string, string> = {
  par: '\n\n',
  sect: '\n\n',
  page: '\n\n',
  line: '\n',
  row: '\n',
  tab: '\t',
  cell: '\t',
  emdash: '—',
  endash: '–',
  bullet: '•',
  lquote: '‘',
  rquote: '’',
  ldblquote: '“',
  rdblquote: '”',
  emspace: ' ',
  enspace: ' ',
};

interface GroupState {
  skip: boolean;
  /** Characters to skip after a \uN (its fallback for readers without Unicode). */
  uc: number;
}

/**
 * The text of an RTF document: groups, control words and symbols per the RTF 1.9 specification;
 * `\'hh` bytes decoded in the document's code page (`\ansicpgN`, Windows-1252 by default), `\uN`
 * characters taken as they are and their fallback skipped.
 */
function rtfText(source: string): string {
  const out: string[] = [];
  const stack: GroupState[] = [];
  let state: GroupState = { skip: false, uc: 1 };
  let codePage = 'windows-1252';
  let pendingBytes: number[] = [];
  let skipFallback = 0;
  const flushBytes = () => {
    if (!pendingBytes.length) return;
    if (!state.skip) out.push(iconv.decode(Buffer.from(pendingBytes), codePage));
    pendingBytes = [];
  };
  const emit = (text: string) => {
    flushBytes();
    if (!state.skip) out.push(text);
  };
  let i = 0;
  // A group's first control word decides whether it is a destination to skip.
  let groupStart = false;
  while (i < source.length) {
    const c = source[i];
    if (c === '{') {
      flushBytes();
      stack.push(state);
      state = { ...state };
      groupStart = true;
      i++;
      continue;
    }
    if (c === '}') {
      flushBytes();
      state = stack.pop() ?? state;
      groupStart = false;
      skipFallback = 0;
      i++;
      continue;
    }
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) break;
      if (/[a-zA-Z]/.test(next)) {
        const match = /^([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(source.slice(i + 1, i + 48))!;
        const [whole, word, digits] = match;
        i += 1 + whole.length;
        const param = digits === undefined ? null : Number(digits);
        const first = groupStart;
        groupStart = false;
        if (first && SKIPPED_DESTINATIONS.has(word)) {
          state.skip = true;
          continue;
        }
        if (word === 'ansicpg' && param && iconv.encodingExists(`cp${param}`)) codePage = `cp${param}`;
        else if (word === 'uc' && param !== null) state.uc = Math.max(0, param);
        else if (word === 'u' && param !== null) {
          emit(String.fromCharCode(param < 0 ? param + 65536 : param));
          skipFallback = state.uc;
        } else if (word in CHARACTERS) emit(CHARACTERS[word]);
        continue;
      }
      groupStart = false;
      i += 2;
      if (next === '*') {
        // An ignorable destination: readers that do not know it skip it.
        state.skip = true;
      } else if (next === "'") {
        const byte = parseInt(source.slice(i, i + 2), 16);
        i += 2;
        if (skipFallback > 0) skipFallback--;
        else if (!Number.isNaN(byte)) pendingBytes.push(byte);
      } else if (next === '~') emit('\u00a0');
      else if (next === '_') emit('-');
      else if (next === '-') {
        // an optional hyphen: not part of the word
      } else if (next === '\n' || next === '\r') emit('\n\n');
      else if (skipFallback > 0) skipFallback--;
      else emit(next); // \\, \{, \}
      continue;
    }
    groupStart = false;
    i++;
    if (c === '\n' || c === '\r') continue; // line breaks in the source mean nothing
    if (skipFallback > 0) {
      skipFallback--;
      continue;
    }
    // A run of plain text at once, up to the next brace, backslash or line break.
    let end = i;
    while (end < source.length && !'{}\\\r\n'.includes(source[end])) end++;
    emit(c + source.slice(i, end));
    i = end;
  }
  flushBytes();
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
