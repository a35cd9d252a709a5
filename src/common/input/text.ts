/**
 * Characters that have no place in stored text. C0 and C1 controls (tab, line feed and carriage
 * return excepted) are invisible, break exports and can pose as markers — the search highlight uses
 * U+0002/U+0003 internally.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the zero-width
 * space (U+200B): invisible, they make "evil\u202Efdp.exe" read as "evilexe.pdf" and split a word in two
 * for search. The joiners U+200C/U+200D stay: Arabic and Persian words need them.
 */
const BIDI_AND_ZERO_WIDTH = /[\u200b\u202a-\u202e\u2066-\u2069]/g;

/**
 * In a name (title, file name) also the direction marks (LRM, RLM, ALM) and the byte-order mark: a
 * one-line name has no direction to fix, and they make two equal-looking names differ.
 */
const NAME_MARKS = /[\u200e\u200f\u061c\ufeff]/g;

/** Text as stored: controls, bidi overrides and zero-width spaces removed (line breaks, tabs and joiners kept). */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '').replace(BIDI_AND_ZERO_WIDTH, '');
}

/** A single-line name (titles, file names, download headers): every control, bidi override, direction mark and line break removed. */
export function stripFormatControls(text: string): string {
  return stripControls(text.replace(/[\t\n\r]/g, ' ')).replace(NAME_MARKS, '');
}
