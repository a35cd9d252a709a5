import { createUnionType } from '@nestjs/graphql';
import { RECORD_DEFINITIONS } from '../catalogue/record-definitions';
import { Paginated } from '../common/data/pagination';
import { DocumentPassage } from './document-passage.entity';

export const DocumentRecord = createUnionType({
  name: 'DocumentRecord',
  description: 'The plan, practice or tool a document is attached to.',
  types: () => RECORD_DEFINITIONS.filter((d) => d.holdsDocuments).map((d) => d.entity),
  resolveType: (value: object) => value.constructor,
});

export const PassagePage = Paginated(DocumentPassage, 'PassagePage');
