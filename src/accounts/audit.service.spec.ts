import { fieldChanges } from './audit.service';

describe('fieldChanges (the audit trail’s field-level diff)', () => {
  it('lists each changed field once, sorted, with JSON before and after', () => {
    expect(fieldChanges({ title: 'Old', sdgs: [5], year: 2020 }, { title: 'New', sdgs: [5, 10], year: 2020 })).toEqual([
      { field: 'sdgs', before: '[5]', after: '[5,10]' },
      { field: 'title', before: '"Old"', after: '"New"' },
    ]);
  });

  it('a creation has no before and a field added later has before null', () => {
    expect(fieldChanges(null, { title: 'A' })).toEqual([{ field: 'title', before: null, after: '"A"' }]);
    expect(fieldChanges({ title: 'A' }, { title: 'A', summary: 'S' })).toEqual([{ field: 'summary', before: null, after: '"S"' }]);
  });

  it('undefined and null are the same value; a removed field is after null', () => {
    expect(fieldChanges({ note: undefined }, { note: null })).toEqual([]);
    expect(fieldChanges({ note: 'x' }, {})).toEqual([{ field: 'note', before: '"x"', after: null }]);
  });

  it('ignores updatedAt by default, and whatever the caller names', () => {
    expect(fieldChanges({ updatedAt: '2024-01-01' }, { updatedAt: '2024-02-01' })).toEqual([]);
    expect(fieldChanges({ year: 1, status: 'DRAFT' }, { year: 2, status: 'PUBLISHED' }, ['year'])).toEqual([{ field: 'status', before: '"DRAFT"', after: '"PUBLISHED"' }]);
  });
});
