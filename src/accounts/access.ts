import { AppError } from '../common/errors';
import { Actor, hasRole, Role } from './actor';
import { checkedContext, RequestContext } from './request-context';

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in first: send "Authorization: Bearer <access token or API token>".') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** Who may see drafts in reads: nobody (the public), their creator, or everyone (editors). */
export type ReadScope = { kind: 'public' } | { kind: 'own'; userId: string } | { kind: 'all' };

/**
 * The one place that decides who may do what, for the context it is given (the request's actor, or
 * the system for background work). Anything but a RequestContext is refused: a lost context fails closed.
 */
export const access = {
  /** Requires a signed-in user with at least this role. */
  require(ctx: RequestContext, minimum: Role, what: string): Actor | undefined {
    if (checkedContext(ctx, what).isSystem) return undefined;
    const actor = ctx.actor;
    if (!actor) throw new UnauthenticatedError();
    if (!hasRole(actor, minimum)) throw new ForbiddenError(`${what} needs the ${minimum} role (you are ${actor.role})`);
    return actor;
  },

  /** Curators change only their own drafts; editors and admins any record. */
  requireEditable(ctx: RequestContext, record: { createdBy: string | null; status: string }, label: string): void {
    const actor = this.require(ctx, Role.CURATOR, `Changing a ${label}`);
    if (!actor || hasRole(actor, Role.EDITOR)) return;
    if (record.createdBy !== actor.userId) throw new ForbiddenError(`this ${label} is not yours: curators change only their own drafts`);
    if (record.status !== 'DRAFT') throw new ForbiddenError(`this ${label} is ${record.status}: curators change only drafts (an editor can return it to draft)`);
  },

  /**
   * Whether the current reader may see this record (the rule of readScope, for one record in hand): a
   * reference to a record the caller cannot read must answer exactly like a reference to none.
   */
  canRead(ctx: RequestContext, record: { createdBy: string | null; status: string }): boolean {
    if (checkedContext(ctx, 'Reading a record').isSystem) return true;
    const actor = ctx.actor;
    if (record.status === 'PUBLISHED') return true;
    if (!actor) return false;
    if (hasRole(actor, Role.EDITOR)) return true;
    return record.createdBy === actor.userId && record.status !== 'ARCHIVED';
  },

  readScope(ctx: RequestContext): ReadScope {
    // Background work projects public data only.
    const actor = checkedContext(ctx, 'Reading').actor;
    if (!actor) return { kind: 'public' };
    return hasRole(actor, Role.EDITOR) ? { kind: 'all' } : { kind: 'own', userId: actor.userId };
  },

  /** The signed-in user, for attributing a write (null for the system). */
  userId(ctx: RequestContext): string | null {
    return checkedContext(ctx, 'Writing').actor?.userId ?? null;
  },
};
