// citation-js 0.7 ships no type declarations: the part of its API this project uses.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: object | object[]);
    format(format: 'bibtex' | 'ris' | 'data' | 'bibliography' | 'citation', options?: Record<string, unknown>): string | object;
  }
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-csl';
