import type { GraphQLResolveInfo } from 'graphql';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { access, UnauthenticatedError } from './access';
import { Role } from './actor';
import { ALLOW_ANONYMOUS, BROWSER_PAGES, REQUIRED_ROLE, requestOf } from './auth.decorators';
import { requestContextOf } from './auth.middleware';

/**
 * Global guard for GraphQL root fields and REST routes: a bad token is UNAUTHENTICATED everywhere;
 * @RequireRole is enforced; and every mutation needs a signed-in user unless it is @AllowAnonymous
 * (fail-safe: a new mutation cannot be open by omission); browser pages (@BrowserPages) are left to the
 * web's page guard. Record-level rules (own drafts) are
 * checked by the services through `access`.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const anonymous = this.reflector.getAllAndOverride<boolean>(ALLOW_ANONYMOUS, targets);
    if (anonymous) return true;
    const ctx = requestContextOf(requestOf(context));
    if (ctx?.details.authError) throw new UnauthenticatedError(`Not signed in: ${ctx.details.authError}.`);
    if (this.reflector.getAllAndOverride<boolean>(BROWSER_PAGES, targets)) return true;
    const role = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (role) {
      access.require(ctx, role, 'This operation');
    } else if (context.getType<GqlContextType>() === 'graphql' && GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo | undefined>()?.parentType?.name === 'Mutation') {
      access.require(ctx, Role.CURATOR, 'This mutation');
    }
    return true;
  }
}
