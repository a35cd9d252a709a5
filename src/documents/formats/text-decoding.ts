import * as chardet from 'chardet';
import * as iconv from 'iconv-lite';

/**
 * Text in whatever encoding it came: BOM, else valid UTF-8, else (HTML) its declared charset, else
 * `legacy` when the caller knows what its files use (spreadsheets: Windows-1252), else chardet's
 * guess, decoded with iconv-lite.
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
  const guess = chardet.detect(bytes.subarray(0, 256 * 1024));
  const encoding = guess && iconv.encodingExists(guess) && !/^utf-?8$/i.test(guess) ? guess : 'windows-1252';
  return iconv.decode(bytes, encoding);
}
