import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppError } from '../common/errors';

/** Login attempts are limited per IP address and per account (see AccountsModule's throttlers). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected getRequestResponse(context: ExecutionContext): { req: Record<string, any>; res: Record<string, any> } {
    const gql = GqlExecutionContext.create(context).getContext<{ req: Record<string, any> }>();
    return { req: gql.req, res: gql.req.res ?? { header: () => undefined, setHeader: () => undefined } };
  }

  protected async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new AppError('TOO_MANY_REQUESTS', `Too many sign-in attempts; try again in ${Math.max(1, Math.ceil(detail.timeToBlockExpire))} s.`, { retryAfterSeconds: Math.max(1, Math.ceil(detail.timeToBlockExpire)) });
  }
}

/** The email a login attempt names (the account throttler's key). */
export function loginEmail(context: ExecutionContext): string {
  const email = GqlExecutionContext.create(context).getArgs<{ email?: string }>().email;
  return `account:${String(email ?? '').trim().toLowerCase()}`;
}
