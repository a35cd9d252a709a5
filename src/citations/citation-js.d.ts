// citation-js 0.7 ships no type declarations: the part of its API this project (and its tests, which read citations back with it) uses.
declare module '@citation-js/core' {
  export class Cite {
    /** CSL items, or BibTeX / RIS text to parse (synchronously). */
    constructor(data: string | object | object[]);
    /** The CSL items it holds. */
    data: object[];
    format(format: 'bibtex' | 'ris' | 'data' | 'bibliography' | 'citation', options?: Record<string, unknown>): string | object;
  }
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-csl';
