import { Module } from '@nestjs/common';
import { LeasesModule } from '../common/leases/leases.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { MeiliService } from './meili.service';
import { DocumentsModule } from '../documents/documents.module';
import { PassageEntriesService } from './passage-entries.service';
import { OutboxWorker } from './outbox-worker.service';
import { IndexEntriesService } from './index-entries.service';
import { SearchIndexService } from './search-index.service';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** Everything Meilisearch: the engine, the derived index, the outbox worker and the search query. */
@Module({
  imports: [TaxonomyModule, CatalogueModule, DocumentsModule],
  providers: [MeiliService, IndexEntriesService, PassageEntriesService, SearchIndexService, SearchService, SearchResolver],
  exports: [MeiliService, SearchIndexService, IndexEntriesService, PassageEntriesService, SearchService],
})
export class SearchModule {}

/** The server also runs the outbox worker; the CLI uses SearchModule without it. */
@Module({
  imports: [SearchModule, CatalogueModule, LeasesModule],
  providers: [OutboxWorker],
  exports: [OutboxWorker],
})
export class SearchWorkerModule {}
