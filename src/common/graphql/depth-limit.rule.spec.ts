import { buildSchema, parse, validate } from 'graphql';
import { depthLimitRule } from './depth-limit.rule';

const schema = buildSchema(`type Node { id: ID, child: Node } type Query { node: Node }`);
const errorsFor = (query: string, max: number) => validate(schema, parse(query), [depthLimitRule(max)]);

describe('depthLimitRule', () => {
  it('accepts queries up to the limit', () => {
    expect(errorsFor('{ node { child { id } } }', 3)).toHaveLength(0);
  });

  it('refuses deeper queries, through fragments too', () => {
    expect(errorsFor('{ node { child { child { id } } } }', 3)[0].message).toMatch(/nested 4 levels deep; the limit is 3/);
    expect(errorsFor('{ node { ...F } } fragment F on Node { child { child { id } } }', 3)).toHaveLength(1);
  });

  it('ignores introspection fields and survives fragment cycles', () => {
    expect(errorsFor('{ __schema { types { name } } }', 1)).toHaveLength(0);
    expect(errorsFor('{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }', 10)).toHaveLength(0);
  });

  it('measures each fragment once: a 200-level fragment bomb within the depth passes, a 200-level chain is refused', () => {
    const bomb = `{ node { ...F200 } } fragment F0 on Node { id } ${Array.from({ length: 200 }, (_, i) => `fragment F${i + 1} on Node { ...F${i} ...F${i} }`).join(' ')}`;
    expect(errorsFor(bomb, 3)).toHaveLength(0);
    const chain = `{ node { ...C0 } } ${Array.from({ length: 200 }, (_, i) => `fragment C${i} on Node { child { ${i < 199 ? `...C${i + 1}` : 'id'} } a: child { ${i < 199 ? `...C${i + 1}` : 'id'} } }`).join(' ')}`;
    expect(errorsFor(chain, 12)[0].message).toMatch(/nested 202 levels deep; the limit is 12/);
  });

  it('still accepts a legitimate query reusing fragments at several levels', () => {
    expect(errorsFor('{ node { ...N child { ...N child { ...N } } } } fragment N on Node { id child { id } }', 5)).toHaveLength(0);
    expect(errorsFor('{ node { ...N child { ...N child { ...N } } } } fragment N on Node { id child { id } }', 4)).toHaveLength(1);
  });
});
