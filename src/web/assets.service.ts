import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';

/** src/web/assets from src/ (ts-jest) and dist/ (built) alike; the Docker image copies the folder. */
const ASSETS_DIR = resolve(__dirname, '..', '..', 'src', 'web', 'assets');

export interface Asset {
  /** The URL path with the content hash in the name: /assets/site.3f2a9c1b0d.css */
  url: string;
  body: Buffer;
  contentType: string;
}

/** A file of an npm package that its `exports` map does not list (the browser bundles). */
function inPackage(name: string, file: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

const SOURCES: Record<string, () => string> = {
  'site.css': () => resolve(ASSETS_DIR, 'site.css'),
  'site.js': () => resolve(ASSETS_DIR, 'site.js'),
  'explorer.js': () => resolve(ASSETS_DIR, 'explorer.js'),
  // The API explorer: GraphiQL 3's prebuilt browser bundle and the React it runs on, from npm.
  'graphiql.css': () => inPackage('graphiql', 'graphiql.min.css'),
  'graphiql.js': () => inPackage('graphiql', 'graphiql.min.js'),
  'react.js': () => inPackage('react', 'umd/react.production.min.js'),
  'react-dom.js': () => inPackage('react-dom', 'umd/react-dom.production.min.js'),
};

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

/**
 * The CSS and scripts the pages use, served by the app itself (no CDN) under names that carry their
 * content hash, so they can be cached for a year and a new release is fetched at once.
 */
@Injectable()
export class AssetsService {
  private readonly byName = new Map<string, Asset>();
  private readonly byUrl = new Map<string, Asset>();

  constructor() {
    for (const [name, locate] of Object.entries(SOURCES)) {
      const body = readFileSync(locate());
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
      const dot = name.lastIndexOf('.');
      const asset = { url: `/assets/${name.slice(0, dot)}.${hash}${name.slice(dot)}`, body, contentType: TYPES[name.slice(dot + 1)] };
      this.byName.set(name, asset);
      this.byUrl.set(asset.url, asset);
    }
  }

  url(name: keyof typeof SOURCES): string {
    return this.byName.get(name)!.url;
  }

  byPath(path: string): Asset | undefined {
    return this.byUrl.get(path);
  }
}
