import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/** Times every HTTP request, labelled by its route pattern (`/:lang/search`), never by its raw path (unbounded). */
export function httpMetricsMiddleware(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
    next();
  };
}

function routeOf(req: Request): string {
  // GraphQL is served by Apollo's middleware, not a route; a catch-all middleware pattern is no route either.
  if (req.originalUrl.split('?')[0] === '/graphql') return '/graphql';
  const route: unknown = (req as unknown as { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' && !route.includes('*') ? route : 'unmatched';
}

/** Times every GraphQL operation by name (bounded: see Metrics.operationLabel), type and outcome. */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    requestDidStart() {
      const end = metrics.graphqlDuration.startTimer();
      let operation = 'anonymous';
      let type = 'unknown';
      return Promise.resolve({
        didResolveOperation(request) {
          operation = metrics.operationLabel(request.operationName);
          type = request.operation?.operation ?? 'unknown';
          return Promise.resolve();
        },
        willSendResponse(request) {
          end({ operation, type, outcome: request.errors?.length ? 'error' : 'ok' });
          return Promise.resolve();
        },
      });
    },
  };
}
