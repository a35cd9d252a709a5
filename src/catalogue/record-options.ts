import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { FilterTarget } from './catalogue-filter.builder';
import type { CatalogueRecord } from './entities/record-base';
import type { RecordType } from './enums';

/** How an update is made: its audit action (default "update"), and the version the client changed. */
export interface UpdateOptions {
  action?: string;
  expectedVersion?: number | null;
  /** The transaction to run in (the import runs each row in its own, and rolls back a dry run's). */
  within?: EntityManager;
}

export type Transition = 'submitForReview' | 'publish' | 'returnToDraft' | 'archive' | 'restore';

export interface TransitionOptions<T> {
  /** Runs before a record becomes public (e.g. its local government must be published). */
  check?: (manager: EntityManager, record: T) => Promise<void>;
  /** The transaction to run in (the seeder publishes inside its own). */
  within?: EntityManager;
  /** The editor's comment (returnToDraft requires one). */
  comment?: string | null;
  /** The version the caller loaded: CONFLICT when the record changed since (no transition on stale data). */
  expectedVersion?: number | null;
}

/** What the services' publish/restore accept from their callers (the check is theirs). */
export type WorkflowOptions = Pick<TransitionOptions<never>, 'within' | 'expectedVersion'>;

export interface RecordDefinition<T extends CatalogueRecord> {
  type: RecordType;
  entity: new () => T;
  /** Human name, e.g. "action plan". */
  label: string;
  /** Its name in file names and collection paths: the seed file (`seeds/collection/{collection}.json`), exports. */
  collection: string;
  /** The path segment of its web pages: `/{lang}/{pagePath}/{slug}`, `/{lang}/workspace/{pagePath}/…`. */
  pagePath: string;
  /** Documents can be attached to it. */
  holdsDocuments: boolean;
  /** It carries themes, SDGs and target groups. */
  tagged: boolean;
  /** It is a work others cite (a plan, a practice, a tool): it has a citation. */
  citable: boolean;
  /** Fields of its inputs that name another record, with that record's type: seeds give them as slugs (the field without `Id`), forms offer those records. */
  references: Readonly<Record<string, RecordType>>;
  target: FilterTarget;
  /** Adds the joins the filter target needs (e.g. the local government giving a plan its place). */
  joinPlace?(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T>;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
