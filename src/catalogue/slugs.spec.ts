import { SLUG_PATTERN } from '../common/input/validators';
import { slugify } from './slugs';

describe('slugify', () => {
  it.each([
    ['Graz Human Rights City', 'graz-human-rights-city'],
    ['Équité à Montréal — 2024/2027', 'equite-a-montreal-2024-2027'],
    ['  --Multiple   spaces--  ', 'multiple-spaces'],
    ['서울 인권', 'seoul-ingweon'],
    ['دليل المدن لحقوق الإنسان: مؤشرات الرصد', 'dlyl-lmdn-lhqwq-l-nsn-mw-shrt-lrsd'],
    ['Права человека в городе', 'prava-cheloveka-v-gorode'],
    ['Straße der Menschenrechte', 'strasse-der-menschenrechte'],
    ['🏙️ ✊', ''],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    if (slug) expect(slug).toMatch(SLUG_PATTERN);
  });

  it('caps the length without a trailing hyphen', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(SLUG_PATTERN);
  });
});
