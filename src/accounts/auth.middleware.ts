import { Injectable, NestMiddleware } from '@nestjs/common';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { publicBaseOf } from '../common/http/public-url';
import { AccountsService } from './accounts.service';
import { RequestContext, RequestDetails } from './request-context';

/** The request's context, set by AuthMiddleware on every request before any route runs. */
export function requestContextOf(req: Request): RequestContext {
  return (req as Request & { requestContext?: RequestContext }).requestContext as RequestContext;
}

/** The cookie of a workspace browser session (HttpOnly; its value is an opaque token). */
const BROWSER_SESSION_COOKIE = 'lrkb_session';

/** Whether the visitor reaches the service over HTTPS: PUBLIC_URL says so, or the request is secure (behind TRUST_PROXY, as the proxy says). */
export function servedOverHttps(req: Request): boolean {
  return req.secure || publicBaseOf(req).startsWith('https:');
}

/**
 * The session cookie's name for this request: over HTTPS `__Host-lrkb_session`, which browsers accept
 * only Secure, for this host alone and Path=/ (no subdomain can set or shadow it); over plain HTTP (local
 * development, tests) the plain name, since browsers refuse a `__Host-` cookie that is not Secure.
 */
export function browserSessionCookieName(req: Request): string {
  return servedOverHttps(req) ? `__Host-${BROWSER_SESSION_COOKIE}` : BROWSER_SESSION_COOKIE;
}

/** The session cookie's attributes: HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS, never a Domain. */
export function browserSessionCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: servedOverHttps(req), path: '/' };
}

/**
 * Browser sessions count on the web pages only (paths under a language prefix, /en/…, and permalinks,
 * /r/…, which lead to them): the API keeps bearer tokens, so no cookie ever authorises a GraphQL or
 * REST call a third-party page could forge.
 */
const PAGE_PATH = /^\/([a-z]{2}|r)(\/|$)/;

export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Reads "Authorization: Bearer …" (an access token or a personal API token) once per request, for
 * GraphQL and REST alike, or on pages the browser session cookie, and runs the rest of the request as
 * that actor (its RequestContext, on the request). A bad token is remembered and answered UNAUTHENTICATED by the guard, so GraphQL clients
 * get a GraphQL error; a dead session cookie is simply no session (the page asks to sign in).
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(private readonly accounts: AccountsService) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    let actor: Awaited<ReturnType<AccountsService['authenticate']>> | null = null;
    const details: RequestDetails = { ip: req.ip };
    const header = req.headers.authorization;
    if (header) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!bearer) details.authError = 'the Authorization header must be "Bearer <token>"';
      else {
        try {
          actor = await this.accounts.authenticate(bearer[1]);
        } catch (error) {
          details.authError = (error as Error).message;
        }
      }
    } else if (PAGE_PATH.test(req.path)) {
      const cookie = cookieValue(req, browserSessionCookieName(req));
      const session = cookie ? await this.accounts.authenticateBrowserSession(cookie) : null;
      if (session) {
        actor = session.actor;
        details.webSessionId = session.sessionId;
      }
    }
    (req as Request & { requestContext?: RequestContext }).requestContext = RequestContext.forRequest(actor, details);
    next();
  }
}
