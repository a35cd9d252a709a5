import { ar } from './ar';
import { en, MessageKey, Messages } from './en';
import { fr } from './fr';

interface InterfaceLanguage {
  /** How the language names itself, for the language switcher. */
  name: string;
  dir: 'ltr' | 'rtl';
  messages: Messages;
}

/**
 * The one list of interface languages, each under its URL prefix (/en/, /fr/, /ar/), in the switcher's order:
 * routes, the language switcher, alternate links, redirects and tests all read it. Adding a language is its
 * catalogue file and one entry here.
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

  t(key: MessageKey, params: MessageParams = {}): string {
    // English is a safety net only: a test keeps every key in every catalogue.
    return formatMessage(messagesOf(this.lang)[key] ?? en[key], params, this);
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

/**
 * A small ICU MessageFormat subset: `{name}` and `{name, plural, =0 {…} one {…} other {…}}` (with `#`
 * for the number, formatted for the language). Enough for an interface; no select, no nesting beyond plural.
 */
export function formatMessage(message: string, params: MessageParams, t: Pick<Translator, 'number' | 'pluralCategory'>): string {
  let out = '';
  for (let i = 0; i < message.length; i++) {
    if (message[i] !== '{') {
      out += message[i];
      continue;
    }
    const end = closingBrace(message, i);
    const body = message.slice(i + 1, end);
    i = end;
    const plural = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/.exec(body);
    if (!plural) {
      const name = body.trim();
      out += name in params ? String(params[name]) : `{${name}}`;
      continue;
    }
    const value = Number(params[plural[1]] ?? 0);
    const options = pluralOptions(plural[2]);
    const chosen = options.get(`=${value}`) ?? options.get(t.pluralCategory(value)) ?? options.get('other') ?? '';
    out += formatMessage(chosen, params, t).replace(/#/g, t.number(value));
  }
  return out;
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`Unbalanced braces in message: ${text}`);
}

function pluralOptions(spec: string): Map<string, string> {
  const options = new Map<string, string>();
  let i = 0;
  while (i < spec.length) {
    const selector = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(spec.slice(i));
    if (!selector) break;
    const open = i + selector[0].length - 1;
    const close = closingBrace(spec, open);
    options.set(selector[1], spec.slice(open + 1, close));
    i = close + 1;
  }
  return options;
}
