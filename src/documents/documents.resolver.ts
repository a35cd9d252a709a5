import { Ctx } from '../accounts/auth.decorators';
import { RequestContext } from '../accounts/request-context';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ActionPlan } from '../catalogue/entities/action-plan.entity';
import { GoodPractice } from '../catalogue/entities/good-practice.entity';
import { CatalogueRecord } from '../catalogue/entities/record-base';
import { Tool } from '../catalogue/entities/tool.entity';
import { RecordType } from '../catalogue/enums';
import { RecordStores } from '../catalogue/record-stores';
import { Page, PageArgs } from '../common/data/pagination';
import { DocumentPassage } from './document-passage.entity';
import { Document } from './document.entity';
import type { DocumentRecordType } from '../catalogue/record-definitions';
import { UpdateDocumentInput } from './document.inputs';
import { DocumentRecord, PassagePage } from './document.types';
import { fileUrl } from './documents.controller';
import { DocumentsService } from './documents.service';

const EXPECTED_VERSION = { type: () => Int, nullable: true, description: 'The `version` you loaded: a precondition, not data (no lost edits).' };

@Resolver(() => Document)
export class DocumentsResolver {
  constructor(
    private readonly documents: DocumentsService,
    private readonly stores: RecordStores,
  ) {}

  @Query(() => Document, { nullable: true, description: 'A document of a record you may see (the public: a published one); null when absent or archived.' })
  document(@Args('id', { type: () => ID }) id: string, @Ctx() ctx: RequestContext): Promise<Document | null> {
    return this.documents.findVisible(ctx, id);
  }

  @Mutation(() => Document, { description: 'Queues extraction again (e.g. after a failure).' })
  retryDocument(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', EXPECTED_VERSION) expectedVersion?: number | null,
  ): Promise<Document> {
    return this.documents.retry(ctx, id, expectedVersion);
  }

  @Mutation(() => Document, { description: 'Changes the title or language. With expectedVersion, refused with CONFLICT when the document changed since that version.' })
  updateDocument(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateDocumentInput,
    @Args('expectedVersion', EXPECTED_VERSION) expectedVersion?: number | null,
  ): Promise<Document> {
    return this.documents.update(ctx, id, input, expectedVersion);
  }

  @Mutation(() => Document, { description: 'Takes the document out of search, lists and downloads. Nothing is deleted.' })
  archiveDocument(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', EXPECTED_VERSION) expectedVersion?: number | null,
  ): Promise<Document> {
    return this.documents.archive(ctx, id, expectedVersion);
  }

  @ResolveField(() => DocumentRecord, { nullable: true, description: 'Null when you may not see the record.' })
  record(@Parent() document: Document, @Ctx() ctx: RequestContext): Promise<CatalogueRecord | null> {
    return this.stores.of(document.recordType).reads.visibleById(ctx, document.recordId);
  }

  @ResolveField(() => ID, { nullable: true, description: 'The earlier document with the same bytes, when this upload repeated one you may see.' })
  duplicateOf(@Parent() document: Document, @Ctx() ctx: RequestContext): Promise<string | null> {
    return this.documents.visibleDuplicateOf(ctx, document);
  }

  @ResolveField(() => String, { description: 'Where to download the original (append #page=N to open a PDF at a page).' })
  fileUrl(@Parent() document: Document): string {
    return fileUrl(document.id);
  }

  @ResolveField(() => PassagePage, { description: 'The extracted passages in reading order; `page` keeps one PDF page.' })
  passages(@Parent() document: Document, @Args('page', { type: () => Int, nullable: true }) page: number | null, @Args() paging: PageArgs): Promise<Page<DocumentPassage>> {
    return this.documents.passages(document.id, page, paging);
  }
}

/** `documents` on each record type that can have them. */
function RecordDocumentsResolver(type: typeof ActionPlan | typeof GoodPractice | typeof Tool, recordType: DocumentRecordType) {
  @Resolver(() => type)
  class Documents {
    constructor(readonly documents: DocumentsService) {}

    @ResolveField('documents', () => [Document], { description: 'Uploaded documents, oldest first (archived ones left out).' })
    documentsField(@Parent() record: CatalogueRecord, @Ctx() ctx: RequestContext): Promise<Document[]> {
      return this.documents.ofRecord(ctx, recordType, record.id);
    }
  }
  return Documents;
}

export const ActionPlanDocumentsResolver = RecordDocumentsResolver(ActionPlan, RecordType.ACTION_PLAN);
export const GoodPracticeDocumentsResolver = RecordDocumentsResolver(GoodPractice, RecordType.GOOD_PRACTICE);
export const ToolDocumentsResolver = RecordDocumentsResolver(Tool, RecordType.TOOL);
