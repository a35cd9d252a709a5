import { DocumentNode, FragmentDefinitionNode, Kind, SelectionSetNode } from 'graphql';

/** What an operation's validation limits look at, for one selection set with everything it spreads. */
interface SelectionMeasure {
  /** Fields at this level (through fragments and inline fragments), aliases and `__typename` included. */
  rootFields: number;
  /** Fields at every level, a fragment counted once per place it is spread (what execution would resolve). */
  fields: number;
  /** Fields nested along the deepest path; introspection fields (`__schema`, `__type`, `__typename`) and what they hold do not count. */
  depth: number;
}

/** Counts stop here instead of growing without bound: fragments spreading fragments double per level. */
const SATURATED = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number) => Math.min(a + b, SATURATED);

const NOTHING: SelectionMeasure = { rootFields: 0, fields: 0, depth: 0 };

/**
 * Measures selection sets of `document` in time linear in its size: each fragment is measured once and
 * remembered, however many times (and however deeply) it is spread. Walking every spread path instead
 * is exponential: 21 fragments each spreading the previous twice make two million paths.
 * A fragment in a cycle counts nothing where it recurs (NoFragmentCyclesRule refuses the document anyway).
 * One measurer per document, shared by the rules that validate it.
 */
export function selectionMeasurer(document: DocumentNode): Measurer {
  let measurer = measurers.get(document);
  if (!measurer) measurers.set(document, (measurer = newMeasurer(document)));
  return measurer;
}

type Measurer = (set: SelectionSetNode | undefined) => SelectionMeasure;
const measurers = new WeakMap<DocumentNode, Measurer>();

function newMeasurer(document: DocumentNode): Measurer {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, SelectionMeasure>();
  const measuring = new Set<string>();

  const fragment = (name: string): SelectionMeasure => {
    const known = measured.get(name);
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition || measuring.has(name)) return NOTHING;
    measuring.add(name);
    const measure = selectionSet(definition.selectionSet);
    measuring.delete(name);
    measured.set(name, measure);
    return measure;
  };

  const selectionSet = (set: SelectionSetNode | undefined): SelectionMeasure => {
    let rootFields = 0;
    let fields = 0;
    let depth = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const below = selectionSet(selection.selectionSet);
        rootFields = add(rootFields, 1);
        fields = add(fields, add(1, below.fields));
        if (!selection.name.value.startsWith('__')) depth = Math.max(depth, 1 + below.depth);
      } else {
        const spread = selection.kind === Kind.INLINE_FRAGMENT ? selectionSet(selection.selectionSet) : fragment(selection.name.value);
        rootFields = add(rootFields, spread.rootFields);
        fields = add(fields, spread.fields);
        depth = Math.max(depth, spread.depth);
      }
    }
    return { rootFields, fields, depth };
  };

  return selectionSet;
}
