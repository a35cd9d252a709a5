import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { makeDocx, makeOdt, makePdf } from '../../../test/fixtures/sample-documents';
import { ExtractionFailure } from '../extraction/extraction-failure';
import { extract } from '../extraction/extractors';
import { runExtraction } from '../extraction/extraction-runner';
import { detectMediaType } from '../media-type';
import type { ExtractionOptions } from './file-format';
import { PDF_FORMAT } from './pdf.format';
import { assertReadable } from './readability';
import { FILE_FORMATS, formatById, formatOfMediaType } from './registry';

const OPTIONS: ExtractionOptions = { pdfExtractors: ['pdfjs'], timeoutMs: 30000, memoryMb: 256, ocr: null };
const SECTIONS = [
  { heading: 'Participation', body: 'Residents take part in every step of the plan.' },
  { heading: 'Monitoring', body: 'An annual report follows each measure of the plan.' },
];
const DOCUMENT_SECTIONS = SECTIONS.map((s) => ({ heading: s.heading, level: 2, paragraphs: [s.body] }));

/** Each format of the registry, on a small generated file: recognised from its bytes, then extracted with its headings. */
describe('file formats (one per file, one registry)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-formats-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('has one entry per id and per media type, each named or the plain text', () => {
    expect(new Set(FILE_FORMATS.map((f) => f.id)).size).toBe(FILE_FORMATS.length);
    expect(new Set(FILE_FORMATS.map((f) => f.mediaType)).size).toBe(FILE_FORMATS.length);
    for (const f of FILE_FORMATS) expect(formatOfMediaType(f.mediaType)).toBe(f);
    expect(FILE_FORMATS.filter((f) => f.name === null).map((f) => f.id)).toEqual(['text']);
  });

  it.each([
    ['docx', () => makeDocx(DOCUMENT_SECTIONS)],
    ['odt', () => makeOdt(DOCUMENT_SECTIONS)],
    ['html', async () => Buffer.from(`<!doctype html><html><body>${SECTIONS.map((s) => `<h2>${s.heading}</h2><p>${s.body}</p>`).join('')}</body></html>`)],
    ['markdown', async () => Buffer.from(SECTIONS.map((s) => `## ${s.heading}\n\n${s.body}\n`).join('\n'))],
  ])('%s: recognised from its bytes (named .bin) and extracted section by section', async (id, make) => {
    const path = file(`${id}.bin`, await make());
    expect(await detectMediaType(path)).toEqual({ supported: true, format: id, mediaType: formatById(id)!.mediaType });
    const result = await extract(path, id, OPTIONS);
    expect(result.units.map((u) => [u.headings.at(-1), u.text])).toEqual(SECTIONS.map((s) => [s.heading, s.body]));
    expect(result.pageCount).toBeNull();
  });

  it('text: any encoding, decoded (here Windows-1252)', async () => {
    const path = file('latin.txt', iconv.encode('Le droit à l’éducation et à la santé pour toutes et tous.', 'windows-1252'));
    expect(await detectMediaType(path)).toMatchObject({ supported: true, format: 'text' });
    expect((await extract(path, 'text', OPTIONS)).units[0].text).toBe('Le droit à l’éducation et à la santé pour toutes et tous.');
  });

  // Single-byte encodings of the field's other scripts and regions: each decoded as written, never called unreadable.
  const RUSSIAN = 'Права человека в городе: участие жителей в подготовке плана действий и ежегодный отчёт омбудсмена.';
  const POLISH = 'Prawa człowieka w mieście: udział mieszkańców w przygotowaniu planu działania i roczne sprawozdanie rzecznika.';
  it.each([
    ['cp866', RUSSIAN],
    ['koi8-r', RUSSIAN],
    ['windows-1251', RUSSIAN],
    ['iso-8859-5', RUSSIAN],
    ['windows-1253', 'Τα ανθρώπινα δικαιώματα στην πόλη: συμμετοχή των κατοίκων στο σχέδιο δράσης και ετήσια έκθεση του συνηγόρου.'],
    ['windows-1254', 'Kentte insan hakları: eylem planının hazırlanmasına sakinlerin katılımı ve kamu denetçisinin yıllık raporu.'],
    ['iso-8859-9', 'Kentte insan hakları: eylem planının hazırlanmasına sakinlerin katılımı ve kamu denetçisinin yıllık raporu.'],
    ['windows-1250', POLISH],
    ['iso-8859-2', POLISH],
    ['windows-1250', 'Lidská práva ve městě: účast obyvatel na přípravě akčního plánu a každoroční zpráva ombudsmana.'],
    ['windows-1252', 'Les droits humains dans la ville : participation des habitants au plan d’action et rapport annuel du médiateur.'],
  ])('text in %s: decoded as written', async (encoding, text) => {
    const path = file(`${encoding}.txt`, iconv.encode(text, encoding));
    expect(await detectMediaType(path)).toMatchObject({ supported: true, format: 'text' });
    expect((await extract(path, 'text', OPTIONS)).units[0].text).toBe(text);
  });

  it('pdf: recognised, and its own words when there is no text layer', async () => {
    expect(await detectMediaType(file('plan.bin', await makePdf(['A page about water.'])))).toMatchObject({ supported: true, format: 'pdf' });
    expect(() => assertReadable({ extractor: 'pdfjs', pageCount: 3, units: [] }, PDF_FORMAT)).toThrow(/no text layer \(3 page\(s\) of images only/);
    expect(() => assertReadable({ extractor: 'text', pageCount: null, units: [] }, formatById('text')!)).toThrow('The file contains no text.');
  });

  // Committed files (test/fixtures/documents, README there): each format's extractor on bytes that do not change with our generators.
  const FIXTURES = join(__dirname, '../../../test/fixtures/documents');
  const PARTICIPATION = 'Residents take part in every step of the plan.';
  const SUIVI = 'Un rapport annuel suit chaque mesure du plan d’action.';
  it.each<[string, string, (number | null)[], string[][], string[]]>([
    ['plan.docx', 'docx', [null, null], [['Participation'], ['Suivi']], [PARTICIPATION, SUIVI]],
    ['plan.odt', 'odt', [null, null], [['Participation'], ['Suivi']], [PARTICIPATION, SUIVI]],
    // navigation, scripts and styles are not text of the document
    ['plan.html', 'html', [null, null], [['Participation'], ['Suivi']], [PARTICIPATION, SUIVI]],
    // headings nest; emphasis and links keep their words
    [
      'plan.md',
      'markdown',
      [null, null],
      [
        ['Plan', 'Participation'],
        ['Plan', 'Suivi'],
      ],
      [PARTICIPATION, SUIVI],
    ],
    ['plan-windows-1252.txt', 'text', [null], [[]], ['Le droit à l’éducation et à la santé pour toutes et tous.']],
    ['plan-utf16le.txt', 'text', [null], [[]], ['حق التعليم للجميع في المدينة.']],
  ])('fixture %s: recognised as %s and extracted', async (name, id, pages, headings, texts) => {
    const path = join(FIXTURES, name);
    expect(await detectMediaType(path)).toMatchObject({ supported: true, format: id });
    const result = await extract(path, id, OPTIONS);
    expect(result.units.map((u) => u.page)).toEqual(pages);
    expect(result.units.map((u) => u.headings)).toEqual(headings);
    expect(result.units.map((u) => u.text.trim())).toEqual(texts);
    expect(result.pageCount).toBeNull();
  });

  it.each([
    ['plan.doc', 'doc', 'word-extractor'],
    ['plan.rtf', 'rtf', 'rtf'],
  ])('fixture %s (saved by LibreOffice): recognised as %s and its paragraphs extracted', async (name, id, extractor) => {
    const path = join(FIXTURES, name);
    expect(await detectMediaType(path)).toMatchObject({ supported: true, format: id });
    const result = await extract(path, id, OPTIONS);
    expect(result).toMatchObject({ extractor, pageCount: null });
    expect(
      result.units[0].text
        .split(/\n\n+/)
        .map((p) => p.trim().replace(/[’']/g, '’'))
        .filter(Boolean),
    ).toEqual(['Participation', PARTICIPATION, 'Suivi', SUIVI]);
  });

  it('rtf: code-page bytes (\\ansicpg1251), \\u characters with their fallback skipped, tables of fonts and styles left out', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}{\\stylesheet{\\s1 Heading 1;}}{\\*\\generator Writer;}\\pard\\plain '),
      Buffer.from(
        iconv.encode('Права человека', 'windows-1251').reduce((out, b) => out + `\\'${b.toString(16).padStart(2, '0')}`, ''),
        'latin1',
      ),
      Buffer.from('\\par \\uc1\\u1091?\\u1095?\\u1072?\\u1089?\\u1090?\\u1080?\\u1077? \\{1\\}\\par}'),
    ]);
    const path = file('cyrillic.rtf', bytes);
    expect(await detectMediaType(path)).toMatchObject({ supported: true, format: 'rtf' });
    expect((await extract(path, 'rtf', OPTIONS)).units[0].text).toBe('Права человека\n\nучастие {1}');
  });

  it('fixture plan.pdf: recognised as pdf and extracted page by page (pdf.js is an ES module: through the extraction child)', async () => {
    const path = join(FIXTURES, 'plan.pdf');
    expect(await detectMediaType(path)).toMatchObject({ supported: true, format: 'pdf' });
    const reply = await runExtraction({ path, format: 'pdf', options: OPTIONS }, OPTIONS);
    expect(reply).toMatchObject({ ok: true, extractor: 'pdfjs', pageCount: 2 });
    if (reply.ok)
      expect(reply.passages.map((p) => [p.page, p.text])).toEqual([
        [1, 'Page one: residents take part in every step of the plan.'],
        [2, 'Page deux : un rapport annuel suit chaque mesure.'],
      ]);
  });

  it('an unknown format id is a failure with its reason, not a crash', async () => {
    await expect(extract(file('x.txt', 'hello there'), 'tex', OPTIONS)).rejects.toThrow(ExtractionFailure);
  });
});
