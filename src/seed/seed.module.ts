import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { SeedService } from './seed.service';

@Module({
  imports: [TaxonomyModule, CatalogueModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
