import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chardet from 'chardet';
import render from 'dom-serializer';
import type { ChildNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { convert as htmlToText } from 'html-to-text';
import * as iconv from 'iconv-lite';
import * as sax from 'sax';
import { stripControls } from '../../common/text';
import type { DocumentFormat } from '../media-type';
import { esmImport } from './esm-import';
import { ExtractionFailure } from './extraction-failure';
import { TextUnit } from './passages';
import { DEFAULT_ZIP_LIMITS, ZipArchive } from './zip-archive';

export type PdfExtractorName = 'pdftotext' | 'pdfjs';

export interface ExtractionOptions {
  /** PDF extractors to try, in order (the next is the fallback when one fails). */
  pdfExtractors: PdfExtractorName[];
  timeoutMs: number;
  memoryMb: number;
}

export interface ExtractedText {
  extractor: string;
  pageCount: number | null;
  units: TextUnit[];
}

export async function extract(path: string, format: DocumentFormat, options: ExtractionOptions): Promise<ExtractedText> {
  const result = await extractRaw(path, format, options);
  // Ligatures, full-width forms and compatibility characters become what people type.
  for (const unit of result.units) {
    unit.text = stripControls(unit.text.normalize('NFKC'));
    unit.headings = unit.headings.map((h) => stripControls(h.normalize('NFKC')));
  }
  assertReadable(result, format);
  return result;
}

function extractRaw(path: string, format: DocumentFormat, options: ExtractionOptions): Promise<ExtractedText> {
  switch (format) {
    case 'pdf':
      return extractPdf(path, options);
    case 'docx':
      return extractDocx(path);
    case 'odt':
      return extractOdt(path);
    case 'html':
      return readFile(path).then((bytes) => ({ extractor: 'html-to-text', pageCount: null, units: htmlSections(decodeText(bytes, true)) }));
    case 'markdown':
      return readFile(path).then((bytes) => ({ extractor: 'markdown', pageCount: null, units: markdownSections(decodeText(bytes)) }));
    case 'text':
      return readFile(path).then((bytes) => ({ extractor: 'text', pageCount: null, units: [{ page: null, headings: [], text: decodeText(bytes) }] }));
  }
}

/** No text at all, or text that is mostly not letters, is a failure with its reason, never an empty success. */
function assertReadable(result: ExtractedText, format: DocumentFormat): void {
  const all = result.units.map((u) => u.text).join('\n');
  const visible = all.replace(/\s+/g, '');
  const letters = (all.match(/\p{L}/gu) ?? []).length;
  if (letters < 3) {
    throw new ExtractionFailure(
      format === 'pdf'
        ? `The PDF has no text layer (${result.pageCount ?? 0} page(s) of images only, probably scanned); run OCR on it and upload the result.`
        : 'The file contains no text.',
    );
  }
  const broken = (all.match(/[\uFFFD\uE000-\uF8FF]/gu) ?? []).length;
  if (visible.length >= 40 && (letters / visible.length < 0.4 || broken / visible.length > 0.1)) {
    throw new ExtractionFailure(
      format === 'pdf'
        ? "The PDF's text layer is unreadable (its fonts do not map to Unicode characters); export it again from the source document or run OCR on it."
        : 'The text is unreadable (mostly symbols or undecodable characters).',
    );
  }
}

// ---------------------------------------------------------------- PDF

async function extractPdf(path: string, options: ExtractionOptions): Promise<ExtractedText> {
  const failures: ExtractionFailure[] = [];
  for (const name of options.pdfExtractors) {
    try {
      const pages = name === 'pdftotext' ? await pdftotextPages(path, options) : await pdfjsPages(path);
      const result: ExtractedText = { extractor: name, pageCount: pages.length, units: pages.map((text, i) => ({ page: i + 1, headings: [], text })) };
      assertReadable(result, 'pdf');
      return result;
    } catch (error) {
      if (!(error instanceof ExtractionFailure)) throw error;
      failures.push(error);
    }
  }
  // Every extractor failed: the first one's reason, unless a later one knows better (e.g. encryption).
  throw failures.find((f) => /encrypted/.test(f.message)) ?? failures[0] ?? new ExtractionFailure('No PDF extractor is available.');
}

/** `pdftotext` from poppler-utils: one page per form feed. Run under the job's time and memory limits. */
async function pdftotextPages(path: string, options: ExtractionOptions): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lrkb-pdf-'));
  const out = join(dir, 'text.txt');
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        'sh',
        ['-c', `ulimit -v ${options.memoryMb * 1024 * 2} 2>/dev/null; exec pdftotext -enc UTF-8 "$0" "$1"`, path, out],
        { timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const message = String(stderr).trim().split('\n').filter(Boolean).pop() ?? error.message;
          if (/ENOENT|not found/.test(message) && /pdftotext/.test(message)) return reject(new ExtractionFailure('pdftotext is not installed.'));
          if (/password/i.test(message)) return reject(new ExtractionFailure('The PDF is encrypted (password-protected); upload a copy without a password.'));
          if (error.killed) return reject(new ExtractionFailure(`pdftotext was stopped after ${Math.round(options.timeoutMs / 1000)} s (time limit).`));
          reject(new ExtractionFailure(`The PDF is damaged or truncated and could not be read (pdftotext: ${message}).`));
        },
      );
    });
    const text = await readFile(out, 'utf8');
    const pages = text.split('\f');
    if (pages.length > 1 && pages[pages.length - 1].trim() === '') pages.pop();
    return pages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** pdf.js (through unpdf), in the extraction process. */
