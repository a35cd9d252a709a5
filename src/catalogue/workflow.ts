import { ObjectLiteral } from 'typeorm';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { BadUserInputError } from '../common/errors';
import { TransactionRunner } from '../database/transaction-runner';
import { CatalogueRecord } from './entities/record-base';
import { EditorialStatus } from './enums';
import { capitalize, type RecordDefinition, type Transition, type TransitionOptions } from './record-options';
import { RecordWrites } from './record-writes';

const { DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED } = EditorialStatus;

/** One transition of the editorial workflow, as data. */
export interface TransitionRule {
  /** Who may make it: "editable" is the record's own rule (curators: their own drafts), else a role. */
  allowed: 'editable' | Role;
  /** For "Publishing a plan needs the EDITOR role". */
  verb: string;
  /** The statuses it leaves from; any other is refused with `refusal`. */
  from: readonly EditorialStatus[];
  /** Already in this status: nothing happens (the call is idempotent). */
  unchangedIn?: EditorialStatus;
  /** The status it leads to. */
  to: (record: Pick<CatalogueRecord, 'publishedAt'>) => EditorialStatus;
  /** The editor must say why (returnToDraft). */
  needsComment?: boolean;
  /** Why it cannot leave from this status. */
  refusal: (label: string, status: EditorialStatus) => string;
}

/**
 * The editorial workflow — the only way a status changes: DRAFT → IN_REVIEW (by its curator or an
 * editor) → PUBLISHED (editors; they may publish a draft directly) → ARCHIVED → back with restore (to
 * PUBLISHED if it had been published, else DRAFT); returnToDraft (editors, with a comment) from
 * IN_REVIEW or PUBLISHED. The record type's check runs whenever the record becomes public.
 */
export const WORKFLOW: Record<Transition, TransitionRule> = {
  submitForReview: {
    allowed: 'editable',
    verb: 'submitting',
    from: [DRAFT],
    unchangedIn: IN_REVIEW,
    to: () => IN_REVIEW,
    refusal: (label, status) => `only a draft can be submitted for review (this ${label} is ${status})`,
  },
  publish: {
    allowed: Role.EDITOR,
    verb: 'publishing',
    from: [DRAFT, IN_REVIEW],
    unchangedIn: PUBLISHED,
    to: () => PUBLISHED,
    refusal: (label) => `this ${label} is archived: restore it before publishing`,
  },
  returnToDraft: {
    allowed: Role.EDITOR,
    verb: 'returning to draft',
    from: [IN_REVIEW, PUBLISHED],
    to: () => DRAFT,
    needsComment: true,
    refusal: (label, status) => `only a record in review or published can return to draft (this ${label} is ${status})`,
  },
  archive: {
    allowed: Role.EDITOR,
    verb: 'archiving',
    from: [DRAFT, IN_REVIEW, PUBLISHED],
    unchangedIn: ARCHIVED,
    to: () => ARCHIVED,
    refusal: (label, status) => `this ${label} cannot be archived from ${status}`,
  },
  restore: {
    allowed: Role.EDITOR,
    verb: 'restoring',
    from: [ARCHIVED],
    to: (record) => (record.publishedAt ? PUBLISHED : DRAFT),
    refusal: (label, status) => `this ${label} is not archived (status ${status})`,
  },
};

/**
 * What a transition does to a record in this status: the status it gets (null: already there,
 * nothing to do) and whether the record becomes public; BAD_USER_INPUT when it cannot happen.
 */
export function planTransition(
  transition: Transition,
  record: Pick<CatalogueRecord, 'status' | 'publishedAt'>,
  label: string,
  comment?: string | null,
): { to: EditorialStatus | null; becomesPublic: boolean } {
  const rule = WORKFLOW[transition];
  if (rule.needsComment && !comment?.trim()) throw new BadUserInputError('comment', 'say what should change: a comment is required', { rule: 'isNotEmpty' });
  if (rule.unchangedIn === record.status) return { to: null, becomesPublic: false };
  if (!rule.from.includes(record.status)) throw new BadUserInputError('id', rule.refusal(label, record.status));
  const to = rule.to(record);
  return { to, becomesPublic: to === PUBLISHED };
}

/** Runs the workflow's transitions for one record type: access rule, table, check, audit, all in one transaction. */
@ActsOnBehalf()
export class RecordWorkflow<T extends CatalogueRecord & ObjectLiteral> {
  constructor(
    readonly definition: RecordDefinition<T>,
    private readonly tx: TransactionRunner,
    private readonly writes: RecordWrites<T>,
  ) {}

  async transition(ctx: RequestContext, id: string, transition: Transition, options: TransitionOptions<T> = {}): Promise<T> {
    const { check, within, comment, expectedVersion } = options;
    const rule = WORKFLOW[transition];
    return this.tx.run(async (manager) => {
      const label = this.definition.label;
      const record = await this.writes.getForWrite(manager, id);
      if (rule.allowed === 'editable') access.requireEditable(ctx, record, label);
      else access.require(ctx, rule.allowed, `${capitalize(rule.verb)} a ${label}`);
      return this.writes.audited(
        ctx,
        manager,
        transition,
        id,
        async () => {
          const plan = planTransition(transition, record, label, comment);
          if (!plan.to) return record;
          if (plan.becomesPublic) await check?.(manager, record);
          record.status = plan.to;
          if (plan.to === PUBLISHED) record.publishedAt ??= new Date();
          return this.writes.save(manager, record);
        },
        comment?.trim() || null,
        expectedVersion,
      );
    }, within);
  }
}
