import { AppError } from '../common/errors';
import type { Actor } from './actor';

/** What the request carries besides its actor (web pages: the browser session; sign-in: the address). */
export interface RequestDetails {
  /** The browser session the actor signed in with (web pages only), for CSRF tokens and signing out. */
  webSessionId?: string;
  /** A token was sent but is expired, revoked or forged: every operation answers UNAUTHENTICATED. */
  authError?: string;
  /** The client's address, for sign-in throttling. */
  ip?: string;
}

/**
 * Who acts, passed explicitly to every service method that reads or writes on someone's behalf (as
 * Vendure's RequestContext). Built from the request by the auth middleware; background work (CLI,
 * seeding, the outbox and extraction workers) uses `RequestContext.system(…)`, the one way to act
 * as the system. A method handed anything else refuses (`MissingContextError`): a code path that
 * lost its context fails closed, never as the system.
 */
export class RequestContext {
  private constructor(
    /** The signed-in user; null for an anonymous request and for the system. */
    readonly actor: Actor | null,
    /** The system itself (no user): may write anything, reads what the public reads. */
    readonly isSystem: boolean,
    readonly details: RequestDetails,
    /** Why the system acts (for logs and the audit trail's readers); empty for requests. */
    readonly purpose = '',
  ) {
    Object.freeze(this);
  }

  static forRequest(actor: Actor | null, details: RequestDetails = {}): RequestContext {
    return new RequestContext(actor, false, { ...details });
  }

  /** An anonymous reader (the public): benchmarks and tests that read as a visitor. */
  static anonymous(): RequestContext {
    return new RequestContext(null, false, {});
  }

  /** Background work acting as the system: the CLI, the seeder, the workers. */
  static system(purpose: string): RequestContext {
    return new RequestContext(null, true, {}, purpose);
  }
}

export class MissingContextError extends AppError {
  constructor(where: string) {
    super('INTERNAL_SERVER_ERROR', `${where} was called without a request context: refused (who acts must be explicit)`, { rule: 'missingContext' });
    this.name = 'MissingContextError';
  }
}

/** The context itself, or MissingContextError: every check of `access` starts here. */
export function checkedContext(ctx: unknown, where: string): RequestContext {
  if (!(ctx instanceof RequestContext)) throw new MissingContextError(where);
  return ctx;
}

/** Service classes whose `ctx`-first methods are guarded (see ActsOnBehalf); the context test walks them. */
export const ON_BEHALF_SERVICES = new Map<string, { type: abstract new (...args: never[]) => unknown; methods: string[] }>();

/** The name of a function's first parameter, as written in its source (compiled by tsc, not minified). */
function firstParameter(fn: (...args: never[]) => unknown): string | undefined {
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf('(');
  return /^\s*([A-Za-z_$][\w$]*)/.exec(source.slice(open + 1))?.[1];
}

/**
 * Class decorator for services: every method whose first parameter is `ctx` refuses to run unless
 * it is given a RequestContext, before anything else happens (before validation, before any query).
 */
export function ActsOnBehalf(): ClassDecorator {
  return (target) => {
    const prototype = (target as unknown as { prototype: Record<string, unknown> }).prototype;
    const methods: string[] = [];
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      const original = descriptor?.value as ((...args: unknown[]) => unknown) | undefined;
      if (name === 'constructor' || typeof original !== 'function' || firstParameter(original) !== 'ctx') continue;
      const where = `${target.name}.${name}`;
      const guarded = function (this: unknown, ...args: unknown[]) {
        checkedContext(args[0], where);
        return original.apply(this, args);
      };
      // Nest and TypeORM read metadata and names off methods: keep them.
      Object.defineProperty(guarded, 'name', { value: name });
      for (const key of Reflect.getMetadataKeys?.(original) ?? []) Reflect.defineMetadata(key, Reflect.getMetadata(key, original), guarded);
      Object.defineProperty(prototype, name, { ...descriptor, value: guarded });
      methods.push(name);
    }
    ON_BEHALF_SERVICES.set(target.name, { type: target as unknown as abstract new (...args: never[]) => unknown, methods });
  };
}
