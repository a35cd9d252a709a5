import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AccountsService } from './accounts.service';
import { RequestContext, RequestDetails } from './request-context';

/** The request's context, set by AuthMiddleware on every request before any route runs. */
export function requestContextOf(req: Request): RequestContext {
  return (req as Request & { requestContext?: RequestContext }).requestContext as RequestContext;
}

/** The cookie of a workspace browser session (HttpOnly; its value is an opaque token). */
export const BROWSER_SESSION_COOKIE = 'lrkb_session';

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
      const cookie = cookieValue(req, BROWSER_SESSION_COOKIE);
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
