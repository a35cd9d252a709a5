/** A stretch of extracted text with one position: a PDF page, or a section under its headings. */
export interface TextUnit {
  page: number | null;
  headings: string[];
  text: string;
  /** Set when the text was recognised from an image of the page (OCR): the engine's mean word confidence, 0–100. */
  ocrConfidence?: number;
}

export interface PassageDraft {
  seq: number;
  page: number | null;
  sectionPath: string | null;
  text: string;
  ocrConfidence: number | null;
}

export interface PassageLimits {
  /** A passage is closed once it has this many words… */
  targetWords: number;
  /** …and never grows past this many (Meilisearch ranks short fields better, and positions are capped per attribute). */
  maxWords: number;
}

const DEFAULT_PASSAGE_LIMITS: PassageLimits = { targetWords: 160, maxWords: 260 };

const SECTION_SEPARATOR = ' › ';

/** Joins lines of a paragraph, mending words hyphenated across lines ("moni-\ntoring"). */
function normaliseParagraph(paragraph: string): string {
  return paragraph
    .replace(/(\p{L})-\n(\p{Ll})/gu, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

function wordCount(text: string): number {
  const words = text.split(/\s+/).filter(Boolean);
  // Scripts written without spaces (Chinese, Japanese, Thai) count about one word per two characters.
  return words.reduce((n, w) => n + (w.length > 24 ? Math.ceil(w.length / 2) : 1), 0);
}

/** Pieces of at most maxWords words: paragraphs, else sentences, else runs of words (never cutting one). */
function pieces(text: string, maxWords: number): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\n\s*\n/)) {
    const paragraph = normaliseParagraph(raw);
    if (!paragraph) continue;
    if (wordCount(paragraph) <= maxWords) {
      out.push(paragraph);
      continue;
    }
    for (const sentence of paragraph.split(/(?<=[.!?;:。！？؟])\s+/u)) {
      if (wordCount(sentence) <= maxWords) {
        out.push(sentence);
        continue;
      }
      const words = sentence.split(' ');
      let run: string[] = [];
      for (const word of words) {
        if (run.length && wordCount([...run, word].join(' ')) > maxWords) {
          out.push(run.join(' '));
          run = [];
        }
        run.push(word);
      }
      if (run.length) out.push(run.join(' '));
    }
  }
  return out;
}

/**
 * Splits units into passages of a few hundred words. A passage never spans two units (pages or
 * sections) and never cuts a word; paragraphs stay whole where they fit.
 */
export function splitPassages(units: readonly TextUnit[], limits: PassageLimits = DEFAULT_PASSAGE_LIMITS): PassageDraft[] {
  const passages: PassageDraft[] = [];
  for (const unit of units) {
    const sectionPath = unit.headings.length ? unit.headings.join(SECTION_SEPARATOR) : null;
    let current: string[] = [];
    let words = 0;
    const flush = () => {
      if (current.length) passages.push({ seq: passages.length, page: unit.page, sectionPath, text: current.join('\n'), ocrConfidence: unit.ocrConfidence ?? null });
      current = [];
      words = 0;
    };
    for (const piece of pieces(unit.text, limits.maxWords)) {
      const n = wordCount(piece);
      if (words && words + n > limits.maxWords) flush();
      current.push(piece);
      words += n;
      if (words >= limits.targetWords) flush();
    }
    flush();
  }
  return passages;
}
