import { RecordType } from '../catalogue/enums';
import { meiliFilter, quote } from './meili-filter';

describe('meiliFilter', () => {
  it('quotes and escapes every value', () => {
    expect(quote('x" OR type = "TOOL')).toBe('"x\\" OR type = \\"TOOL"');
    expect(quote('back\\slash')).toBe('"back\\\\slash"');
    expect(quote(16)).toBe('"16"');
  });

  it('expresses the catalogue filter as an AND of ORs', () => {
    expect(
      meiliFilter(
        { sdgs: [5, 16], regions: ['150'], countries: ['AT'], yearFrom: 2010, yearTo: 2020, languages: ['de'], targetGroups: ['youth'], localGovernmentId: 'abc' },
        [RecordType.TOOL],
        ['hrba', 'participation'],
      ),
    ).toEqual([
      'type IN ["TOOL"]',
      'themes IN ["hrba", "participation"]',
      'sdgs IN ["5", "16"]',
      'targetGroups IN ["youth"]',
      '(region IN ["150"] OR subregion IN ["150"])',
      'country IN ["AT"]',
      '(localGovernmentId = "abc")',
      'year >= 2010',
      'year <= 2020',
      'languages IN ["de"]',
    ]);
    expect(meiliFilter(null, null)).toEqual([]);
  });
});