async function pdfjsPages(path: string): Promise<string[]> {
  const { getDocumentProxy, extractText } = await esmImport<{
    getDocumentProxy: (data: Uint8Array, options?: object) => Promise<{ destroy: () => Promise<void> }>;
    extractText: (pdf: unknown, options: { mergePages: false }) => Promise<{ totalPages: number; text: string[] }>;
  }>('unpdf');
  const data = new Uint8Array(await readFile(path));
  let pdf: { destroy: () => Promise<void> } | undefined;
  try {
    pdf = await getDocumentProxy(data, { isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
    const { text } = await extractText(pdf, { mergePages: false });
    return text;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException') throw new ExtractionFailure('The PDF is encrypted (password-protected); upload a copy without a password.');
    throw new ExtractionFailure(`The PDF is damaged or truncated and could not be read (pdf.js: ${(error as Error).message}).`);
  } finally {
    await pdf?.destroy().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- DOCX, ODT

/** Inflates every entry once, counting, so that lying size headers are caught before a parser trusts them. */
async function openVerifiedZip(path: string, label: string): Promise<ZipArchive> {
  const archive = await ZipArchive.open(path, DEFAULT_ZIP_LIMITS, label);
  try {
    for (const name of archive.entries.keys()) if (!name.endsWith('/')) await archive.read(name, label);
  } catch (error) {
    archive.close();
    throw error;
  }
  return archive;
}

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

// ---------------------------------------------------------------- HTML, Markdown, text

const HTML_TO_TEXT: Parameters<typeof htmlToText>[1] = {
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
function htmlSections(html: string): TextUnit[] {
  const document = parseDocument(html, { decodeEntities: true });
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

/**
 * Text in whatever encoding it came: BOM, else valid UTF-8, else (HTML) its declared charset, else
 * chardet's guess, decoded with iconv-lite.
 */
function decodeText(bytes: Buffer, html = false): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), 'utf-16be');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: find out which legacy encoding
  }
  if (html) {
    const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(bytes.subarray(0, 4096).toString('latin1'))?.[1];
    if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared)) return iconv.decode(bytes, declared);
  }
  const guess = chardet.detect(bytes.subarray(0, 256 * 1024));
  const encoding = guess && iconv.encodingExists(guess) && !/^utf-?8$/i.test(guess) ? guess : 'windows-1252';
  return iconv.decode(bytes, encoding);
}
