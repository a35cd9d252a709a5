import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { requestContextOf } from './auth.middleware';
import { RequestContext } from './request-context';
import { Role } from './actor';

export const REQUIRED_ROLE = 'accounts:requiredRole';
export const ALLOW_ANONYMOUS = 'accounts:allowAnonymous';

/** The operation needs a signed-in user with at least this role (UNAUTHENTICATED / FORBIDDEN otherwise). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** A mutation anyone may call (signing in). Every other mutation needs a signed-in user. */
export const AllowAnonymous = () => SetMetadata(ALLOW_ANONYMOUS, true);

export const SIGNED_IN = 'accounts:signedIn';
export const BROWSER_PAGES = 'accounts:browserPages';

/** A browser page for signed-in users (any role); @RequireRole on a page implies it. */
export const SignedIn = () => SetMetadata(SIGNED_IN, true);

/**
 * A controller of browser pages: its @SignedIn and @RequireRole are answered the way a person expects
 * (a sign-in redirect, a 404 page for a missing role) by the web's page guard, not as API errors here.
 */
export const BrowserPages = () => SetMetadata(BROWSER_PAGES, true);

/**
 * The request's RequestContext as a resolver or controller parameter (GraphQL and REST alike): what
 * a thin resolver hands to the service it calls.
 */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => requestContextOf(requestOf(context)));

/** The HTTP request behind a GraphQL field or a REST route. */
export function requestOf(context: ExecutionContext): Request {
  return context.getType<GqlContextType>() === 'graphql' ? GqlExecutionContext.create(context).getContext<{ req: Request }>().req : context.switchToHttp().getRequest<Request>();
}
