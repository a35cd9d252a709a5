import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  CURATOR = 'CURATOR',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, {
  name: 'Role',
  description:
    'CURATOR: creates records, edits and uploads to its own drafts, submits them for review. EDITOR: all of that on any record, plus review, publish, return to draft, archive, restore. ADMIN: all of that, plus users.',
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
