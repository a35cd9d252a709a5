import { access, ForbiddenError, UnauthenticatedError } from './access';
import { Actor, Role } from './actor';
import { MissingContextError, RequestContext } from './request-context';

/** The access rules, one table per rule: who (anonymous, each role, the system) may do what to which record. */
describe('access rules', () => {
  const user = (role: Role, userId = `${role.toLowerCase()}-1`): Actor => ({ userId, email: `${userId}@example.org`, role, via: 'session' });
  const as = {
    anonymous: RequestContext.anonymous(),
    curator: RequestContext.forRequest(user(Role.CURATOR)),
    otherCurator: RequestContext.forRequest(user(Role.CURATOR, 'curator-2')),
    editor: RequestContext.forRequest(user(Role.EDITOR)),
    admin: RequestContext.forRequest(user(Role.ADMIN)),
    system: RequestContext.system('unit test'),
  };
  type Who = keyof typeof as;
  const record = (status: string, createdBy: string | null = 'curator-1') => ({ status, createdBy });

  describe('require(role)', () => {
    const cases: [Who, Role, 'ok' | typeof UnauthenticatedError | typeof ForbiddenError][] = [
      ['anonymous', Role.CURATOR, UnauthenticatedError],
      ['curator', Role.CURATOR, 'ok'],
      ['curator', Role.EDITOR, ForbiddenError],
      ['editor', Role.EDITOR, 'ok'],
      ['editor', Role.ADMIN, ForbiddenError],
      ['admin', Role.ADMIN, 'ok'],
      ['admin', Role.CURATOR, 'ok'],
      ['system', Role.ADMIN, 'ok'],
    ];
    it.each(cases)('%s needing %s: %p', (who, role, expected) => {
      const call = () => access.require(as[who], role, 'Doing it');
      if (expected === 'ok') expect(call).not.toThrow();
      else expect(call).toThrow(expected);
    });

    it('names the role needed and the one the user has', () => {
      expect(() => access.require(as.curator, Role.EDITOR, 'Publishing a tool')).toThrow('Publishing a tool needs the EDITOR role (you are CURATOR)');
    });
  });

  describe('requireEditable(record)', () => {
    const cases: [Who, string, string | null, 'ok' | RegExp][] = [
      ['curator', 'DRAFT', 'curator-1', 'ok'],
      ['curator', 'IN_REVIEW', 'curator-1', /is IN_REVIEW: curators change only drafts/],
      ['curator', 'PUBLISHED', 'curator-1', /is PUBLISHED/],
      ['otherCurator', 'DRAFT', 'curator-1', /not yours/],
      ['curator', 'DRAFT', null, /not yours/],
      ['editor', 'PUBLISHED', 'curator-1', 'ok'],
      ['admin', 'ARCHIVED', null, 'ok'],
      ['system', 'PUBLISHED', null, 'ok'],
      ['anonymous', 'DRAFT', 'curator-1', /Sign in first/],
    ];
    it.each(cases)('%s changing a %s record of %s: %p', (who, status, owner, expected) => {
      const call = () => access.requireEditable(as[who], record(status, owner), 'tool');
      if (expected === 'ok') expect(call).not.toThrow();
      else expect(call).toThrow(expected);
    });
  });

  describe('canRead(record) agrees with readScope', () => {
    const statuses = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'ARCHIVED'];
    const expected: Record<Who, string[]> = {
      anonymous: ['PUBLISHED'],
      // their own, except archived ones; others' only when published
      curator: ['DRAFT', 'IN_REVIEW', 'PUBLISHED'],
      otherCurator: ['PUBLISHED'],
      editor: statuses,
      admin: statuses,
      // the system reads everything it is handed (reads through lists use the public scope)
      system: statuses,
    };
    it.each(Object.keys(expected) as Who[])('%s', (who) => {
      expect(statuses.filter((s) => access.canRead(as[who], record(s)))).toEqual(expected[who]);
    });

    it('read scopes: public for anonymous and the system, own for curators, all for editors', () => {
      expect(access.readScope(as.anonymous)).toEqual({ kind: 'public' });
      expect(access.readScope(as.system)).toEqual({ kind: 'public' });
      expect(access.readScope(as.curator)).toEqual({ kind: 'own', userId: 'curator-1' });
      expect(access.readScope(as.editor)).toEqual({ kind: 'all' });
      expect(access.readScope(as.admin)).toEqual({ kind: 'all' });
    });
  });

  it('attributes writes to the signed-in user, to nobody for the system', () => {
    expect(access.userId(as.editor)).toBe('editor-1');
    expect(access.userId(as.system)).toBeNull();
  });

  it('refuses anything that is not a RequestContext, in every rule', () => {
    const lost = [undefined, null, {}, { actor: user(Role.ADMIN), isSystem: true }] as unknown as RequestContext[];
    for (const ctx of lost) {
      expect(() => access.require(ctx, Role.CURATOR, 'x')).toThrow(MissingContextError);
      expect(() => access.requireEditable(ctx, record('DRAFT'), 'tool')).toThrow(MissingContextError);
      expect(() => access.canRead(ctx, record('PUBLISHED'))).toThrow(MissingContextError);
      expect(() => access.readScope(ctx)).toThrow(MissingContextError);
      expect(() => access.userId(ctx)).toThrow(MissingContextError);
    }
  });
});
