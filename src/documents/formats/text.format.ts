import { readFile } from 'node:fs/promises';
import type { FileFormat } from './file-format';
import { decodeText } from './text-decoding';

/** Plain text in any encoding: the last text format asked, so anything more specific wins. */
export const TEXT_FORMAT: FileFormat = {
  id: 'text',
  mediaType: 'text/plain',
  name: null,
  recognise: (probe) => probe.text !== null && !probe.isXml,
  extract: async (path) => ({ extractor: 'text', pageCount: null, units: [{ page: null, headings: [], text: decodeText(await readFile(path)) }] }),
};
