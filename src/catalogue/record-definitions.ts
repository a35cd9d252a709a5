import { FilterTarget } from './catalogue-filter.builder';
import { ActionPlan } from './entities/action-plan.entity';
import type { CatalogueRecord } from './entities/record-base';
import { GoodPractice } from './entities/good-practice.entity';
import { LocalGovernment } from './entities/local-government.entity';
import { TAXONOMY_LINKS, type TaggedRecordType } from './entities/taxonomy-links';
import { Tool } from './entities/tool.entity';
import { RecordType } from './enums';
import type { RecordDefinition } from './record-options';

/** How each record type maps onto the shared filter builder and record store. */

const ACTION_PLAN_TARGET: FilterTarget = {
  alias: 'ap',
  placeAlias: 'lg',
  links: TAXONOMY_LINKS[RecordType.ACTION_PLAN],
  yearColumn: 'year',
  languagesColumn: 'languages',
  titleProperty: 'title',
  yearProperty: 'year',
};

const GOOD_PRACTICE_TARGET: FilterTarget = {
  alias: 'gp',
  placeAlias: 'lg',
  links: TAXONOMY_LINKS[RecordType.GOOD_PRACTICE],
  yearColumn: 'start_year',
  titleProperty: 'title',
  yearProperty: 'startYear',
};

const TOOL_TARGET: FilterTarget = {
  alias: 'tl',
  links: TAXONOMY_LINKS[RecordType.TOOL],
  yearColumn: 'year',
  languagesColumn: 'languages',
  titleProperty: 'title',
  yearProperty: 'year',
};

const LOCAL_GOVERNMENT_TARGET: FilterTarget = {
  alias: 'lg',
  placeAlias: 'lg',
  titleProperty: 'name',
  yearProperty: 'humanRightsCitySince',
  contentVia: [
    { table: 'action_plan', ownerColumn: 'local_government_id', target: { ...ACTION_PLAN_TARGET, alias: 'via_ap' } },
    { table: 'good_practice', ownerColumn: 'local_government_id', target: { ...GOOD_PRACTICE_TARGET, alias: 'via_gp' } },
  ],
};

export const ACTION_PLAN_DEFINITION = {
  type: RecordType.ACTION_PLAN,
  entity: ActionPlan,
  label: 'action plan',
  collection: 'action-plans',
  pagePath: 'plans',
  holdsDocuments: true,
  tagged: true,
  citable: true,
  references: { localGovernmentId: RecordType.LOCAL_GOVERNMENT },
  target: ACTION_PLAN_TARGET,
  joinPlace: (qb) => qb.innerJoin(LocalGovernment, 'lg', 'lg.id = ap.local_government_id'),
} satisfies RecordDefinition<ActionPlan>;

export const GOOD_PRACTICE_DEFINITION = {
  type: RecordType.GOOD_PRACTICE,
  entity: GoodPractice,
  label: 'good practice',
  collection: 'good-practices',
  pagePath: 'practices',
  holdsDocuments: true,
  tagged: true,
  citable: true,
  references: { localGovernmentId: RecordType.LOCAL_GOVERNMENT, actionPlanId: RecordType.ACTION_PLAN },
  target: GOOD_PRACTICE_TARGET,
  joinPlace: (qb) => qb.innerJoin(LocalGovernment, 'lg', 'lg.id = gp.local_government_id'),
} satisfies RecordDefinition<GoodPractice>;

export const TOOL_DEFINITION = {
  type: RecordType.TOOL,
  entity: Tool,
  label: 'tool',
  collection: 'tools',
  pagePath: 'tools',
  holdsDocuments: true,
  tagged: true,
  citable: true,
  references: {},
  target: TOOL_TARGET,
} satisfies RecordDefinition<Tool>;

export const LOCAL_GOVERNMENT_DEFINITION = {
  type: RecordType.LOCAL_GOVERNMENT,
  entity: LocalGovernment,
  label: 'local government',
  collection: 'local-governments',
  pagePath: 'places',
  holdsDocuments: false,
  tagged: false,
  citable: false,
  references: {},
  target: LOCAL_GOVERNMENT_TARGET,
} satisfies RecordDefinition<LocalGovernment>;

/**
 * Every record type's definition, in the order the API's unions and the pages list them. Exhaustive:
 * a new RecordType value does not compile without its entry. Code that works across record types
 * (unions, search, seeding, pages, exports) iterates over this instead of naming the types.
 */
const DEFINITIONS: {
  readonly [K in RecordType]: RecordDefinition<CatalogueRecord> & {
    type: K;
    // The flags agree with the types the compiler knows (DocumentRecordType, TaggedRecordType).
    holdsDocuments: K extends DocumentRecordType ? true : false;
    tagged: K extends TaggedRecordType ? true : false;
  };
} = {
  [RecordType.ACTION_PLAN]: ACTION_PLAN_DEFINITION,
  [RecordType.GOOD_PRACTICE]: GOOD_PRACTICE_DEFINITION,
  [RecordType.TOOL]: TOOL_DEFINITION,
  [RecordType.LOCAL_GOVERNMENT]: LOCAL_GOVERNMENT_DEFINITION,
} as const;

export const RECORD_DEFINITIONS: readonly RecordDefinition<CatalogueRecord>[] = Object.values(DEFINITIONS);

/** Record types documents can be attached to. */
export type DocumentRecordType = RecordType.ACTION_PLAN | RecordType.GOOD_PRACTICE | RecordType.TOOL;
export const DOCUMENT_RECORD_TYPES = RECORD_DEFINITIONS.filter((d) => d.holdsDocuments).map((d) => d.type) as readonly DocumentRecordType[];

export function holdsDocuments(type: RecordType): type is DocumentRecordType {
  return DEFINITIONS[type].holdsDocuments;
}

export function isCitable(type: RecordType): boolean {
  return DEFINITIONS[type].citable;
}

export function isTagged(type: RecordType): type is TaggedRecordType {
  return DEFINITIONS[type].tagged;
}

export function definitionOf(type: RecordType): RecordDefinition<CatalogueRecord> {
  return DEFINITIONS[type];
}

/** The definition of an entity instance's record type. */
export function definitionOfRecord(record: CatalogueRecord): RecordDefinition<CatalogueRecord> {
  const found = RECORD_DEFINITIONS.find((d) => record instanceof d.entity);
  if (!found) throw new Error(`Not a catalogue record: ${record.constructor.name}`);
  return found;
}

/** The definition whose pages live under this path segment, if any. */
export function definitionOfPagePath(pagePath: string): RecordDefinition<CatalogueRecord> | undefined {
  return RECORD_DEFINITIONS.find((d) => d.pagePath === pagePath);
}

/** The definition of a collection name (`action-plans`: exports, imports, seed files), if any. */
export function definitionOfCollection(collection: string): RecordDefinition<CatalogueRecord> | undefined {
  return RECORD_DEFINITIONS.find((d) => d.collection === collection);
}

/** The definitions in an order where every record type comes after the types it references (seeding, imports). */
export function definitionsByDependency(): RecordDefinition<CatalogueRecord>[] {
  const ordered: RecordDefinition<CatalogueRecord>[] = [];
  const visit = (definition: RecordDefinition<CatalogueRecord>) => {
    if (ordered.includes(definition)) return;
    for (const type of Object.values(definition.references)) if (type !== definition.type) visit(DEFINITIONS[type]);
    ordered.push(definition);
  };
  RECORD_DEFINITIONS.forEach(visit);
  return ordered;
}
