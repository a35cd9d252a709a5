import { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';
import { selectionMeasurer } from './selection-measure';

export interface BreadthLimits {
  /** Most fields (aliases included) at the root of one operation: each root field is a separate computation. */
  maxRootFields: number;
  /** Most field selections in one operation, counting each fragment once per place it is spread (`__typename` too). */
  maxFields: number;
}

/**
 * Refuses operations that are too broad before anything runs: an "alias bomb" (thousands of aliases of
 * one cheap field) costs little per field in the complexity estimate, yet each alias runs its resolver.
 * Linear in the document (each fragment is counted once, see selectionMeasurer): a "fragment bomb"
 * (fragments spreading the previous one twice, 2^21 `__typename` selections in 900 bytes) is refused at once.
 */
export function breadthLimitRule(limits: BreadthLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const measure = selectionMeasurer(context.getDocument());
    return {
      OperationDefinition(operation) {
        const { rootFields, fields } = measure(operation.selectionSet);
        if (rootFields > limits.maxRootFields) {
          context.reportError(
            new GraphQLError(
              `The operation asks for more than ${limits.maxRootFields} root fields (aliases count; limit GRAPHQL_MAX_ROOT_FIELDS): send fewer, or several requests.`,
              {
                nodes: [operation],
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_ROOT_FIELDS', maximum: limits.maxRootFields },
              },
            ),
          );
          return false;
        }
        if (fields > limits.maxFields) {
          context.reportError(
            new GraphQLError(`The operation selects more than ${limits.maxFields} fields (aliases and fragment spreads count; limit GRAPHQL_MAX_FIELDS).`, {
              nodes: [operation],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_FIELDS', maximum: limits.maxFields },
            }),
          );
          return false;
        }
        return undefined;
      },
    };
  };
}
