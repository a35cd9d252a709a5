import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { breadthLimitRule } from './breadth-limit.rule';
import { depthLimitRule } from './depth-limit.rule';

const schema = buildSchema(`type Node { id: ID, name: String, child: Node } type Query { node: Node, nodes: [Node] }`);
const errorsFor = (query: string, maxRootFields: number, maxFields: number) => validate(schema, parse(query), [breadthLimitRule({ maxRootFields, maxFields })]);
const limitOf = (errors: ReturnType<typeof errorsFor>) => errors.map((e) => e.extensions.limit);

const fragmentBomb = (levels: number, leaf = '__typename') =>
  `{ ...F${levels} } fragment F0 on Query { ${leaf} } ` + Array.from({ length: levels }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ');

describe('breadthLimitRule', () => {
  it('counts every field selection, each spread of a fragment included, and refuses one past the limit', () => {
    const query = '{ a: node { ...N } b: node { ...N child { ...N } } } fragment N on Node { id name }';
    expect(errorsFor(query, 2, 9)).toHaveLength(0);
    expect(limitOf(errorsFor(query, 2, 8))).toEqual(['GRAPHQL_MAX_FIELDS']);
    expect(limitOf(errorsFor(query, 1, 9))).toEqual(['GRAPHQL_MAX_ROOT_FIELDS']);
  });

  it('counts __typename: an alias bomb of it is refused like any other', () => {
    const aliases = Array.from({ length: 21 }, (_, i) => `t${i}: __typename`).join(' ');
    expect(limitOf(errorsFor(`{ ${aliases} }`, 20, 1000))).toEqual(['GRAPHQL_MAX_ROOT_FIELDS']);
  });

  it('refuses fragment bombs of any depth at once (memoised: 2^200 paths are never walked)', () => {
    for (const levels of [21, 29, 200]) {
      const [error, ...others] = errorsFor(fragmentBomb(levels), 20, 1000);
      expect(others).toHaveLength(0);
      expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_ROOT_FIELDS' });
    }
    // Spread under one root field: the total count refuses it.
    const nested = `{ node { ...F200 } } fragment F0 on Node { id } ${Array.from({ length: 200 }, (_, i) => `fragment F${i + 1} on Node { ...F${i} ...F${i} }`).join(' ')}`;
    expect(limitOf(errorsFor(nested, 20, 1000))).toEqual(['GRAPHQL_MAX_FIELDS']);
  });

  it("lets the explorer's introspection query through the default limits (with depth)", () => {
    const query = parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }));
    expect(validate(schema, query, [breadthLimitRule({ maxRootFields: 20, maxFields: 1000 }), depthLimitRule(12)])).toHaveLength(0);
  });
});
