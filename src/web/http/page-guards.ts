import { CanActivate, ExecutionContext, Injectable, NotFoundException, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { hasRole, Role } from '../../accounts/actor';
import { REQUIRED_ROLE, SIGNED_IN } from '../../accounts/auth.decorators';
import { requestContextOf } from '../../accounts/auth.middleware';
import { CsrfService } from '../csrf.service';
import { Lang } from '../i18n/i18n';
import { routeLang } from './lang.pipe';

const SKIP_CSRF = 'web:skipCsrf';
/** A route handler or its controller class, as Nest's Reflector reads their metadata. */
type RouteTarget = Parameters<Reflector['get']>[1];
const CSRF_TOKEN_IN = 'web:csrfTokenIn';

/** A state-changing page route that checks no CSRF token; the reason is required and kept as metadata (the controllers' spec lists them). */
export const SkipCsrf = (reason: string) => SetMetadata(SKIP_CSRF, reason);

/** Multipart forms (uploads) carry their CSRF token in the action's query string: their body is streamed by the handler, not parsed before the check. */
export const CsrfTokenInQuery = () => SetMetadata(CSRF_TOKEN_IN, 'query');

/** Why a route skips the CSRF check (its @SkipCsrf reason), or undefined when it is checked. */
export function skipCsrfReason(reflector: Reflector, handler: RouteTarget, controller: RouteTarget): string | undefined {
  return reflector.getAllAndOverride<string | undefined>(SKIP_CSRF, [handler, controller]);
}

/** An anonymous visitor of a signed-in page: sent (303) to sign in, and back to `next` afterwards when given. */
export class SignInRequired extends Error {
  constructor(
    readonly lang: Lang,
    readonly next: string | null,
  ) {
    super('Sign in to see this page');
  }
}

/** A state-changing form without this browser's CSRF token: 403 and the refusal page, nothing changed. */
export class CsrfRefused extends Error {
  constructor(readonly lang: Lang) {
    super('CSRF token missing or invalid');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * @SignedIn and @RequireRole on pages: an unknown language prefix is a 404 page first; an anonymous
 * visitor is sent to sign in (back here after a GET; to the sign-in page alone after a form post, whose
 * data is gone); a signed-in user without the role gets the 404 page (the page does not exist for them).
 */
@Injectable()
export class PageAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const role = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (!role && !this.reflector.getAllAndOverride<boolean>(SIGNED_IN, targets)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const lang = routeLang(req);
    const actor = requestContextOf(req).actor;
    if (!actor) throw new SignInRequired(lang, req.method === 'GET' ? req.originalUrl : null);
    if (role && !hasRole(actor, role)) throw new NotFoundException('No such page');
    return true;
  }
}

/**
 * Every state-changing page route (any method but GET/HEAD/OPTIONS) needs this browser's CSRF token
 * unless it says @SkipCsrf(reason): a new route is checked by default. Runs after PageAccessGuard, so
 * an anonymous visitor is asked to sign in rather than refused.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly csrf: CsrfService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method) || skipCsrfReason(this.reflector, context.getHandler(), context.getClass())) return true;
    const lang = routeLang(req);
    const from = this.reflector.getAllAndOverride<'query' | undefined>(CSRF_TOKEN_IN, [context.getHandler(), context.getClass()]) ?? 'body';
    if (!this.csrf.verify(req, from)) throw new CsrfRefused(lang);
    return true;
  }
}
