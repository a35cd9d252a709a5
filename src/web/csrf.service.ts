import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { cookieValue, requestContextOf } from '../accounts/auth.middleware';
import { TokensService } from '../accounts/tokens.service';

/** The cookie that binds the sign-in form's CSRF token before there is a session (HttpOnly, random). */
const PRE_SESSION_COOKIE = 'lrkb_presession';

/**
 * CSRF tokens for every state-changing form: an HMAC of what the request is bound to — the browser
 * session once signed in, else a random pre-session cookie — under a key derived from the service's
 * secret. A token from another session, or none, is refused (403) before anything changes.
 */
@Injectable()
export class CsrfService {
  constructor(private readonly tokens: TokensService) {}

  private sign(binding: string): string {
    return createHmac('sha256', this.tokens.secret).update(`csrf:${binding}`).digest('base64url');
  }

  /** The token of a signed-in page's forms; empty without a session (public pages have no such form). */
  sessionToken(req: Request): string {
    const session = requestContextOf(req)?.details.webSessionId;
    return session ? this.sign(`session:${session}`) : '';
  }

  /** The token for the sign-in form: the session's, else one bound to a pre-session cookie (set when needed). */
  tokenFor(req: Request, res: Response): string {
    const session = requestContextOf(req)?.details.webSessionId;
    if (session) return this.sign(`session:${session}`);
    let pre = cookieValue(req, PRE_SESSION_COOKIE);
    if (!pre || !/^[A-Za-z0-9_-]{20,}$/.test(pre)) {
      pre = randomBytes(24).toString('base64url');
      res.cookie(PRE_SESSION_COOKIE, pre, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    }
    return this.sign(`pre:${pre}`);
  }

  /**
   * Whether the form's `_csrf` matches this request's session (or pre-session). Multipart forms (uploads)
   * carry it in the action's query string, since their body is streamed, not parsed, before the check.
   */
  verify(req: Request, from: 'body' | 'query' = 'body'): boolean {
    const field = from === 'body' ? (req.body as Record<string, unknown> | undefined)?._csrf : req.query._csrf;
    const sent = typeof field === 'string' ? field : '';
    const session = requestContextOf(req)?.details.webSessionId;
    const pre = cookieValue(req, PRE_SESSION_COOKIE);
    const expected = session ? this.sign(`session:${session}`) : pre ? this.sign(`pre:${pre}`) : null;
    if (!expected || sent.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  }
}
