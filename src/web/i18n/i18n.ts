import { IntlMessageFormat } from 'intl-messageformat';
import { Html, html } from '../html';
import { en, MessageKey, Messages } from './en';
import ar from './messages/ar.json';
import fr from './messages/fr.json';

interface InterfaceLanguage {
  /** How the language names itself, for the language switcher. */
  name: string;
  dir: 'ltr' | 'rtl';
  messages: Messages;
}

/**
 * The one list of interface languages, each under its URL prefix (/en/, /fr/, /ar/), in the switcher's order:
 * routes, the language switcher, alternate links, redirects and tests all read it. Adding a language is its
 * catalogue (messages/<lang>.json, the compiler checks it has every key) and one entry here.
 */
const INTERFACE_LANGUAGES = {
  en: { name: 'English', dir: 'ltr', messages: en },
  fr: { name: 'Français', dir: 'ltr', messages: fr },
  ar: { name: 'العربية', dir: 'rtl', messages: ar },
} satisfies Record<string, InterfaceLanguage>;

export type Lang = keyof typeof INTERFACE_LANGUAGES;
export const LANGUAGES = Object.keys(INTERFACE_LANGUAGES) as readonly Lang[];

/** How each language names itself, for the language switcher. */
export const LANGUAGE_NAMES = Object.fromEntries(LANGUAGES.map((lang) => [lang, INTERFACE_LANGUAGES[lang].name])) as Record<Lang, string>;

export function isLang(value: string): value is Lang {
  return Object.hasOwn(INTERFACE_LANGUAGES, value);
}

/** The interface language a path starts with (`/fr/search` → `fr`), or null. */
export function langPrefixOf(path: string): Lang | null {
  const prefix = /^\/([^/]+)(?:\/|$)/.exec(path)?.[1];
  return prefix !== undefined && isLang(prefix) ? prefix : null;
}

/** A language's message catalogue (English is the reference the others must match). */
export function messagesOf(lang: Lang): Messages {
  return INTERFACE_LANGUAGES[lang].messages;
}

/** The best interface language for an Accept-Language header (q-values honoured); English by default. */
export function negotiateLanguage(header: string | undefined): Lang {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { primary: tag.split('-')[0], q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.primary && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked.find((entry) => isLang(entry.primary))?.primary as Lang | undefined) ?? 'en';
}

export type MessageParams = Record<string, string | number>;
/** Values of a rich-text message: text and numbers are escaped, `Html` passes through. */
export type RichParams = Record<string, string | number | Html>;
/** What each rich-text tag of a message becomes, given its content (already HTML): `{ link: (text) => html\`<a href="…">${text}</a>\` }`. */
export type MessageTags = Record<string, (content: Html) => Html>;

/** Text, numbers and dates of one interface language. */
export class Translator {
  readonly dir: 'rtl' | 'ltr';
  private readonly plurals: Intl.PluralRules;
  private readonly numbers: Intl.NumberFormat;
  private readonly dates: Intl.DateTimeFormat;
  private readonly regionNames: Intl.DisplayNames;
  private readonly languageNames: Intl.DisplayNames;

  constructor(readonly lang: Lang) {
    this.dir = INTERFACE_LANGUAGES[lang].dir;
    this.plurals = new Intl.PluralRules(lang);
    this.numbers = new Intl.NumberFormat(lang);
    this.dates = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
    this.regionNames = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    this.languageNames = new Intl.DisplayNames([lang], { type: 'language', fallback: 'none' });
  }

  /** A message as plain text (rich-text tags keep only their content). */
  t(key: MessageKey, params: MessageParams = {}): string {
    return formatMessage(this.message(key), params, this);
  }

  /**
   * A message with rich-text tags (`in <link>{record}</link>`) as HTML, so a link sits inside the sentence where
   * each language puts it: the message's text and values are escaped, only the markup `tags` make is not.
   */
  rich(key: MessageKey, params: RichParams, tags: MessageTags): Html {
    const markup = Object.fromEntries(Object.entries(tags).map(([tag, render]) => [tag, (content: Content[]) => render(html`${content}`)]));
    return html`${formatParts(this.message(key), params, markup, this)}`;
  }

  private message(key: MessageKey): string {
    // English is a safety net only: a test keeps every key in every catalogue.
    return messagesOf(this.lang)[key] ?? en[key];
  }

  number(value: number): string {
    return this.numbers.format(value);
  }

  /** A calendar date (YYYY-MM-DD or a Date), in words of the language. */
  date(value: string | Date): string {
    const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
    return Number.isNaN(date.getTime()) ? String(value) : this.dates.format(date);
  }

  pluralCategory(value: number): string {
    return this.plurals.select(value);
  }

  /** A country (ISO 3166-1) or UN M49 region's name in this language; `fallback` when CLDR has none. */
  placeName(code: string, fallback: string): string {
    return this.regionNames.of(code) ?? fallback;
  }

  languageName(code: string): string {
    return this.languageNames.of(code) ?? code;
  }
}

const translators = new Map<Lang, Translator>();
export function translator(lang: Lang): Translator {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = new Translator(lang)));
  return t;
}

/** A part of a formatted message: text (to escape when it goes into HTML) or a value or tag's markup. */
type Content = string | Html;

/** A message parsed once per language, with the names it expects (found with the same patterns as the catalogue spec). */
interface CompiledMessage {
  format: IntlMessageFormat;
  /** `{name}` */
  values: string[];
  /** `{name, plural|select|selectordinal, …}` */
  choices: string[];
  /** `<name>…</name>` */
  tags: string[];
}

const compiledMessages = new Map<string, CompiledMessage>();
function compiled(lang: Lang, message: string): CompiledMessage {
  const cacheKey = `${lang}\u0000${message}`;
  let entry = compiledMessages.get(cacheKey);
  if (!entry) {
    const names = (pattern: RegExp) => [...new Set(Array.from(message.matchAll(pattern), (match) => match[1]))];
    entry = {
      format: new IntlMessageFormat(message, lang),
      values: names(/\{\s*(\w+)\s*\}/g),
      choices: names(/\{\s*(\w+)\s*,\s*(?:plural|selectordinal|select)\s*,/g),
      tags: names(/<(\w+)>/g),
    };
    compiledMessages.set(cacheKey, entry);
  }
  return entry;
}

/**
 * Formats an ICU message (intl-messageformat) into its parts. What the caller left out stays harmless: a
 * missing `{name}` stays visible as `{name}`, a missing plural or select value counts as 0 (its `other` form),
 * a tag without markup keeps only its content.
 */
function formatParts(message: string, params: RichParams, tags: Record<string, (content: Content[]) => Content>, t: Pick<Translator, 'lang'>): Content[] {
  const { format, values, choices, tags: tagNames } = compiled(t.lang, message);
  const keepContent = (content: Content[]) => content;
  const defaults = {
    ...Object.fromEntries(values.map((name) => [name, `{${name}}`])),
    ...Object.fromEntries(choices.map((name) => [name, 0])),
    ...Object.fromEntries(tagNames.map((name) => [name, keepContent])),
  };
  return format.formatToParts<Content>({ ...defaults, ...params, ...tags }).map((part) => part.value);
}

/** An ICU message as plain text in the translator's language (`select`, plurals and numbers by the language's rules). */
export function formatMessage(message: string, params: MessageParams, t: Pick<Translator, 'lang'>): string {
  return formatParts(message, params, {}, t).join('');
}
