import * as sax from 'sax';
import { ExtractionFailure } from '../extraction/extraction-failure';
import type { TextUnit } from '../extraction/passages';
import type { ExtractedText, FileFormat } from './file-format';
import { openVerifiedZip } from './verified-zip';

export const ODT_FORMAT: FileFormat = {
  id: 'odt',
  mediaType: 'application/vnd.oasis.opendocument.text',
  name: 'ODT',
  recognise: async (probe) => {
    if (!probe.isZip) return false;
    if (probe.odfMimeType) return probe.odfMimeType.startsWith('application/vnd.oasis.opendocument.text');
    const parts = await probe.zipParts();
    // An OOXML package is never ODT, whatever else it holds.
    return (
      !!parts &&
      !parts.found.has('word/document.xml') &&
      !parts.found.has('xl/workbook.xml') &&
      !parts.found.has('ppt/presentation.xml') &&
      parts.found.has('content.xml') &&
      parts.found.has('META-INF/manifest.xml')
    );
  },
  extract: (path) => extractOdt(path),
};

async function extractOdt(path: string): Promise<ExtractedText> {
  const archive = await openVerifiedZip(path, 'ODT file');
  let content: Buffer;
  try {
    if (archive.has('META-INF/manifest.xml') && (await archive.read('META-INF/manifest.xml', 'ODT file')).includes('manifest:encryption-data')) {
      throw new ExtractionFailure('The ODT file is encrypted (password-protected); upload a copy without a password.');
    }
    content = await archive.read('content.xml', 'ODT file');
  } finally {
    archive.close();
  }
  return { extractor: 'odt-content-xml', pageCount: null, units: odtSections(content.toString('utf8')) };
}

/** Sections of an ODF text document: text:h starts a section at its outline level; paragraphs, lists and tables fill it. */
function odtSections(xml: string): TextUnit[] {
  const units: TextUnit[] = [];
  const headings: string[] = [];
  let body: string[] = [];
  let paragraph: string | null = null;
  let heading: { level: number; text: string } | null = null;
  let skipDepth = 0;
  const flush = () => {
    const text = body.join('\n\n').trim();
    if (text) units.push({ page: null, headings: [...headings], text });
    body = [];
  };
  const append = (s: string) => {
    if (heading) heading.text += s;
    else if (paragraph !== null) paragraph += s;
  };
  const parser = sax.parser(true, { trim: false, normalize: false });
  parser.onerror = (error) => {
    throw new ExtractionFailure(`The ODT file's content is not well-formed XML (${error.message.split('\n')[0]}).`);
  };
  parser.onopentag = (node) => {
    if (skipDepth) {
      skipDepth++;
      return;
    }
    switch (node.name) {
      case 'text:tracked-changes':
      case 'office:annotation':
      case 'text:note-citation':
        skipDepth = 1;
        return;
      case 'text:h':
        heading = { level: Number(node.attributes['text:outline-level'] ?? 1) || 1, text: '' };
        return;
      case 'text:p':
        if (!heading) paragraph = paragraph ?? '';
        return;
      case 'text:s':
        append(' '.repeat(Math.min(Number(node.attributes['text:c'] ?? 1) || 1, 100)));
        return;
      case 'text:tab':
        append('\t');
        return;
      case 'text:line-break':
        append('\n');
        return;
    }
  };
  parser.onclosetag = (name) => {
    if (skipDepth) {
      skipDepth--;
      return;
    }
    if (name === 'text:h' && heading) {
      flush();
      headings.splice(heading.level - 1);
      while (headings.length < heading.level - 1) headings.push('');
      headings.push(heading.text.replace(/\s+/g, ' ').trim());
      heading = null;
    } else if (name === 'text:p' && paragraph !== null && !heading) {
      if (paragraph.trim()) body.push(paragraph.trim());
      paragraph = null;
    }
  };
  parser.ontext = (text) => {
    if (!skipDepth) append(text);
  };
  parser.write(xml).close();
  flush();
  return units.map((u) => ({ ...u, headings: u.headings.filter(Boolean) }));
}
