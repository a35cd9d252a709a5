import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { MemoryCounters, RedisCounters, SharedCounters } from './shared-counters';

/** The throttling counters: in Redis when REDIS_URL is set (shared by replicas), else in this process. */
@Global()
@Module({
  providers: [
    {
      provide: SharedCounters,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.redisUrl ? new RedisCounters(config.redisUrl, config.redisKeyPrefix) : new MemoryCounters()),
    },
  ],
  exports: [SharedCounters],
})
export class CountersModule implements OnApplicationShutdown {
  constructor(@Inject(SharedCounters) private readonly counters: SharedCounters) {}

  onApplicationShutdown(): Promise<void> {
    return this.counters.close();
  }
}
