import { CitationsModule } from '../citations/citations.module';
import { ImportsModule } from '../imports/imports.module';
import { ImportPagesService } from './import-pages.service';
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DocumentsModule } from '../documents/documents.module';
import { SearchModule } from '../search/search.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { AssetsService } from './assets.service';
import { CsrfService } from './csrf.service';
import { ExplorerMiddleware } from './explorer.middleware';
import { WebErrorPages } from './web-error-pages';
import { WebPagesService } from './web-pages.service';
import { WebController } from './web.controller';
import { RecordWorkspaceService } from './record-workspace.service';
import { WorkspacePagesService } from './workspace-pages.service';
import { WorkspaceController } from './workspace.controller';
import { AccountPagesService } from './account-pages.service';
import { ReviewPagesService } from './review-pages.service';

/** The server-rendered web front end: one more client of the same services as the GraphQL API. */
@Module({
  imports: [TaxonomyModule, CatalogueModule, DocumentsModule, SearchModule, CitationsModule, ImportsModule],
  controllers: [WebController, WorkspaceController],
  providers: [
    AssetsService,
    CsrfService,
    ImportPagesService,
    WebPagesService,
    WorkspacePagesService,
    RecordWorkspaceService,
    ReviewPagesService,
    AccountPagesService,
    WebErrorPages,
  ],
  exports: [WebErrorPages],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ExplorerMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.GET });
  }
}
