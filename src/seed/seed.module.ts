import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DocumentsModule } from '../documents/documents.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { SeedService } from './seed.service';

@Module({
  imports: [TaxonomyModule, CatalogueModule, DocumentsModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
