import { readFile } from 'node:fs/promises';
import type { TextUnit } from '../extraction/passages';
import type { FileFormat } from './file-format';
import { decodeText } from './text-decoding';

export const MARKDOWN_FORMAT: FileFormat = {
  id: 'markdown',
  mediaType: 'text/markdown',
  name: 'Markdown',
  recognise: (probe) => probe.text !== null && !probe.isXml && looksLikeMarkdown(probe.text),
  extract: async (path) => ({ extractor: 'markdown', pageCount: null, units: markdownSections(decodeText(await readFile(path))) }),
};

function looksLikeMarkdown(text: string): boolean {
  const headings = (text.match(/^#{1,6}\s+\S/gm) ?? []).length;
  const links = (text.match(/\[[^\]\n]+\]\([^)\s]+\)/g) ?? []).length;
  const emphasis = (text.match(/(\*\*|__)[^*_\n]+\1/g) ?? []).length;
  return headings >= 1 || links + emphasis >= 2;
}

/** Sections of a Markdown file by its ATX headings, with the markup taken out. */
function markdownSections(markdown: string): TextUnit[] {
  const units: TextUnit[] = [];
  const path: string[] = [];
  let lines: string[] = [];
  let fenced = false;
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) units.push({ page: null, headings: path.filter(Boolean), text });
    lines = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    const heading = fenced ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const depth = heading[1].length;
      path.splice(depth - 1);
      while (path.length < depth - 1) path.push('');
      path.push(stripMarkdown(heading[2]));
      continue;
    }
    lines.push(fenced ? line : stripMarkdown(line));
  }
  flush();
  return units;
}

function stripMarkdown(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}>\s?/, '')
    .replace(/^\s*([-*+]|\d+[.)])\s+/, '')
    .replace(/(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1/g, '$2');
}
