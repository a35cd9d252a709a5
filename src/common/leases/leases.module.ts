import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkerLease } from './worker-lease.entity';
import { WorkerLeases } from './worker-leases';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WorkerLease])],
  providers: [WorkerLeases],
  exports: [WorkerLeases],
})
export class LeasesModule {}
