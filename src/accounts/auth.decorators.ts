import { SetMetadata } from '@nestjs/common';
import { Role } from './actor';

export const REQUIRED_ROLE = 'accounts:requiredRole';
export const ALLOW_ANONYMOUS = 'accounts:allowAnonymous';

/** The operation needs a signed-in user with at least this role (UNAUTHENTICATED / FORBIDDEN otherwise). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** A mutation anyone may call (signing in). Every other mutation needs a signed-in user. */
export const AllowAnonymous = () => SetMetadata(ALLOW_ANONYMOUS, true);
