// bibtex-parse (a test-only BibTeX parser) ships no type declarations: the function the tests use.
declare module 'bibtex-parse' {
  export function entries(text: string): Record<string, string>[];
}
