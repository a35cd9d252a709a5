import { OperationDefinitionNode, parse } from 'graphql';
import { selectionMeasurer } from './selection-measure';

/** The measure of the document's first operation. */
const measureOf = (query: string) => {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return selectionMeasurer(document)(operation.selectionSet);
};

/** `fragment F0 { leaf }`, then each Fi spreads F(i-1) twice: 2^levels leaves in a few hundred bytes per level. */
const fragmentBomb = (levels: number, leaf = '__typename') =>
  `{ ...F${levels} } fragment F0 on Query { ${leaf} } ` + Array.from({ length: levels }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ');

describe('selectionMeasurer', () => {
  it('counts fields as execution would resolve them: aliases, nested fields, each spread of a fragment, __typename', () => {
    expect(measureOf('{ a: node { id } b: node { id child { id } } __typename }')).toEqual({ rootFields: 3, fields: 7, depth: 3 });
    expect(measureOf('{ node { ...N child { ...N } } } fragment N on Node { id ... on Node { name } }')).toEqual({ rootFields: 1, fields: 6, depth: 3 });
  });

  it('leaves introspection fields out of the depth, not out of the counts', () => {
    expect(measureOf('{ __schema { types { fields { type { ofType { name } } } } } }')).toEqual({ rootFields: 1, fields: 6, depth: 0 });
  });

  it('measures a fragment bomb in linear time, exactly while it fits, saturating past 2^53', () => {
    expect(measureOf(fragmentBomb(21))).toEqual({ rootFields: 2 ** 21, fields: 2 ** 21, depth: 0 });
    expect(measureOf(fragmentBomb(21, 'sdgs { number }'))).toEqual({ rootFields: 2 ** 21, fields: 2 ** 22, depth: 2 });
    // 2^200 paths: walking each would never end; counts stop at the largest exact integer.
    expect(measureOf(fragmentBomb(200))).toEqual({ rootFields: Number.MAX_SAFE_INTEGER, fields: Number.MAX_SAFE_INTEGER, depth: 0 });
    expect(measureOf(fragmentBomb(2000, 'sdgs { number }')).fields).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('measures a long chain of nested fragments, and survives cycles and unknown fragments', () => {
    const chain = Array.from({ length: 200 }, (_, i) => `fragment C${i} on Node { child { ${i < 199 ? `...C${i + 1}` : 'id'} } }`).join(' ');
    expect(measureOf(`{ node { ...C0 } } ${chain}`)).toEqual({ rootFields: 1, fields: 202, depth: 202 });
    expect(measureOf('{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { id child { ...A } }')).toEqual({ rootFields: 1, fields: 4, depth: 3 });
    expect(measureOf('{ node { ...Missing id } }')).toEqual({ rootFields: 1, fields: 2, depth: 2 });
  });
});
