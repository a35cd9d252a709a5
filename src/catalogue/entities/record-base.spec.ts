import { languageListTransformer } from './record-base';

describe('languageListTransformer', () => {
  it('stores languages so that one LIKE finds each', () => {
    expect(languageListTransformer.to(['en', 'fr'])).toBe(',en,fr,');
    expect(languageListTransformer.to([])).toBe('');
    expect(languageListTransformer.to(undefined)).toBeUndefined();
  });

  it('reads them back', () => {
    expect(languageListTransformer.from(',en,fr,')).toEqual(['en', 'fr']);
    expect(languageListTransformer.from('')).toEqual([]);
    expect(languageListTransformer.from(null)).toEqual([]);
    expect(languageListTransformer.from(['ar'])).toEqual(['ar']);
  });
});
