import { Role } from '../accounts/actor';
import { AppError } from '../common/errors';
import { EditorialStatus } from './enums';
import type { Transition } from './record-options';
import { planTransition, WORKFLOW } from './workflow';

const { DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED } = EditorialStatus;
const never = null;
const once = new Date('2024-01-01');

/** Every transition from every status: the status it leads to, "same" (nothing to do) or refused. */
const TABLE: [Transition, EditorialStatus, Date | null, EditorialStatus | 'same' | 'refused'][] = [
  ['submitForReview', DRAFT, never, IN_REVIEW],
  ['submitForReview', IN_REVIEW, never, 'same'],
  ['submitForReview', PUBLISHED, once, 'refused'],
  ['submitForReview', ARCHIVED, once, 'refused'],
  ['publish', DRAFT, never, PUBLISHED],
  ['publish', IN_REVIEW, never, PUBLISHED],
  ['publish', PUBLISHED, once, 'same'],
  ['publish', ARCHIVED, once, 'refused'],
  ['returnToDraft', DRAFT, never, 'refused'],
  ['returnToDraft', IN_REVIEW, never, DRAFT],
  ['returnToDraft', PUBLISHED, once, DRAFT],
  ['returnToDraft', ARCHIVED, once, 'refused'],
  ['archive', DRAFT, never, ARCHIVED],
  ['archive', IN_REVIEW, never, ARCHIVED],
  ['archive', PUBLISHED, once, ARCHIVED],
  ['archive', ARCHIVED, once, 'same'],
  ['restore', DRAFT, never, 'refused'],
  ['restore', IN_REVIEW, never, 'refused'],
  ['restore', PUBLISHED, once, 'refused'],
  ['restore', ARCHIVED, once, PUBLISHED],
  ['restore', ARCHIVED, never, DRAFT],
];

describe('the editorial workflow table', () => {
  it.each(TABLE)('%s from %s (published before: %s) → %s', (transition, status, publishedAt, expected) => {
    const run = () => planTransition(transition, { status, publishedAt }, 'action plan', 'Please add the budget.');
    if (expected === 'refused') {
      expect(run).toThrow(AppError);
      try {
        run();
      } catch (error) {
        expect((error as AppError).code).toBe('BAD_USER_INPUT');
        expect((error as AppError).details.field).toBe('id');
      }
      return;
    }
    const plan = run();
    expect(plan.to).toBe(expected === 'same' ? null : expected);
    expect(plan.becomesPublic).toBe(expected === PUBLISHED);
  });

  it('covers every transition from every status', () => {
    for (const transition of Object.keys(WORKFLOW) as Transition[]) {
      for (const status of Object.values(EditorialStatus)) expect(TABLE.some(([t, s]) => t === transition && s === status)).toBe(true);
    }
  });

  it('returning to draft needs a comment, before anything else', () => {
    expect(() => planTransition('returnToDraft', { status: IN_REVIEW, publishedAt: null }, 'tool', '  ')).toThrow('a comment is required');
    expect(() => planTransition('returnToDraft', { status: DRAFT, publishedAt: null }, 'tool', null)).toThrow('a comment is required');
  });

  it('only submitting follows the record’s own rule (curators: their drafts); every other transition is for editors', () => {
    expect(Object.entries(WORKFLOW).map(([t, rule]) => [t, rule.allowed])).toEqual([
      ['submitForReview', 'editable'],
      ['publish', Role.EDITOR],
      ['returnToDraft', Role.EDITOR],
      ['archive', Role.EDITOR],
      ['restore', Role.EDITOR],
    ]);
  });
});
