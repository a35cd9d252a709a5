import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { access } from './access';
import { Role } from './actor';
import { MissingContextError, ON_BEHALF_SERVICES, RequestContext } from './request-context';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Class name → names of its methods whose first parameter is `ctx: RequestContext`, read from the source. */
function methodsTakingContext(source: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  // The top-level declaration each position belongs to: a class, or something else (an object literal such as `access`, a function).
  const tops = [...source.matchAll(/^[^\s}].*$/gm)].map((m) => ({ at: m.index, cls: /^(?:export )?(?:abstract )?class (\w+)/.exec(m[0])?.[1] ?? null }));
  for (const method of source.matchAll(/^ {2}(?:(?:private|protected|public|async|static) )*(\w+)\(\s*ctx: RequestContext\b/gm)) {
    const owner = tops.filter((t) => t.at < method.index).pop()?.cls;
    if (owner) found.set(owner, [...(found.get(owner) ?? []), method[1]]);
  }
  return found;
}

const files = sourceFiles(SRC);
const declared = new Map<string, { file: string; methods: string[] }>();
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  if (!source.includes('RequestContext')) continue;
  for (const [cls, methods] of methodsTakingContext(source)) declared.set(cls, { file: relative(SRC, file), methods });
  // Loading the module runs its class decorators: the guarded services register themselves.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- by a path found at run time
  if (source.includes('@ActsOnBehalf()')) require(file);
}

function refusal(call: () => unknown): unknown {
  try {
    const result = call();
    return result instanceof Promise ? 'returned a promise instead of refusing at once' : 'ran';
  } catch (error) {
    return error;
  }
}

describe('explicit request context', () => {
  it('finds the domain services that act on behalf of a caller', () => {
    expect([...declared.keys()].sort()).toEqual(
      expect.arrayContaining([
        'AccountsService',
        'ActionPlansService',
        'AuditService',
        'DocumentsService',
        'RecordReads',
        'RecordWorkflow',
        'RecordWrites',
        'RevisionsService',
        'SearchService',
      ]),
    );
  });

  it('guards every service method that takes a context (none left out of ActsOnBehalf)', () => {
    for (const [cls, { file, methods }] of declared) {
      const registered = ON_BEHALF_SERVICES.get(cls);
      expect({ cls, file, guarded: !!registered }).toEqual({ cls, file, guarded: true });
      expect({ cls, methods: [...registered!.methods].sort() }).toEqual({ cls, methods: [...new Set(methods)].sort() });
    }
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a plain object', {}],
    ['a forged system context', { actor: null, isSystem: true, details: {} }],
    ['a forged admin', { actor: { userId: 'x', email: 'a@b', role: Role.ADMIN, via: 'session' }, isSystem: false, details: {} }],
  ])('refuses %s as the context in every guarded method, before doing anything', (_what, ctx) => {
    let count = 0;
    for (const [cls, { type, methods }] of ON_BEHALF_SERVICES) {
      // No dependencies at all: the refusal must come before the method touches any.
      const bare = Object.create((type as { prototype: object }).prototype) as Record<string, (...args: unknown[]) => unknown>;
      for (const method of methods) {
        const error = refusal(() => bare[method](ctx, 'x', 'y'));
        expect({ method: `${cls}.${method}`, refused: error instanceof MissingContextError }).toEqual({ method: `${cls}.${method}`, refused: true });
        count++;
      }
    }
    expect(count).toBeGreaterThan(40);
  });

  it('access rules refuse anything but a RequestContext', () => {
    const forged = { actor: null, isSystem: true, details: {} } as unknown as RequestContext;
    expect(() => access.require(forged, Role.CURATOR, 'Creating')).toThrow(MissingContextError);
    expect(() => access.readScope(undefined as unknown as RequestContext)).toThrow(MissingContextError);
    expect(() => access.canRead(forged, { createdBy: null, status: 'DRAFT' })).toThrow(MissingContextError);
    expect(() => access.userId(forged)).toThrow(MissingContextError);
  });

  it('the system may write, reads what the public reads; an anonymous request may do neither', () => {
    const system = RequestContext.system('test');
    expect(access.require(system, Role.ADMIN, 'Creating users')).toBeUndefined();
    expect(access.readScope(system)).toEqual({ kind: 'public' });
    expect(() => access.require(RequestContext.anonymous(), Role.CURATOR, 'Creating')).toThrow('Sign in first');
    const curator = RequestContext.forRequest({ userId: 'u1', email: 'c@x', role: Role.CURATOR, via: 'session' });
    expect(access.readScope(curator)).toEqual({ kind: 'own', userId: 'u1' });
    expect(() => access.require(curator, Role.EDITOR, 'Publishing')).toThrow('needs the EDITOR role');
    expect(Object.isFrozen(curator)).toBe(true);
  });
});
