import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Role } from './actor';
import { resolveJwtSecret } from './secrets';

export const API_TOKEN_PREFIX = 'lrkb_';

export interface AccessClaims {
  sub: string;
  email: string;
  role: Role;
  /** The user's credentials generation when the token was signed (see User.credentialsGeneration). */
  gen: number;
}

/** Signs and checks access tokens (JWT, HS256); makes opaque refresh and API tokens and their hashes. */
@Injectable()
export class TokensService {
  private cachedSecret: string | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Checked at the server's start (see AccountsModule); the command line never needs it. */
  get secret(): string {
    this.cachedSecret ??= resolveJwtSecret(this.config);
    return this.cachedSecret;
  }

  get accessTtlSeconds(): number {
    return this.config.security.accessTokenTtlSeconds;
  }

  signAccess(claims: AccessClaims): { token: string; expiresAt: Date } {
    const token = jwt.sign({ email: claims.email, role: claims.role, gen: claims.gen }, this.secret, {
      algorithm: 'HS256',
      subject: claims.sub,
      expiresIn: this.accessTtlSeconds,
      issuer: 'local-rights-kb',
    });
    return { token, expiresAt: new Date(Date.now() + this.accessTtlSeconds * 1000) };
  }

  /** The claims of a valid access token; throws with a plain reason otherwise. */
  verifyAccess(token: string): AccessClaims {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: 'local-rights-kb' }) as jwt.JwtPayload;
      return { sub: String(payload.sub), email: String(payload.email), role: payload.role as Role, gen: Number(payload.gen ?? -1) };
    } catch (error) {
      throw new Error(error instanceof jwt.TokenExpiredError ? 'the access token has expired; refresh it or sign in again' : 'the access token is not valid');
    }
  }

  /** A new opaque secret (refresh or API token) and the hash that is stored instead of it. */
  newOpaque(prefix = ''): { token: string; hash: string } {
    const token = `${prefix}${randomBytes(32).toString('base64url')}`;
    return { token, hash: hashToken(token) };
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
