import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { makeDocx, makeOdt, makePdf, makeZip } from '../../test/fixtures/sample-documents';
import { acceptedFormats } from './formats/registry';
import { detectMediaType } from './media-type';
import { contentDisposition } from './documents.controller';

describe('detectMediaType (from the bytes, never the name)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-media-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const detect = async (bytes: Buffer) => {
    const path = join(dir, `f${Math.random()}`);
    writeFileSync(path, bytes);
    return detectMediaType(path);
  };

  it('recognises each accepted format', async () => {
    expect(await detect(await makePdf(['x']))).toMatchObject({ format: 'pdf' });
    expect(await detect(await makeDocx([{ heading: 'h', paragraphs: ['p'] }]))).toMatchObject({ format: 'docx' });
    expect(await detect(await makeOdt([{ heading: 'h', paragraphs: ['p'] }]))).toMatchObject({ format: 'odt' });
    expect(await detect(Buffer.from('\n<!DOCTYPE html><html><body>x</body></html>'))).toMatchObject({ format: 'html' });
    expect(await detect(Buffer.from('# Title\n\nSome *text*.'))).toMatchObject({ format: 'markdown' });
    expect(await detect(Buffer.from('Plain words only.'))).toMatchObject({ format: 'text' });
    expect(await detect(iconv.encode('Égalité à l’école', 'windows-1252'))).toMatchObject({ format: 'text' });
    expect(await detect(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('texte', 'utf-16le')]))).toMatchObject({ format: 'text' });
  });

  it('names what it refuses', async () => {
    expect(await detect(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 3, 0, 0, 0]))).toEqual({ supported: false, detected: 'a Windows executable (MZ)' });
    expect(await detect(await makeZip([{ name: 'xl/workbook.xml', data: '<x/>' }]))).toEqual({ supported: false, detected: 'an Excel workbook (XLSX)' });
    expect(await detect(Buffer.from([0, 1, 2, 3, 0, 0, 9, 8]))).toEqual({ supported: false, detected: 'binary data of an unknown format' });
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name, with nothing that can break the header', () => {
    expect(contentDisposition('attachment', 'plan d’action "2024";.pdf')).toBe(
      `attachment; filename="plan d_action _2024__.pdf"; filename*=UTF-8''plan%20d%E2%80%99action%20%222024%22%3B.pdf`,
    );
  });
});

describe('acceptedFormats', () => {
  it('names every format of the registry, in its order, as a list in the language asked for', () => {
    expect(acceptedFormats('fr', 'texte brut')).toBe('PDF, DOC (Word 97–2003), DOCX, ODT, RTF, PNG, JPEG, TIFF, HTML, Markdown et texte brut');
    expect(acceptedFormats('ar', 'النص العادي')).toBe('PDF وDOC (Word 97–2003) وDOCX وODT وRTF وPNG وJPEG وTIFF وHTML وMarkdown والنص العادي');
    expect(acceptedFormats('en', 'plain text')).toMatch(/^PDF, DOC \(Word 97–2003\), DOCX, ODT, RTF, PNG, JPEG, TIFF, HTML, Markdown,? and plain text$/);
  });
});
