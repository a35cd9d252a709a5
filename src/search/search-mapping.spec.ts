import { markedHtml } from './search.service';

// The engine's highlight markers (search.service.ts): characters that cannot occur in text.
const PRE = '\u0002';
const POST = '\u0003';

describe('markedHtml (search hits as HTML)', () => {
  it('widens a mark to the whole word the engine found part of (stems, typos)', () => {
    expect(markedHtml(`the right to ${PRE}educ${POST}ation for all`)).toBe('the right to <mark>education</mark> for all');
    expect(markedHtml(`droit à ${PRE}l’éduc${POST}ation`)).toBe('droit à <mark>l’éducation</mark>');
  });

  it('escapes the text around and inside the marks, so a record cannot inject markup', () => {
    expect(markedHtml(`<script>alert(1)</script> ${PRE}water${POST} & "sanitation"`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt; <mark>water</mark> &amp; &quot;sanitation&quot;');
  });

  it('marks several words, Arabic and accented letters included, and leaves unmarked text alone', () => {
    expect(markedHtml(`${PRE}التعليم${POST} حق ${PRE}للجم${POST}يع`)).toBe('<mark>التعليم</mark> حق <mark>للجميع</mark>');
    expect(markedHtml('no marks here')).toBe('no marks here');
    expect(markedHtml(null)).toBe('');
  });
});
