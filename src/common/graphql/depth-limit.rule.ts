import { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';
import { selectionMeasurer } from './selection-measure';

/**
 * Refuses queries nested deeper than `maxDepth` fields (a cheap guard against recursive relation bombs),
 * in time linear in the document: each fragment's depth is measured once (see selectionMeasurer).
 */
export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const measure = selectionMeasurer(context.getDocument());
    return {
      OperationDefinition(operation) {
        const { depth } = measure(operation.selectionSet);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${maxDepth} (GRAPHQL_MAX_DEPTH).`, {
              nodes: [operation],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_DEPTH', maximum: maxDepth },
            }),
          );
        }
      },
    };
  };
}
