import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLList, GraphQLNonNull, GraphQLOutputType } from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/** The own cost of a field that runs a search or an aggregation (declared with `complexity` on its resolver). */
export const EXPENSIVE_FIELD_COST = 50;

/** Lists without a `limit` argument (a record's themes, a place's plans) are counted as this many items. */
const UNPAGED_LIST_ITEMS = 5;

function isList(type: GraphQLOutputType): boolean {
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  return inner instanceof GraphQLList;
}

/**
 * Each field costs 1 (or the `complexity` its resolver declares, for fields that run a search or an
 * aggregation) plus its children, times the page size of paginated fields (or a guess for plain lists).
 */
const pageAwareEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  const limit = typeof args.limit === 'number' ? args.limit : undefined;
  // A page's `items` were already counted by its parent's limit.
  const multiplier = limit ?? (isList(field.type) && field.name !== 'items' ? UNPAGED_LIST_ITEMS : 1);
  const own = typeof field.extensions?.complexity === 'number' ? field.extensions.complexity : 1;
  return own + childComplexity * Math.max(1, multiplier);
};

/**
 * The estimate expands every fragment where it is spread, so its work grows with the expanded
 * operation, not the document; it stops past this many selections. The validation rules, linear in the
 * document, refuse fragment bombs before the estimate runs (breadth-limit.rule.ts); this bounds what is left.
 */
const MAX_ESTIMATED_NODES = 10000;

function isNodeLimitError(error: unknown): boolean {
  return error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message);
}

/**
 * Refuses operations whose estimated cost exceeds `maximum` (or that are too large to estimate), before anything runs. Computed with the
 * request's variables, so a page size passed as a variable counts too.
 */
export function complexityLimitPlugin(maximum: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables ?? {},
              estimators: [pageAwareEstimator],
              maxQueryNodes: MAX_ESTIMATED_NODES,
            });
          } catch (error) {
            // Too large to estimate is too large to run (the estimate must not wave it through unchecked).
            if (!isNodeLimitError(error)) return; // invalid variables: execution reports them as BAD_USER_INPUT
            complexity = Infinity;
          }
          if (complexity > maximum) {
            throw new GraphQLError(
              complexity === Infinity
                ? `The query is too complex to estimate (more than ${MAX_ESTIMATED_NODES} selections once its fragments are expanded; GRAPHQL_MAX_COMPLEXITY): spread fewer fragments, or send several requests.`
                : `The query is too complex (estimated cost ${complexity}, limit ${maximum}, GRAPHQL_MAX_COMPLEXITY): ask for fewer items per page or fewer nested lists.`,
              {
                extensions: {
                  code: 'GRAPHQL_VALIDATION_FAILED',
                  limit: 'GRAPHQL_MAX_COMPLEXITY',
                  maximum,
                  // JSON has no Infinity: an operation too large to estimate has no number.
                  complexity: complexity === Infinity ? null : complexity,
                  maximumComplexity: maximum,
                  http: { status: 400 },
                },
              },
            );
          }
        },
      };
    },
  };
}
