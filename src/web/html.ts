/**
 * HTML built from tagged templates that escape every interpolated value: `html\`<p>${title}</p>\``
 * is safe whatever `title` holds. Only values that are already `Html` (built the same way, or the
 * search highlight built from escaped text by `trustedHighlight`) pass through unescaped.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/**
 * The search API's highlighted fields (`highlightedTitle`, `snippet`): HTML-escaped text in which only
 * `<mark>` and `</mark>` were inserted (see search.service.ts markedHtml). Anything else is escaped again.
 */
export function trustedHighlight(marked: string | null | undefined): Html {
  if (!marked) return new Html('');
  const parts = marked.split(/(<\/?mark>)/);
  return new Html(parts.map((part) => (part === '<mark>' || part === '</mark>' ? part : escapeHtml(unescapeEntities(part)))).join(''));
}

function unescapeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

/**
 * A JSON-LD block (structured data for search engines and harvesters). JSON is not HTML: `<`, `>`
 * and `&` are written as JSON escapes, so no value can close the script element or open another.
 */
export function jsonLd(data: object): Html {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return new Html(`<script type="application/ld+json">${json}</script>`);
}
