/**
 * The one error vocabulary of the service. Errors are transport-neutral; the GraphQL layer
 * (graphql-errors.ts) turns them into `extensions.code` (+ `field`) and REST routes into JSON.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'SEARCH_UNAVAILABLE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR';

/** The HTTP status of each code: the same in REST answers and in GraphQL (one table, both transports). */
export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SEARCH_UNAVAILABLE: 503,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  CONFLICT: 409,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * The code for an HTTP status raised outside our errors (Nest's exceptions, body-parser's refusals):
 * the code whose status it is; another 4xx is BAD_USER_INPUT, another 5xx INTERNAL_SERVER_ERROR.
 */
export function errorCodeOfStatus(status: number): ErrorCode {
  if (status >= 500) return 'INTERNAL_SERVER_ERROR';
  return CODE_OF_CLIENT_STATUS.get(status) ?? 'BAD_USER_INPUT';
}
const CODE_OF_CLIENT_STATUS = new Map((Object.entries(HTTP_STATUS_OF) as [ErrorCode, number][]).filter(([, status]) => status < 500).map(([code, status]) => [status, code]));

export interface FieldProblem {
  field: string;
  message: string;
  /**
   * Which rule the value broke, for clients that word the message themselves (the web pages, in the
   * visitor's language): class-validator's constraint name (`isNotEmpty`, `maxLength`, `isUrl`, …) or
   * one of ours (`endBeforeStart`, `slugTaken`, `unknownSlug`, `required`).
   */
  rule?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Invalid input; `field` is the path of the offending input field (e.g. "input.themes"). */
export class BadUserInputError extends AppError {
  constructor(field: string, message: string, problems?: FieldProblem[] | { rule: string }) {
    super('BAD_USER_INPUT', `${field}: ${message}`, {
      field,
      problems: Array.isArray(problems) ? problems : [{ field, message, ...(problems ? { rule: problems.rule } : {}) }],
    });
  }

  static fromProblems(problems: FieldProblem[]): BadUserInputError {
    const [first] = problems;
    const error = new BadUserInputError(first.field, first.message, problems);
    if (problems.length > 1) error.message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    return error;
  }
}

export class NotFoundError extends AppError {
  /** `field`: the input field that referenced it, when it was a reference. */
  constructor(what: string, id: string, field?: string) {
    super('NOT_FOUND', `${field ? `${field}: ` : ''}${what} "${id}" does not exist`, field ? { id, field } : { id });
  }
}

/**
 * A change made against an older version than the current one (optimistic concurrency): nothing was
 * written. `changedFields` are the fields changed since the version the client had.
 */
export class ConflictError extends AppError {
  constructor(what: string, expectedVersion: number, currentVersion: number, changedFields: string[]) {
    super(
      'CONFLICT',
      `This ${what} changed since you loaded it (your version ${expectedVersion}, now ${currentVersion}${changedFields.length ? `; changed: ${changedFields.join(', ')}` : ''}). Nothing was saved: load it again and reapply your change.`,
      { expectedVersion, currentVersion, changedFields },
    );
  }
}
