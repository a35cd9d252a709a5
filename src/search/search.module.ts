import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { MeiliService } from './meili.service';
import { DocumentsModule } from '../documents/documents.module';
import { PassageDocumentsService } from './passage-documents.service';
import { OutboxWorker } from './outbox-worker.service';
import { SearchDocumentsService } from './search-documents.service';
import { SearchIndexService } from './search-index.service';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** Everything Meilisearch: the engine, the derived index, the outbox worker and the search query. */
@Module({
  imports: [TaxonomyModule, CatalogueModule, DocumentsModule],
  providers: [MeiliService, SearchDocumentsService, PassageDocumentsService, SearchIndexService, SearchService, SearchResolver],
  exports: [MeiliService, SearchIndexService, SearchDocumentsService, PassageDocumentsService, SearchService],
})
export class SearchModule {}

/** The server also runs the outbox worker; the CLI uses SearchModule without it. */
@Module({
  imports: [SearchModule],
  providers: [OutboxWorker],
  exports: [OutboxWorker],
})
export class SearchWorkerModule {}
