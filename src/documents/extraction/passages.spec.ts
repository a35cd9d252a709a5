import { splitPassages } from './passages';

describe('splitPassages', () => {
  const words = (n: number, prefix = 'w') => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');

  it('never crosses a page and keeps the page number', () => {
    const passages = splitPassages([
      { page: 1, headings: [], text: words(10, 'a') },
      { page: 2, headings: [], text: words(10, 'b') },
    ]);
    expect(passages.map((p) => [p.seq, p.page, p.text.split(' ')[0]])).toEqual([
      [0, 1, 'a0'],
      [1, 2, 'b0'],
    ]);
  });

  it('caps passages at maxWords without cutting a word, and loses no word', () => {
    const text = words(1000);
    const passages = splitPassages([{ page: 3, headings: [], text }], { targetWords: 100, maxWords: 150 });
    expect(passages.length).toBeGreaterThan(5);
    for (const p of passages) expect(p.text.split(/\s+/).length).toBeLessThanOrEqual(150);
    expect(
      passages
        .map((p) => p.text)
        .join(' ')
        .split(/\s+/),
    ).toEqual(text.split(' '));
  });

  it('keeps paragraphs whole where they fit and mends words hyphenated across lines', () => {
    const passages = splitPassages([{ page: null, headings: ['Monitoring', 'Indicators'], text: `The council moni-\ntors the plan.\n\nA second\nparagraph.` }]);
    expect(passages).toEqual([{ seq: 0, page: null, sectionPath: 'Monitoring › Indicators', text: 'The council monitors the plan.\nA second paragraph.', ocrConfidence: null }]);
  });

  it('skips empty units', () => {
    expect(splitPassages([{ page: 1, headings: [], text: ' \n\n ' }])).toEqual([]);
  });
});
