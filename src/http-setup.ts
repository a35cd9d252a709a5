import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** HTTP concerns shared by main.ts and the e2e tests (which must serve exactly what users get). */
export function configureHttp(app: INestApplication): void {
  app.use(jsonBodyErrors);
}

/** A body that is not valid JSON gets a clean 400 with a code, never a stack trace. */
function jsonBodyErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = error as { type?: string; status?: number; message?: string };
  if (e && e.type === 'entity.parse.failed') {
    res.status(400).json({ errors: [{ message: `Request body is not valid JSON: ${e.message}`, extensions: { code: 'BAD_REQUEST' } }] });
    return;
  }
  next(error);
}
