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

/**
 * The request's RequestContext as a resolver or controller parameter (GraphQL and REST alike): what
 * a thin resolver hands to the service it calls.
 */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => requestContextOf(requestOf(context)));

/** The HTTP request behind a GraphQL field or a REST route. */
export function requestOf(context: ExecutionContext): Request {
  return context.getType<GqlContextType>() === 'graphql' ? GqlExecutionContext.create(context).getContext<{ req: Request }>().req : context.switchToHttp().getRequest<Request>();
}
