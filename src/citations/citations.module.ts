import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CITATION_RESOLVERS } from './citations.resolver';
import { CitationsService } from './citations.service';

/** Citations of plans, practices and tools (GraphQL `citation`, the record pages' "Cite this"). */
@Module({
  imports: [CatalogueModule],
  providers: [CitationsService, ...CITATION_RESOLVERS],
  exports: [CitationsService],
})
export class CitationsModule {}
