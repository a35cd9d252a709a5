import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { DocumentPassage } from './document-passage.entity';
import { Document } from './document.entity';
import { DocumentsController } from './documents.controller';
import { ActionPlanDocumentsResolver, DocumentsResolver, GoodPracticeDocumentsResolver, ToolDocumentsResolver } from './documents.resolver';
import { DocumentsService } from './documents.service';
import { ExtractionQueue } from './extraction/extraction-queue.service';
import { ExtractionSignal } from './extraction/extraction-signal';
import { BLOB_STORAGE } from './storage/blob-storage';
import { LocalBlobStorage } from './storage/local-blob-storage';

/** Uploaded documents: storage, upload and download routes, GraphQL fields and curation. */
@Module({
  imports: [DatabaseModule, CatalogueModule, TypeOrmModule.forFeature([Document, DocumentPassage])],
  controllers: [DocumentsController],
  providers: [
    { provide: BLOB_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalBlobStorage(config.filesDir) },
    ExtractionSignal,
    DocumentsService,
    DocumentsResolver,
    ActionPlanDocumentsResolver,
    GoodPracticeDocumentsResolver,
    ToolDocumentsResolver,
  ],
  exports: [DocumentsService, BLOB_STORAGE, ExtractionSignal],
})
export class DocumentsModule {}

/** The server also runs the extraction queue; the CLI uses DocumentsModule without it. */
@Module({
  imports: [DocumentsModule],
  providers: [ExtractionQueue],
  exports: [ExtractionQueue],
})
export class ExtractionWorkerModule {}
