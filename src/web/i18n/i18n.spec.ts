import { Html, html } from '../html';
import { en } from './en';
import { formatMessage, Lang, LANGUAGES, messagesOf, negotiateLanguage, translator } from './i18n';

const placeholders = (message: string) => [...new Set(message.match(/\{(\w+)[,}]/g)?.map((m) => m.slice(1, -1)) ?? [])].sort();
const tags = (message: string) => (message.match(/<\/?\w+>/g) ?? []).sort();

describe('message catalogues', () => {
  it('have the same keys in every interface language, none empty', () => {
    const keys = Object.keys(en).sort();
    for (const lang of LANGUAGES) expect({ lang, keys: Object.keys(messagesOf(lang)).sort() }).toEqual({ lang, keys });
    for (const lang of LANGUAGES) for (const [key, value] of Object.entries(messagesOf(lang))) expect({ key, empty: !value.trim() }).toEqual({ key, empty: false });
  });

  it('use the same placeholders in every language, and every message formats', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      for (const lang of LANGUAGES) expect({ key, [lang]: placeholders(messagesOf(lang)[key]) }).toEqual({ key, [lang]: placeholders(en[key]) });
      for (const lang of LANGUAGES) expect({ key, [lang]: tags(messagesOf(lang)[key]) }).toEqual({ key, [lang]: tags(en[key]) });
      for (const lang of LANGUAGES) {
        const params = Object.fromEntries(placeholders(en[key]).map((p) => [p, 3]));
        expect(() => translator(lang).t(key, params)).not.toThrow();
        expect(translator(lang).t(key, params)).not.toMatch(/[{}]/);
      }
    }
  });
});

describe('formatMessage', () => {
  const t = (lang: Lang) => translator(lang);
  it('picks plural forms by the language’s rules, with exact matches first', () => {
    const message = '{n, plural, =0 {none} one {# item} two {a pair} few {# few} many {# many} other {# items}}';
    expect(formatMessage(message, { n: 0 }, t('en'))).toBe('none');
    expect(formatMessage(message, { n: 1 }, t('en'))).toBe('1 item');
    expect(formatMessage(message, { n: 2 }, t('en'))).toBe('2 items');
    expect(formatMessage(message, { n: 1200 }, t('en'))).toBe('1,200 items');
    expect(formatMessage(message, { n: 2 }, t('ar'))).toBe('a pair');
    expect(formatMessage(message, { n: 3 }, t('ar'))).toBe(`${new Intl.NumberFormat('ar').format(3)} few`);
    expect(formatMessage(message, { n: 11 }, t('ar'))).toBe(`${new Intl.NumberFormat('ar').format(11)} many`);
  });
  it('replaces named values and leaves unknown ones visible', () => {
    expect(formatMessage('“{q}” in {where}', { q: 'x' }, t('en'))).toBe('“x” in {where}');
  });
});

describe('rich-text messages', () => {
  const link = { link: (text: Html) => html`<a href="/x">${text}</a>` };
  it('place the link where each language puts it, escaping text and values but not our markup', () => {
    expect(translator('en').rich('search.in', { record: 'R&D <b>' }, link).value).toBe('in <a href="/x">R&amp;D &lt;b&gt;</a>');
    expect(translator('ar').rich('search.in', { record: html`<i>t</i>` }, link).value).toBe('في <a href="/x"><i>t</i></a>');
  });
  it('keep only the content of their tags as plain text', () => {
    expect(translator('fr').t('search.in', { record: 'R&D' })).toBe('dans R&D');
  });
});

describe('formatMessage: select', () => {
  it('picks the matching branch, or other', () => {
    const message = '{kind, select, plan {an action plan} other {a record}} of {n, plural, one {# page} other {# pages}}';
    expect(formatMessage(message, { kind: 'plan', n: 1 }, translator('en'))).toBe('an action plan of 1 page');
    expect(formatMessage(message, { kind: 'tool', n: 2000 }, translator('fr'))).toBe(`a record of ${new Intl.NumberFormat('fr').format(2000)} pages`);
  });
});

describe('negotiateLanguage', () => {
  it('honours q-values and falls back to English', () => {
    expect(negotiateLanguage('de;q=1, ar;q=0.5, fr;q=0.8')).toBe('fr');
    expect(negotiateLanguage('ar-MA')).toBe('ar');
    expect(negotiateLanguage('pt-BR')).toBe('en');
    expect(negotiateLanguage(undefined)).toBe('en');
    expect(negotiateLanguage('fr;q=0')).toBe('en');
  });
});
