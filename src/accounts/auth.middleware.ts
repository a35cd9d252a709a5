import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { runAs } from './actor';
import { AccountsService } from './accounts.service';

/**
 * Reads "Authorization: Bearer …" (an access token or a personal API token) once per request, for
 * GraphQL and REST alike, and runs the rest of the request as that actor. A bad token is remembered
 * and answered UNAUTHENTICATED by the guard, so GraphQL clients get a GraphQL error.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(private readonly accounts: AccountsService) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    const scope: { actor: Awaited<ReturnType<AccountsService['authenticate']>> | null; authError?: string; ip?: string } = { actor: null, ip: req.ip };
    const header = req.headers.authorization;
    if (header) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!bearer) scope.authError = 'the Authorization header must be "Bearer <token>"';
      else {
        try {
          scope.actor = await this.accounts.authenticate(bearer[1]);
        } catch (error) {
          scope.authError = (error as Error).message;
        }
      }
    }
    runAs(scope, () => next());
  }
}
