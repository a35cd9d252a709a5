import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLList, GraphQLNonNull, GraphQLOutputType } from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/** Lists without a `limit` argument (a record's themes, a place's plans) are counted as this many items. */
const UNPAGED_LIST_ITEMS = 5;

function isList(type: GraphQLOutputType): boolean {
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  return inner instanceof GraphQLList;
}

/** Each field costs 1 plus its children, times the page size of paginated fields (or a guess for plain lists). */
const pageAwareEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  const limit = typeof args.limit === 'number' ? args.limit : undefined;
  // A page's `items` were already counted by its parent's limit.
  const multiplier = limit ?? (isList(field.type) && field.name !== 'items' ? UNPAGED_LIST_ITEMS : 1);
  return 1 + childComplexity * Math.max(1, multiplier);
};

/**
 * Refuses operations whose estimated cost exceeds `maximum`, before anything runs. Computed with the
 * request's variables, so a page size passed as a variable counts too.
 */
export function complexityLimitPlugin(maximum: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({ schema, query: document, operationName: request.operationName, variables: request.variables ?? {}, estimators: [pageAwareEstimator] });
          } catch {
            return; // invalid variables: execution reports them as BAD_USER_INPUT
          }
          if (complexity > maximum) {
            throw new GraphQLError(`The query is too complex (estimated cost ${complexity}, limit ${maximum}): ask for fewer items per page or fewer nested lists.`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', complexity, maximumComplexity: maximum, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
