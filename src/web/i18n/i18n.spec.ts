import { ar } from './ar';
import { en } from './en';
import { fr } from './fr';
import { formatMessage, negotiateLanguage, translator } from './i18n';

const placeholders = (message: string) => [...new Set(message.match(/\{(\w+)[,}]/g)?.map((m) => m.slice(1, -1)) ?? [])].sort();

describe('message catalogues', () => {
  it('have the same keys in English, French and Arabic, none empty', () => {
    const keys = Object.keys(en).sort();
    expect(Object.keys(fr).sort()).toEqual(keys);
    expect(Object.keys(ar).sort()).toEqual(keys);
    for (const catalogue of [en, fr, ar]) for (const [key, value] of Object.entries(catalogue)) expect({ key, empty: !value.trim() }).toEqual({ key, empty: false });
  });

  it('use the same placeholders in every language, and every message formats', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, fr: placeholders(fr[key]) }).toEqual({ key, fr: placeholders(en[key]) });
      expect({ key, ar: placeholders(ar[key]) }).toEqual({ key, ar: placeholders(en[key]) });
      for (const lang of ['en', 'fr', 'ar'] as const) {
        const params = Object.fromEntries(placeholders(en[key]).map((p) => [p, 3]));
        expect(() => translator(lang).t(key, params)).not.toThrow();
        expect(translator(lang).t(key, params)).not.toMatch(/[{}]/);
      }
    }
  });
});

describe('formatMessage', () => {
  const t = (lang: 'en' | 'fr' | 'ar') => translator(lang);
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

describe('negotiateLanguage', () => {
  it('honours q-values and falls back to English', () => {
    expect(negotiateLanguage('de;q=1, ar;q=0.5, fr;q=0.8')).toBe('fr');
    expect(negotiateLanguage('ar-MA')).toBe('ar');
    expect(negotiateLanguage('pt-BR')).toBe('en');
    expect(negotiateLanguage(undefined)).toBe('en');
    expect(negotiateLanguage('fr;q=0')).toBe('en');
  });
});
