import en from './messages/en.json';

/**
 * The interface text in English, the reference catalogue (messages/en.json): every key here exists in every
 * other language's messages/<lang>.json (the compiler checks the types, a test compares the key sets). Messages
 * are ICU MessageFormat for intl-messageformat: `{name}`, `{n, plural, one {…} other {…}}` with `#` as the
 * formatted number, `{kind, select, a {…} other {…}}`, and rich-text tags such as `<link>…</link>`.
 */
export { en };

/** A union of the literal keys of en.json, so a misspelt key is a compile error. */
export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
