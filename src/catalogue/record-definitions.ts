import { FilterTarget } from './catalogue-filter.builder';
import { ActionPlan } from './entities/action-plan.entity';
import { GoodPractice } from './entities/good-practice.entity';
import { LocalGovernment } from './entities/local-government.entity';
import { TAXONOMY_LINKS } from './entities/taxonomy-links';
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

export const ACTION_PLAN_DEFINITION: RecordDefinition<ActionPlan> = {
  type: RecordType.ACTION_PLAN,
  entity: ActionPlan,
  label: 'action plan',
  target: ACTION_PLAN_TARGET,
  joinPlace: (qb) => qb.innerJoin(LocalGovernment, 'lg', 'lg.id = ap.local_government_id'),
};

export const GOOD_PRACTICE_DEFINITION: RecordDefinition<GoodPractice> = {
  type: RecordType.GOOD_PRACTICE,
  entity: GoodPractice,
  label: 'good practice',
  target: GOOD_PRACTICE_TARGET,
  joinPlace: (qb) => qb.innerJoin(LocalGovernment, 'lg', 'lg.id = gp.local_government_id'),
};

export const TOOL_DEFINITION: RecordDefinition<Tool> = { type: RecordType.TOOL, entity: Tool, label: 'tool', target: TOOL_TARGET };

export const LOCAL_GOVERNMENT_DEFINITION: RecordDefinition<LocalGovernment> = {
  type: RecordType.LOCAL_GOVERNMENT,
  entity: LocalGovernment,
  label: 'local government',
  target: LOCAL_GOVERNMENT_TARGET,
};
