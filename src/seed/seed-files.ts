import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** seeds/ at the project root, from src/ (ts-jest) and dist/ (built) alike. */
export const SEEDS_DIR = resolve(__dirname, '..', '..', 'seeds');

export function readSeedFile<T>(relativePath: string): T {
  const path = join(SEEDS_DIR, relativePath);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new Error(`Cannot read seed file ${path}: ${(error as Error).message}`);
  }
}
