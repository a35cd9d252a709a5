import { analyse, arabicMarker, detectQueryLanguage } from './text-analysis';

describe('text analysis for search', () => {
  it('stems, drops stop words and folds accents per language', () => {
    expect(analyse('nobody may be tortured', 'en')).toBe('nobodi tortur');
    expect(analyse('No one shall be subjected to torture', 'en')).toBe('no one subject tortur');
    expect(analyse('derecho a la educación', 'es')).toBe(analyse('Toda persona tiene derecho a la educación', 'es').split(' ').slice(-2).join(' '));
  });

  it('folds French elisions with a straight or a typographic apostrophe', () => {
    expect(analyse("droit à l'éducation", 'fr')).toBe('droit educ');
    expect(analyse('droit à l’éducation', 'fr')).toBe('droit educ');
    expect(analyse('l’ÉDUCATION', 'fr')).toBe('educ');
  });

  it('normalises Arabic letters, diacritics and attached prefixes', () => {
    const torture = analyse('التعذيب', 'ar');
    for (const form of ['للتعذيب', 'والتعذيب', 'بالتعذيب', 'تعذيب', 'التَّعْذِيب']) expect(analyse(form, 'ar')).toBe(torture);
    expect(analyse('في', 'ar')).toBe('');
  });

  it('marks Arabic words that match the normalised query however they are prefixed', () => {
    const mark = arabicMarker(analyse('التعذيب', 'ar'), '[', ']')!;
    expect(mark('لا يعرض أي إنسان للتعذيب ولا للعقوبات')).toBe('لا يعرض أي إنسان [للتعذيب] ولا للعقوبات');
    expect(mark('no Arabic here')).toBe('no Arabic here');
    expect(arabicMarker(analyse('torture', 'en'), '[', ']')).toBeNull();
  });

  it('keeps negations that stop-word lists would drop', () => {
    expect(analyse('not', 'en')).toBe('not');
    expect(analyse('ne pas', 'fr')).toBe('ne pas');
  });

  it('tells a query’s language from its words, letters and script, else takes the hint', () => {
    expect(detectQueryLanguage('التعذيب')).toBe('ar');
    expect(detectQueryLanguage("droit à l'éducation")).toBe('fr');
    expect(detectQueryLanguage('derecho a la educación')).toBe('es');
    expect(detectQueryLanguage('participação cidadã')).toBe('pt');
    expect(detectQueryLanguage('Recht auf Bildung für alle')).toBe('de');
    expect(detectQueryLanguage('the right to education')).toBe('en');
    expect(detectQueryLanguage('ombudsperson', 'fr')).toBe('fr');
    expect(detectQueryLanguage('ombudsperson')).toBeNull();
  });
});
