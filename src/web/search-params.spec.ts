import { FILTER_FIELDS } from '../catalogue/filter-fields';
import { en } from './i18n/en';

describe('the search page words the filter table', () => {
  it('every label key is a message', () => {
    expect(FILTER_FIELDS.filter((f) => f.labelKey && !(f.labelKey in en)).map((f) => f.labelKey)).toEqual([]);
  });

  it('every field the page shows (a facet of checkboxes, a year input) has a label key', () => {
    const shown = FILTER_FIELDS.filter((f) => f.url && ((f.facet && f.url.many) || f.values === 'year'));
    expect(shown.filter((f) => !f.labelKey).map((f) => f.field)).toEqual([]);
  });
});
