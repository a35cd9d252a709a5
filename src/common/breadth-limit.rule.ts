import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext } from 'graphql';

export interface BreadthLimits {
  /** Most fields (aliases included) at the root of one operation: each root field is a separate computation. */
  maxRootFields: number;
  /** Most field selections in one operation, counting each fragment once per place it is spread. */
  maxFields: number;
}

/**
 * Refuses operations that are too broad before anything runs: an "alias bomb" (thousands of aliases of
 * one cheap field) costs little per field in the complexity estimate, yet each alias runs its resolver.
 */
export function breadthLimitRule(limits: BreadthLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    /** Field selections under a set; stops counting past `cap` (fragments spread inside fragments multiply). */
    const fieldsIn = (set: SelectionSetNode | undefined, cap: number, spreading: ReadonlySet<string>, rootOnly: boolean): number => {
      let total = 0;
      for (const selection of set?.selections ?? []) {
        if (total > cap) break;
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          total += 1 + (rootOnly ? 0 : fieldsIn(selection.selectionSet, cap - total, spreading, false));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += fieldsIn(selection.selectionSet, cap - total, spreading, rootOnly);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (fragment && !spreading.has(name)) total += fieldsIn(fragment.selectionSet, cap - total, new Set([...spreading, name]), rootOnly);
        }
      }
      return total;
    };
    return {
      OperationDefinition(operation) {
        const rootFields = fieldsIn(operation.selectionSet, limits.maxRootFields, new Set(), true);
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
        const fields = fieldsIn(operation.selectionSet, limits.maxFields, new Set(), false);
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
