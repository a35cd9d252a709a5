import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { rememberPublicBase } from './common/http/public-url';
import { HttpErrorsFilter } from './common/http/http-errors.filter';
import { httpMetricsMiddleware } from './common/metrics/http-metrics';
import { Metrics } from './common/metrics/metrics';
import { AppConfig } from './config/app-config';
import { WebErrorPages } from './web/web-error-pages';

/** Largest JSON request body (GraphQL operations); document uploads are multipart and limited by MAX_UPLOAD_BYTES. */
const MAX_JSON_BODY = '1mb';

/** HTTP concerns shared by main.ts and the e2e tests (which must serve exactly what users get). */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  // A client may end its side of the connection once its request is sent (some proxies and HTTP
  // libraries do): Node's server would then close ours too, dropping an answer still being computed
  // (a sign-in hashing a password). Half-open, it writes the answer and then closes the connection.
  // (`httpAllowHalfOpen` is missing from Node's typings, yet its HTTP server reads it, Node 26 included.)
  (app.getHttpServer() as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  // Page paths answer their errors as HTML pages; API paths as JSON.
  const errorPages = app.get(WebErrorPages, { strict: false });
  app.useGlobalFilters(new HttpErrorsFilter(MAX_JSON_BODY, (req, res, status, retryAfterSeconds) => errorPages.render(req, res, status, retryAfterSeconds)));
  (app as NestExpressApplication).useBodyParser('json', { limit: MAX_JSON_BODY });
  if (config.security.trustProxy !== undefined) (app as NestExpressApplication).set('trust proxy', config.security.trustProxy);
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.use((req: Request, _res: Response, next: NextFunction) => {
    rememberPublicBase(req, config.publicUrl);
    next();
  });
  // Security headers everywhere, and one strict Content-Security-Policy for pages and the API explorer alike:
  // every script and stylesheet is a file of ours (no inline script, no CDN).
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
    }),
  );
  const origins = config.security.corsOrigins;
  app.enableCors({
    origin: origins.includes('*') ? true : origins.length ? origins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'],
    maxAge: 600,
  });
}
