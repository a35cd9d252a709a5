import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The README and the guides in docs/ stay true as the code moves: every relative link reaches a file
 * (and a heading, where it names one), and every source path a guide names in backticks exists — this
 * is what keeps the "how to add …" file lists of docs/development.md honest.
 */
const root = join(__dirname, '..');
const guides = readdirSync(join(root, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => join(root, 'docs', name));
const documents = [join(root, 'README.md'), ...guides];

const text = (path: string): string => readFileSync(path, 'utf8');

/** Markdown without its fenced code blocks (shell comments there are no headings, URLs there no links). */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped (hyphens kept), each space a hyphen. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, '')
    .replace(/ /g, '-');
}

function anchors(markdown: string): Set<string> {
  return new Set([...prose(markdown).matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
}

/** Relative link targets: [text](target) and ![alt](target), without external URLs and mail. */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Repository paths written in backticks in a guide: `src/…`, `test/…`, `bench/…`, `seeds/…` (globs and placeholders aside). */
function codePaths(markdown: string): string[] {
  return [...markdown.matchAll(/`((?:src|test|bench|seeds)\/[^`\s]*)`/g)].map((m) => m[1]).filter((path) => !/[*{}<>…]/.test(path));
}

/** Every TypeScript file under src/, read once: the guides' `Class.member` names are looked up there. */
function sources(dir = join(root, 'src')): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [{ path, text: text(path) }] : [];
  });
}

describe('docs', () => {
  it('has a README under 400 lines and at least five guides', () => {
    expect(text(join(root, 'README.md')).split('\n').length).toBeLessThanOrEqual(400);
    expect(guides.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps the two commands of the quick start', () => {
    const readme = text(join(root, 'README.md'));
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('opens every guide with a contents list', () => {
    for (const guide of guides)
      expect({ guide: relative(root, guide), opening: /^# .+\n\nContents:\n- \[/.test(text(guide)) }).toEqual({ guide: relative(root, guide), opening: true });
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const document of documents) {
      for (const link of relativeLinks(text(document))) {
        const [path, fragment] = link.split('#');
        const target = path ? resolve(dirname(document), decodeURI(path)) : document;
        const where = `${relative(root, document)} → ${link}`;
        if (!existsSync(target)) broken.push(`${where}: no such file`);
        else if (fragment && target.endsWith('.md') && !anchors(text(target)).has(fragment)) broken.push(`${where}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('names only source files and folders that exist', () => {
    const missing = guides.flatMap((guide) =>
      codePaths(text(guide))
        .filter((path) => !existsSync(join(root, path)))
        .map((path) => `${relative(root, guide)}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('names only classes and members that exist (the request traces of docs/architecture.md)', () => {
    const files = sources();
    const missing = guides.flatMap((guide) =>
      [...text(guide).matchAll(/`([A-Z]\w*)\.([a-z]\w*)`/g)]
        .filter(([, type, member]) => {
          const declaring = files.filter((f) => new RegExp(`\\b(?:class|interface) ${type}\\b`).test(f.text));
          return !declaring.some((f) => new RegExp(`\\b${member}\\b`).test(f.text));
        })
        .map(([name]) => `${relative(root, guide)}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
