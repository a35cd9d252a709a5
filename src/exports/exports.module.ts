import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { SearchModule } from '../search/search.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** The rows behind lists and searches as CSV, JSON and NDJSON files (researchers' exports). */
@Module({
  imports: [CatalogueModule, SearchModule],
  controllers: [ExportsController],
  providers: [ExportsService],
  exports: [ExportsService],
})
export class ExportsModule {}
