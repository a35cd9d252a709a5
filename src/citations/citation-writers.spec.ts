import { bibtexEntry, CitationEntry, risReference } from './citation-writers';

const entry = (item: Partial<CitationEntry['item']> = {}): CitationEntry => ({
  recordId: '0b6f0c4e-8a1d-4f3e-9c7a-5d2e1f0a9b8c',
  bibtexType: 'misc',
  risType: 'GEN',
  item: {
    id: 'practice-x',
    'citation-key': 'practice-x',
    type: 'document',
    title: 'X',
    author: [{ literal: 'Graz' }],
    URL: 'https://example.org/x',
    accessed: { 'date-parts': [[2024, 3, 7]] },
    note: 'n',
    ...item,
  },
});

describe('citation writers', () => {
  it('BibTeX escapes each LaTeX character once, keeps other text as it is, and percent-encodes braces in a URL', () => {
    const text = bibtexEntry(entry({ title: 'a\\b {c} & 5% $ #1 x_y ~ ^ – دليل', URL: 'https://e.org/{id}' }));
    expect(text).toContain('title = {a\\textbackslash{}b \\{c\\} \\& 5\\% \\$ \\#1 x\\_y \\textasciitilde{} \\textasciicircum{} – دليل},');
    expect(text).toContain('url = {https://e.org/%7Bid%7D},');
  });

  it('BibTeX leaves out what the record lacks and writes no line breaks inside a value', () => {
    const text = bibtexEntry(entry({ title: 'two\r\n  lines' }));
    expect(text).toBe('@misc{practice-x,\n  author = {{Graz}},\n  title = {two lines},\n  url = {https://example.org/x},\n  urldate = {2024-03-07},\n  note = {n},\n}\n');
  });

  it('RIS: the record id as ID, a corporate name without commas in AU, the padded access date in Y2', () => {
    const lines = risReference(entry({ author: [{ literal: 'Department of Culture, City of Vienna' }], publisher: 'Department of Culture, City of Vienna' })).split('\r\n');
    expect(lines).toEqual([
      'TY  - GEN',
      'ID  - 0b6f0c4e-8a1d-4f3e-9c7a-5d2e1f0a9b8c',
      'AU  - Department of Culture – City of Vienna',
      'TI  - X',
      'PB  - Department of Culture, City of Vienna',
      'UR  - https://example.org/x',
      'Y2  - 2024/03/07/',
      'N1  - n',
      'ER  - ',
      '',
    ]);
  });
});
