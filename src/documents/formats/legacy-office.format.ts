import { ExtractionFailure } from '../extraction/extraction-failure';
import type { FileFormat } from './file-format';
import { oleSummary } from './ole-container';

const ENCRYPTED = 'The file is encrypted (password-protected); upload a copy without a password.';

/** Word 97–2003 documents (.doc): an OLE compound file holding a `WordDocument` stream. */
export const DOC_FORMAT: FileFormat = {
  id: 'doc',
  mediaType: 'application/msword',
  name: 'DOC (Word 97–2003)',
  recognise: async (probe) => !!(await probe.ole())?.streams.has('WordDocument'),
  extract: async (path) => {
    if ((await oleSummary(path))?.wordEncrypted) throw new ExtractionFailure(ENCRYPTED.replace('The file', 'The Word document'));
    const { default: WordExtractor } = await import('word-extractor');
    let text: string;
    try {
      const document = await new WordExtractor().extract(path);
      text = [document.getBody(), document.getFootnotes(), document.getEndnotes()].filter((t) => t.trim()).join('\n\n');
    } catch (error) {
      throw new ExtractionFailure(`The Word document (.doc) is damaged and could not be read (${(error as Error).message}).`);
    }
    // Word marks paragraphs with line breaks; blank lines separate them for the passage splitter.
    return { extractor: 'word-extractor', pageCount: null, units: [{ page: null, headings: [], text: text.replace(/\r\n?|\n/g, '\n\n') }] };
  },
};

/**
 * A password-protected DOCX, XLSX or PPTX: Office wraps the encrypted package in an OLE compound file
 * (`EncryptionInfo` + `EncryptedPackage`, MS-OFFCRYPTO). Recognised so that it fails saying so,
 * rather than being taken for a legacy Office file.
 */
export const ENCRYPTED_OFFICE_FORMAT: FileFormat = {
  id: 'encrypted-office',
  mediaType: 'application/x-encrypted-office',
  name: 'encrypted Office document',
  accepted: false,
  recognise: async (probe) => !!(await probe.ole())?.streams.has('EncryptedPackage'),
  extract: () => Promise.reject(new ExtractionFailure(ENCRYPTED.replace('The file', 'The Office document'))),
};
