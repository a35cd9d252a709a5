import { ExtractionFailure } from '../extraction/extraction-failure';
import type { ExtractedText, FileFormat } from './file-format';
import { htmlSections } from './html.format';
import { openVerifiedZip } from './verified-zip';

export const DOCX_FORMAT: FileFormat = {
  id: 'docx',
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  name: 'DOCX',
  recognise: async (probe) => {
    if (!probe.isZip || probe.odfMimeType) return false;
    const parts = await probe.zipParts();
    if (parts) return parts.found.has('word/document.xml');
    // A damaged DOCX still says what it is near its start: the first entries name its parts.
    const names = probe.sample.toString('latin1');
    return names.includes('word/') || names.includes('[Content_Types].xml');
  },
  extract: (path) => extractDocx(path),
};

async function extractDocx(path: string): Promise<ExtractedText> {
  const archive = await openVerifiedZip(path, 'DOCX file');
  let documentXml: Buffer;
  try {
    documentXml = await archive.read('word/document.xml', 'DOCX file');
  } finally {
    archive.close();
  }
  if (documentXml.includes('EncryptedPackage')) throw new ExtractionFailure('The DOCX file is encrypted (password-protected); upload a copy without a password.');
  const mammoth = await import('mammoth');
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ path })).value;
  } catch (error) {
    throw new ExtractionFailure(`The DOCX file is damaged and could not be read (${(error as Error).message}).`);
  }
  return { extractor: 'mammoth', pageCount: null, units: htmlSections(html) };
}
