import { analyse, analyseQuery, detectQueryLanguage, termMarker } from './text-analysis';
import { INDEX_SETTINGS } from './index-settings';

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
    const mark = termMarker([analyse('التعذيب', 'ar')], '[', ']')!;
    expect(mark('لا يعرض أي إنسان للتعذيب ولا للعقوبات', 'ar')).toBe('لا يعرض أي إنسان [للتعذيب] ولا للعقوبات');
    expect(mark('no Arabic here', 'en')).toBe('no Arabic here');
    expect(termMarker([], '[', ']')).toBeNull();
  });

  it('marks words matched by their stem in the text’s language, never stop words', () => {
    const mark = termMarker(['monitor', 'suivi', 'de'], '[', ']')!;
    expect(mark('The council monitored it', 'en')).toBe('The council [monitored] it');
    expect(mark('Le suivi de la ville, le mois suivant', 'fr')).toBe('Le [suivi] de la ville, le mois suivant');
  });

  it('keeps key terms of one word as written in a query, so that their synonyms do not reach words sharing their stem', () => {
    expect(analyse('suivi', 'fr')).toBe(analyse('suivant', 'fr'));
    expect(analyseQuery('indicateurs de suivi', 'fr')).toBe('indicateurs suivi');
    expect(analyseQuery('le suivant', 'fr')).toBe(analyse('suivant', 'fr'));
    const synonyms = INDEX_SETTINGS.synonyms;
    expect(synonyms.monitoring).toEqual(expect.arrayContaining(['suivi', 'seguimiento', 'monitor']));
    expect(synonyms.monitoring).not.toContain(analyse('suivi', 'fr'));
    expect(synonyms[analyse('suivant', 'fr')]).toBeUndefined();
    expect(synonyms.suivi).toContain(analyse('suivi', 'fr')); // its own inflections (suivis)
    expect(synonyms[analyseQuery('human rights defenders', 'en')]).toContain('defensores de derechos humanos');
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
