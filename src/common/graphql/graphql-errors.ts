import { HttpException, Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLFormattedError } from 'graphql';
import { AppError, errorCodeOfStatus } from '../errors';

const logger = new Logger('GraphQL');

// Codes Apollo itself produces for malformed requests; they are safe to show as they are.
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Extensions of our operation-limit errors (breadth-limit.rule.ts, complexity.plugin.ts) kept outside development. */
const LIMIT_DETAILS = new Set(['limit', 'maximum', 'complexity', 'maximumComplexity']);

/**
 * Apollo's formatError: our AppErrors become stable `extensions.code` (+ field details);
 * anything unexpected is logged and masked, with stack traces only in development.
 */
export function createGraphqlErrorFormatter(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (original instanceof AppError) {
      return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    if (original instanceof HttpException) {
      const status = original.getStatus();
      if (status < 500) return { ...base, message: original.message, extensions: { code: errorCodeOfStatus(status) } };
    }
    const code = formatted.extensions?.code;
    const tokens = code === 'GRAPHQL_PARSE_FAILED' ? /more th\w+ (\d+) tokens/.exec(formatted.message) : null;
    if (tokens) {
      // graphql-js stops parsing at GRAPHQL_MAX_TOKENS; it is a limit of the operation, like the others.
      return {
        ...base,
        message: `The operation has more than ${tokens[1]} tokens (limit GRAPHQL_MAX_TOKENS): send a smaller query, or several.`,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_TOKENS', maximum: Number(tokens[1]) },
      };
    }
    if (typeof code === 'string' && APOLLO_REQUEST_CODES.has(code)) {
      // Our own limits say which one was hit (and its value): useful to every client, secret to none.
      const limits = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([key]) => LIMIT_DETAILS.has(key)));
      // Apollo's BAD_REQUEST (a malformed HTTP request) is our BAD_USER_INPUT, as REST answers it.
      const ours = code === 'BAD_REQUEST' ? 'BAD_USER_INPUT' : code;
      return development ? { ...formatted, extensions: { ...formatted.extensions, code: ours } } : { ...base, extensions: { code: ours, ...limits } };
    }
    logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
    if (development) return formatted;
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
