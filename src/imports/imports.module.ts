import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DocumentsModule } from '../documents/documents.module';
import { ImportService } from './import.service';

/** Bulk import of records from CSV (or a ZIP with documents): the CLI's `import` and the workspace's import page. */
@Module({
  imports: [CatalogueModule, DocumentsModule],
  providers: [ImportService],
  exports: [ImportService],
})
export class ImportsModule {}
