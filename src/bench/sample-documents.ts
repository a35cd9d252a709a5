/**
 * Real files of every accepted format, built from given text: test fixtures, benchmark input and the
 * seed collection's generated PDFs. (Development-only dependencies: pdf-lib, yazl.)
 */
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';
import { deflateSync } from 'node:zlib';
import * as yazl from 'yazl';

/** A PDF with one text page per entry (long text is wrapped; Latin-1 characters only, as the standard fonts allow). */
export async function makePdf(pages: string[], options: { title?: string } = {}): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  if (options.title) pdf.setTitle(options.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([595, 842]);
    let y = 800;
    for (const line of wrap(text, 95)) {
      if (y < 40) break;
      page.drawText(line, { x: 40, y, size: 10, font });
      y -= 13;
    }
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** A PDF whose pages carry only drawings: what a scanner produces, without a text layer. */
export async function makeScannedPdf(pageCount: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pageCount; i++) {
    const page = pdf.addPage([595, 842]);
    for (let line = 0; line < 40; line++) page.drawRectangle({ x: 40, y: 780 - line * 18, width: 300 + ((line * 37) % 200), height: 8, opacity: 0.7 });
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** A PDF protected by a user password (standard security handler, RC4 40-bit): readers must ask for it. */
export async function makeEncryptedPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  const id = PDFHexString.of('0123456789abcdef0123456789abcdef');
  pdf.context.trailerInfo.ID = pdf.context.obj([id, id]);
  pdf.context.trailerInfo.Encrypt = pdf.context.register(
    pdf.context.obj({
      Filter: PDFName.of('Standard'),
      V: 1,
      R: 2,
      Length: 40,
      P: -44,
      O: PDFHexString.of('7a1c3e5f9b2d4f6a8c0e1f3a5b7c9d0e2f4a6b8c0d1e3f5a7b9c0d2e4f6a8b0c'),
      U: PDFHexString.of('1f2e3d4c5b6a79880706f5e4d3c2b1a00f1e2d3c4b5a69788796a5b4c3d2e1f0'),
    }),
  );
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** Builds a ZIP from named entries (optionally stored uncompressed, as ODF's mimetype must be). */
export function makeZip(entries: { name: string; data: Buffer | string; store?: boolean }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8'), entry.name, { compress: !entry.store });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface Section {
  heading: string;
  level?: number;
  paragraphs: string[];
}

/** A Word document (DOCX) with headings styled "heading N", as Word writes them. */
export function makeDocx(sections: Section[]): Promise<Buffer> {
  const body = sections
    .map(
      (s) =>
        `<w:p><w:pPr><w:pStyle w:val="Heading${s.level ?? 1}"/></w:pPr><w:r><w:t>${xmlEscape(s.heading)}</w:t></w:r></w:p>` +
        s.paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`).join(''),
    )
    .join('');
  const styles = [1, 2, 3].map((n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/></w:style>`).join('');
  return makeZip([
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    },
    {
      name: 'word/_rels/document.xml.rels',
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    },
    {
      name: 'word/styles.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${styles}</w:styles>`,
    },
    {
      name: 'word/document.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    },
  ]);
}

/** An OpenDocument text (ODT) with outline headings. */
export function makeOdt(sections: Section[]): Promise<Buffer> {
  const body = sections
    .map((s) => `<text:h text:outline-level="${s.level ?? 1}">${xmlEscape(s.heading)}</text:h>` + s.paragraphs.map((p) => `<text:p>${xmlEscape(p)}</text:p>`).join(''))
    .join('');
  return makeZip([
    { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
    {
      name: 'META-INF/manifest.xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
    },
    {
      name: 'content.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>${body}</office:text></office:body></office:document-content>`,
    },
  ]);
}

/** A DOCX whose document part inflates to `megabytes` MB from a few hundred KB: a zip bomb. */
export function makeZipBombDocx(megabytes = 150): Promise<Buffer> {
  return makeZip([
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: 'word/document.xml', data: Buffer.alloc(megabytes * 1024 * 1024, 0x20) },
  ]);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * A one-page PDF whose content stream inflates to `megabytes` MB of text operators: a few hundred KB
 * on disk that keeps a PDF reader busy for seconds to minutes (about 0.6 s per MB for pdftotext here).
 */
export function makeSlowPdf(megabytes: number): Buffer {
  const operator = Buffer.from('BT /F1 12 Tf 72 720 Td (slow slow slow slow) Tj ET\n');
  const inflated = Buffer.alloc(megabytes * 1024 * 1024, 0x20);
  for (let at = 0; at + operator.length <= inflated.length; at += operator.length) operator.copy(inflated, at);
  const content = deflateSync(inflated, { level: 9 });
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`), content, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
  ];
  const parts = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((body, i) => {
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.push(length);
    parts.push(object);
    length += object.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(xref)]);
}
