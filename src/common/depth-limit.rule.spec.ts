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
});
