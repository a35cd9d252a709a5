import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { SearchOutbox1763910000000 } from './1763910000000-search-outbox';
import { Documents1763920000000 } from './1763920000000-documents';
import { Accounts1763930000000 } from './1763930000000-accounts';
import { Hardening1763940000000 } from './1763940000000-hardening';
import { TaxonomyLabels1763950000000 } from './1763950000000-taxonomy-labels';
import { WebSessions1763960000000 } from './1763960000000-web-sessions';
import { ChangeLog1763970000000 } from './1763970000000-change-log';
import { Operations1763980000000 } from './1763980000000-operations';
import { Recognition1763990000000 } from './1763990000000-recognition';
import { SqliteBooleanDefaults1764000000000 } from './1764000000000-sqlite-boolean-defaults';

/** In order; run at start-up on SQLite and PostgreSQL alike. */
export const MIGRATIONS = [
  InitialSchema1763900000000,
  SearchOutbox1763910000000,
  Documents1763920000000,
  Accounts1763930000000,
  Hardening1763940000000,
  TaxonomyLabels1763950000000,
  WebSessions1763960000000,
  ChangeLog1763970000000,
  Operations1763980000000,
  Recognition1763990000000,
  SqliteBooleanDefaults1764000000000,
];
