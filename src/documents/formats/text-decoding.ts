import * as chardet from 'chardet';
import * as iconv from 'iconv-lite';

/**
 * Text in whatever encoding it came: BOM, else valid UTF-8, else (HTML) its declared charset, else
 * `legacy` when the caller knows what its files use (spreadsheets: Windows-1252), else the single-byte
 * encoding that reads best (legacySingleByte).
 */
export function decodeText(bytes: Buffer, html = false, legacy?: string): string {
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
  if (legacy) return iconv.decode(bytes, legacy);
  return iconv.decode(bytes, legacySingleByte(bytes.subarray(0, 256 * 1024)));
}

/**
 * The single-byte encodings tried, each with the letters its languages use most beyond ASCII (or, for
 * non-Latin scripts, their most frequent letters): decoded text full of those is likely right.
 */
const CANDIDATES: { encoding: string; common: string }[] = [
  { encoding: 'windows-1252', common: 'àâäáãåçéèêëíìîïñóòôöõúùûüÿæœßÀÂÄÁÃÇÉÈÊËÍÎÏÑÓÔÖÕÚÙÛÜŒ' },
  { encoding: 'windows-1250', common: 'áäčďéěíĺľňóôöŕřšťúůüýžąćęłńśźżőűÁČĎÉĚÍĽŇÓŘŠŤÚŮÝŽĄĆĘŁŃŚŹŻŐŰ' },
  { encoding: 'iso-8859-2', common: 'áäčďéěíĺľňóôöŕřšťúůüýžąćęłńśźżőűÁČĎÉĚÍĽŇÓŘŠŤÚŮÝŽĄĆĘŁŃŚŹŻŐŰ' },
  { encoding: 'windows-1251', common: 'оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъёОЕАИНТСРВЛКМДПУЯЫГЗБЧЙХЖШЮЦЩЭФЁіїєґІЇЄҐ' },
  { encoding: 'cp866', common: 'оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъёОЕАИНТСРВЛКМДПУЯЫГЗБЧЙХЖШЮЦЩЭФЁ' },
  { encoding: 'koi8-r', common: 'оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъёОЕАИНТСРВЛКМДПУЯЫГЗБЧЙХЖШЮЦЩЭФЁ' },
  { encoding: 'iso-8859-5', common: 'оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъёОЕАИНТСРВЛКМДПУЯЫГЗБЧЙХЖШЮЦЩЭФЁ' },
  { encoding: 'windows-1253', common: 'αοιετσνηυρπκμλωάέίόύήώςγδθχφβξζψΑΟΙΕΤΣΝΗΥΡΠΚΜΛΩΆΈΊΌΎΉΏ' },
  { encoding: 'iso-8859-7', common: 'αοιετσνηυρπκμλωάέίόύήώςγδθχφβξζψΑΟΙΕΤΣΝΗΥΡΠΚΜΛΩΆΈΊΌΎΉΏ' },
  { encoding: 'windows-1254', common: 'çğıöşüâîûÇĞİÖŞÜ' },
  { encoding: 'iso-8859-9', common: 'çğıöşüâîûÇĞİÖŞÜ' },
];

/** Punctuation that any of these encodings' texts use (quotes, dashes, the euro and number signs…). */
const COMMON_PUNCTUATION = new Set('’‘“”„‚–—…«»°€№§©®·•\u00a0');

/**
 * Which single-byte encoding the bytes are in. Only the characters of bytes ≥ 0x80 differ between
 * candidates: each decoding is scored by them — a frequent letter of the encoding's languages scores
 * best, another letter less (and less still when its case breaks the word: "рАБОТА" is KOI8-R read as
 * Windows-1251), common punctuation is neutral, anything else (box drawing, control or undefined
 * characters) counts against. The best score wins; chardet's guess wins ties, then the order above.
 */
function legacySingleByte(bytes: Buffer): string {
  const guess = chardet.detect(bytes)?.toLowerCase();
  const ordered = [...CANDIDATES].sort((a, b) => Number(b.encoding === guess) - Number(a.encoding === guess));
  let best = { encoding: ordered[0].encoding, score: -Infinity };
  for (const { encoding, common } of ordered) {
    const score = decodingScore(iconv.decode(bytes, encoding), common);
    if (score > best.score) best = { encoding, score };
  }
  return best.encoding;
}

function decodingScore(text: string, common: string): number {
  let score = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c.charCodeAt(0) < 0x80) continue;
    const previous = chars[i - 1] ?? ' ';
    if (/\p{L}/u.test(c)) {
      // A word mixing scripts ("lТщducation": French read as CP866) is a wrong decoding.
      if (mixesScripts(c, previous) || mixesScripts(c, chars[i + 1] ?? ' ')) score -= 3;
      else if (/\p{Ll}/u.test(previous) && /\p{Lu}/u.test(c)) score -= 1;
      else score += common.includes(c) ? 2 : 0.5;
    } else if (!COMMON_PUNCTUATION.has(c)) score -= 2;
  }
  return score;
}

function scriptOf(c: string): string | null {
  if (!/\p{L}/u.test(c)) return null;
  if (/\p{Script=Latin}/u.test(c)) return 'Latin';
  if (/\p{Script=Cyrillic}/u.test(c)) return 'Cyrillic';
  if (/\p{Script=Greek}/u.test(c)) return 'Greek';
  return 'other';
}

function mixesScripts(a: string, b: string): boolean {
  const x = scriptOf(a);
  const y = scriptOf(b);
  return x !== null && y !== null && x !== y;
}
