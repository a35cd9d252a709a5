import { AsyncLocalStorage } from 'node:async_hooks';
import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  CURATOR = 'CURATOR',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'CURATOR: creates records, edits and uploads to its own drafts, submits them for review. EDITOR: all of that on any record, plus review, publish, return to draft, archive, restore. ADMIN: all of that, plus users.',
});

/** Each role can do everything the roles below it can. */
const RANK: Record<Role, number> = { [Role.CURATOR]: 1, [Role.EDITOR]: 2, [Role.ADMIN]: 3 };

export function hasRole(actor: Actor | null | undefined, minimum: Role): boolean {
  return !!actor && RANK[actor.role] >= RANK[minimum];
}

/** Who makes the current request. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  /** How the request proved it: a session's access token or a personal API token. */
  via: 'session' | 'api-token' | 'web-session';
}

interface RequestScope {
  actor: Actor | null;
  /** The browser session the actor signed in with (web pages only), for CSRF tokens and signing out. */
  webSessionId?: string;
  /** A token was sent but is expired, revoked or forged: every operation answers UNAUTHENTICATED. */
  authError?: string;
  ip?: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs the rest of an HTTP request (or a test's call) as the given actor. */
export function runAs<T>(requestScope: RequestScope, work: () => T): T {
  return scope.run(requestScope, work);
}

/**
 * The current request's actor: null for an anonymous request, undefined outside any request (the
 * CLI, seeding, background workers), which act as the system.
 */
export function currentActor(): Actor | null | undefined {
  const current = scope.getStore();
  return current ? current.actor : undefined;
}

export function currentScope(): RequestScope | undefined {
  return scope.getStore();
}
