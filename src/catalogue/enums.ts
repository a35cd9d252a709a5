import { registerEnumType } from '@nestjs/graphql';

export enum EditorialStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

export enum RecordType {
  ACTION_PLAN = 'ACTION_PLAN',
  GOOD_PRACTICE = 'GOOD_PRACTICE',
  TOOL = 'TOOL',
  LOCAL_GOVERNMENT = 'LOCAL_GOVERNMENT',
}

export enum LocalGovernmentKind {
  CITY = 'CITY',
  MUNICIPALITY = 'MUNICIPALITY',
  DISTRICT = 'DISTRICT',
  REGION = 'REGION',
  OTHER = 'OTHER',
}

export enum ActionPlanKind {
  HUMAN_RIGHTS = 'HUMAN_RIGHTS',
  EQUALITY = 'EQUALITY',
  ANTI_RACISM = 'ANTI_RACISM',
  GENDER_EQUALITY = 'GENDER_EQUALITY',
  CHILD_RIGHTS = 'CHILD_RIGHTS',
  DISABILITY_INCLUSION = 'DISABILITY_INCLUSION',
  SOCIAL_INCLUSION = 'SOCIAL_INCLUSION',
  OTHER = 'OTHER',
}

export enum ActionPlanLifecycle {
  IN_PREPARATION = 'IN_PREPARATION',
  ADOPTED = 'ADOPTED',
  IN_IMPLEMENTATION = 'IN_IMPLEMENTATION',
  EVALUATED = 'EVALUATED',
  EXPIRED = 'EXPIRED',
}

export enum ToolKind {
  TOOLKIT = 'TOOLKIT',
  GUIDE = 'GUIDE',
  INDICATOR_SET = 'INDICATOR_SET',
  TRAINING_MATERIAL = 'TRAINING_MATERIAL',
  PUBLICATION = 'PUBLICATION',
  CHARTER = 'CHARTER',
  OUTCOME_DOCUMENT = 'OUTCOME_DOCUMENT',
}

export enum CatalogueSort {
  TITLE_ASC = 'TITLE_ASC',
  TITLE_DESC = 'TITLE_DESC',
  YEAR_ASC = 'YEAR_ASC',
  YEAR_DESC = 'YEAR_DESC',
  NEWEST = 'NEWEST',
  RECENTLY_UPDATED = 'RECENTLY_UPDATED',
}

registerEnumType(EditorialStatus, {
  name: 'EditorialStatus',
  description:
    'DRAFT → IN_REVIEW → PUBLISHED → ARCHIVED (restore, returnToDraft). Only PUBLISHED records are visible to the public; signed-in curators also see their own drafts, editors every record.',
});
registerEnumType(RecordType, { name: 'RecordType' });
registerEnumType(LocalGovernmentKind, { name: 'LocalGovernmentKind' });
registerEnumType(ActionPlanKind, { name: 'ActionPlanKind' });
registerEnumType(ActionPlanLifecycle, { name: 'ActionPlanLifecycle' });
registerEnumType(ToolKind, { name: 'ToolKind' });
registerEnumType(CatalogueSort, {
  name: 'CatalogueSort',
  description:
    'TITLE sorts local governments by name; YEAR is the record year (plan: adoption year or period start; practice: start year; tool: year; local government: humanRightsCitySince).',
});
