import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config';
import { resolveJwtSecret, secretWeakness } from './secrets';

describe('JWT secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-secret-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is required and must be strong outside development', () => {
    expect(() => resolveJwtSecret(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production' }))).toThrow(/JWT_SECRET is not set/);
    expect(() => resolveJwtSecret(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: 'changeme' }))).toThrow(/JWT_SECRET is weak/);
    expect(() => resolveJwtSecret(loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', JWT_SECRET: 'secret-secret-secret-secret-secret-secret' }))).toThrow(/placeholder/);
    const strong = 'Zq8v3L0pR7xK2mW9sT4yB6nC1fH5jD8gA0eU3iO7';
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: strong }))).toBe(strong);
    expect(secretWeakness('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toMatch(/too few characters/);
  });

  it('is generated once and kept (owner-only) under DATA_DIR in development', () => {
    const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'development' });
    const first = resolveJwtSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveJwtSecret(config)).toBe(first);
    const file = join(dir, 'secrets', 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});
