/**
 * Characters that have no place in stored text. C0 and C1 controls (tab, line feed and carriage
 * return excepted) are invisible, break exports and can pose as markers — the search highlight uses
 * U+0002/U+0003 internally.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in a file name
 * they make "evil\u202Efdp.exe" read as "evilexe.pdf". The marks LRM/RLM/ALM stay: they change no order.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** Text as stored: controls removed (line breaks and tabs kept). */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/** A single-line name (file names, download headers): every control and bidi override removed. */
export function stripFormatControls(text: string): string {
  return text
    .replace(/[\t\n\r]/g, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI_CONTROLS, '');
}
