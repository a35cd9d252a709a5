import { createUnionType } from '@nestjs/graphql';
import { ActionPlan } from '../catalogue/entities/action-plan.entity';
import { GoodPractice } from '../catalogue/entities/good-practice.entity';
import { Tool } from '../catalogue/entities/tool.entity';
import { Paginated } from '../common/pagination';
import { DocumentPassage } from './document-passage.entity';

export const DocumentRecord = createUnionType({
  name: 'DocumentRecord',
  description: 'The plan, practice or tool a document is attached to.',
  types: () => [ActionPlan, GoodPractice, Tool] as const,
  resolveType: (value: object) => value.constructor,
});

export const PassagePage = Paginated(DocumentPassage, 'PassagePage');
