import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { MetricsController } from './metrics.controller';
import { ParkedWorkResolver } from './parked-work.resolver';
import { ParkedWorkService } from './parked-work.service';

/** Running the service: its metrics, and the parked work admins look after. */
@Module({
  imports: [DocumentsModule],
  controllers: [MetricsController],
  providers: [ParkedWorkService, ParkedWorkResolver],
})
export class OperationsModule {}
