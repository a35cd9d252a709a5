import { readFile } from 'node:fs/promises';
import type { ChildNode } from 'domhandler';
import type { convert } from 'html-to-text';
import type { TextUnit } from '../extraction/passages';
import type { FileFormat } from './file-format';
import { decodeText } from './text-decoding';

/** An HTML page: sections by its headings (DOCX is read through the same, after mammoth). */
export const HTML_FORMAT: FileFormat = {
  id: 'html',
  mediaType: 'text/html',
  name: 'HTML',
  recognise: (probe) => !!probe.head && /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(probe.head),
  extract: async (path) => ({ extractor: 'html-to-text', pageCount: null, units: htmlSections(decodeText(await readFile(path), true)) }),
};

interface HtmlLibraries {
  render: typeof import('dom-serializer').default;
  parseDocument: typeof import('htmlparser2').parseDocument;
  htmlToText: typeof convert;
}
let libraries: HtmlLibraries | undefined;

/**
 * The HTML libraries, loaded on first use: the extraction process starts for every file and reads
 * mostly PDFs, and these take ~60 ms to load (measured), a quarter of its start-up.
 */
function html(): HtmlLibraries {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above) */
  libraries ??= {
    render: (require('dom-serializer') as typeof import('dom-serializer')).default,
    parseDocument: (require('htmlparser2') as typeof import('htmlparser2')).parseDocument,
    htmlToText: (require('html-to-text') as typeof import('html-to-text')).convert,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return libraries;
}

const HTML_TO_TEXT: Parameters<typeof convert>[1] = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...[1, 2, 3, 4, 5, 6].map((n) => ({ selector: `h${n}`, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'nav', 'svg', 'iframe', 'object']);
const HEADING = /^h([1-6])$/;

/** Sections of an HTML page: each heading (h1–h6) starts one, with the path of headings above it. */
export function htmlSections(source: string): TextUnit[] {
  const { render, parseDocument, htmlToText } = html();
  const document = parseDocument(source, { decodeEntities: true });
  const sections: { headings: string[]; nodes: ChildNode[] }[] = [{ headings: [], nodes: [] }];
  const path: string[] = [];
  const hasHeading = (node: ChildNode): boolean => node.type === 'tag' && (node.children ?? []).some((c) => (c.type === 'tag' && HEADING.test(c.name)) || hasHeading(c));
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
        const element = node;
        if (SKIPPED_TAGS.has(element.name)) continue;
        const level = HEADING.exec(element.name);
        if (level) {
          const title = htmlToText(render(element), HTML_TO_TEXT).replace(/\s+/g, ' ').trim();
          const depth = Number(level[1]);
          path.splice(depth - 1);
          while (path.length < depth - 1) path.push('');
          path.push(title);
          sections.push({ headings: path.filter(Boolean), nodes: [] });
          continue;
        }
        if (hasHeading(element)) {
          walk(element.children);
          continue;
        }
      }
      if (node.type === 'comment' || node.type === 'directive') continue;
      sections[sections.length - 1].nodes.push(node);
    }
  };
  walk(document.children);
  return sections
    .map((section) => ({
      page: null,
      headings: section.headings,
      text: htmlToText(render(section.nodes), HTML_TO_TEXT).trim(),
    }))
    .filter((unit) => unit.text);
}
