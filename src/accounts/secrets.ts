import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, ConfigError } from '../config/app-config';

const WEAK = /^(secret|changeme|change-me|password|jwt[-_]?secret|test|dev|development|example|default)/i;

/** Why a secret is weak, or null when it is fine. */
export function secretWeakness(secret: string): string | null {
  if (secret.length < 32) return `it has ${secret.length} characters; use at least 32 (e.g. \`openssl rand -base64 48\`)`;
  if (WEAK.test(secret)) return 'it looks like a placeholder';
  if (new Set(secret).size < 10) return 'it repeats too few characters';
  return null;
}

/**
 * JWT_SECRET from the environment. Outside development a missing or weak one stops the start-up;
 * in development one is generated once and kept in DATA_DIR/secrets (so sessions survive restarts).
 */
export function resolveJwtSecret(config: AppConfig): string {
  const given = config.jwtSecret;
  if (given) {
    const weakness = secretWeakness(given);
    if (weakness && config.nodeEnv !== 'development') throw new ConfigError([`JWT_SECRET is weak: ${weakness}`]);
    return given;
  }
  if (config.nodeEnv !== 'development') {
    throw new ConfigError([
      'JWT_SECRET is not set. Set it to a long random value (e.g. `openssl rand -base64 48`), or run with NODE_ENV=development (as `npm start` does) to have one generated under DATA_DIR.',
    ]);
  }
  const dir = join(config.dataDir, 'secrets');
  const file = join(dir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
