import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, errorCodeOfStatus, HTTP_STATUS_OF } from '../errors';

/** An error from the http-errors family (body-parser's) with a 4xx status meant for the client. */
function isClientHttpError(error: unknown): error is { status: number; message: string } {
  const e = error as { status?: unknown; expose?: unknown } | null;
  return !!e && typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true;
}

/**
 * REST routes answer errors as JSON `{ code, message }` with the codes and statuses GraphQL uses
 * (errors.ts); unexpected
 * errors are logged and masked. GraphQL errors pass through untouched.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /**
   * `maxJsonBody` names the JSON body limit in the 413 answer; `pageError` answers page paths with an
   * HTML page (returns false for API paths, which get JSON).
   */
  constructor(
    private readonly maxJsonBody = '1mb',
    private readonly pageError: (req: Request, res: Response, status: number, retryAfterSeconds?: number) => boolean = () => false,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return exception;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const status =
      exception instanceof AppError
        ? HTTP_STATUS_OF[exception.code]
        : exception instanceof HttpException
          ? exception.getStatus()
          : isClientHttpError(exception)
            ? exception.status
            : 500;
    if (status === 500 && !(exception instanceof AppError) && !(exception instanceof HttpException)) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    const retryAfterSeconds = exception instanceof AppError && typeof exception.details.retryAfterSeconds === 'number' ? exception.details.retryAfterSeconds : undefined;
    if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
    if ((status === 404 || status === 429 || status >= 500) && this.pageError(req, res, status, retryAfterSeconds)) return undefined;
    if (exception instanceof AppError && req.path === '/graphql') {
      // Refused before GraphQL ran (the request rate limit): still a GraphQL answer, which clients parse.
      res.status(status).json({ errors: [{ message: exception.message, extensions: { code: exception.code, ...exception.details } }] });
    } else if (exception instanceof AppError) {
      res.status(HTTP_STATUS_OF[exception.code]).json({ code: exception.code, message: exception.message, ...exception.details });
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'object' && body && 'message' in body ? String(body.message) : exception.message;
      res.status(status).json({ code: errorCodeOfStatus(status), message });
    } else if (isClientHttpError(exception)) {
      // body-parser's refusals (a JSON body over the limit, malformed JSON) carry their status.
      const status = exception.status;
      const message =
        status === 413 ? `The request body is larger than the limit of ${this.maxJsonBody} for JSON; upload files as multipart/form-data to /documents.` : exception.message;
      res.status(status).json({ code: errorCodeOfStatus(status), message });
    } else {
      res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
    }
    return undefined;
  }
}
