import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { HttpErrorsFilter } from './common/http-errors.filter';
import { AppConfig } from './config/app-config';

/** Largest JSON request body (GraphQL operations); document uploads are multipart and limited by MAX_UPLOAD_BYTES. */
export const MAX_JSON_BODY = '1mb';

/** HTTP concerns shared by main.ts and the e2e tests (which must serve exactly what users get). */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  app.useGlobalFilters(new HttpErrorsFilter(MAX_JSON_BODY));
  (app as NestExpressApplication).useBodyParser('json', { limit: MAX_JSON_BODY });
  // Security headers everywhere; the GraphQL IDE page (GET /graphql) loads Apollo's sandbox from its CDN, so no CSP there.
  const withCsp = helmet();
  const withoutCsp = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  app.use((req: { method: string; path: string }, res: unknown, next: () => void) =>
    (req.method === 'GET' && req.path === '/graphql' ? withoutCsp : withCsp)(req as never, res as never, next),
  );
  const origins = config.security.corsOrigins;
  app.enableCors({
    origin: origins.includes('*') ? true : origins.length ? origins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'],
    maxAge: 600,
  });
}
