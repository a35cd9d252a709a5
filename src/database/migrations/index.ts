import { InitialSchema1763900000000 } from './1763900000000-initial-schema';

/** In order; run at start-up on SQLite and PostgreSQL alike. */
export const MIGRATIONS = [InitialSchema1763900000000];
