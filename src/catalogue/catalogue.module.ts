import { Module } from '@nestjs/common';
import { ChangesResolver } from './changes.resolver';
import { ChangesService } from './changes.service';
import { ChangeEvent, PublicRecordState } from './entities/change-event.entity';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../database/database.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { ActionPlansService } from './action-plans.service';
import { CatalogueFilterBuilder } from './catalogue-filter.builder';
import { CatalogueStatsResolver } from './catalogue-stats.resolver';
import { CatalogueStatsService } from './catalogue-stats.service';
import { ActionPlansResolver, GoodPracticesResolver, LocalGovernmentsResolver, ToolsResolver } from './catalogue.resolvers';
import { ActionPlan } from './entities/action-plan.entity';
import { GoodPractice } from './entities/good-practice.entity';
import { LocalGovernment } from './entities/local-government.entity';
import { TAXONOMY_LINK_ENTITIES } from './entities/taxonomy-links';
import { Tool } from './entities/tool.entity';
import { GoodPracticesService } from './good-practices.service';
import { LocalGovernmentsService } from './local-governments.service';
import { RecordStoreFactory } from './record-store';
import { RecordStores } from './record-stores';
import { RevisionsResolver } from './revisions.resolver';
import { RevisionsService } from './revisions.service';
import { TaxonomyLinksService } from './taxonomy-links.service';
import { ToolsService } from './tools.service';

@Module({
  imports: [DatabaseModule, TaxonomyModule, TypeOrmModule.forFeature([LocalGovernment, ActionPlan, GoodPractice, Tool, ChangeEvent, PublicRecordState, ...TAXONOMY_LINK_ENTITIES])],
  providers: [
    CatalogueFilterBuilder,
    ChangesService,
    ChangesResolver,
    RecordStoreFactory,
    TaxonomyLinksService,
    LocalGovernmentsService,
    ActionPlansService,
    GoodPracticesService,
    ToolsService,
    RecordStores,
    CatalogueStatsService,
    LocalGovernmentsResolver,
    ActionPlansResolver,
    GoodPracticesResolver,
    ToolsResolver,
    CatalogueStatsResolver,
    RevisionsService,
    RevisionsResolver,
  ],
  exports: [
    ChangesService,
    CatalogueFilterBuilder,
    TaxonomyLinksService,
    RecordStores,
    CatalogueStatsService,
    LocalGovernmentsService,
    ActionPlansService,
    GoodPracticesService,
    ToolsService,
    RevisionsService,
  ],
})
export class CatalogueModule {}
