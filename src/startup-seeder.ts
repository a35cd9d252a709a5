import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { withStartUpLock } from './database/start-up-lock';
import { SeedService } from './seed/seed.service';

/** On first start with an empty database, load taxonomies and the seed collection. */
@Injectable()
export class StartupSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly seeds: SeedService,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedOnStart) return;
    // One replica seeds; the others, waiting on the lock, then find the database no longer empty.
    await withStartUpLock(this.dataSource, async () => {
      if (!(await this.seeds.isEmpty())) return;
      this.logger.log('Empty database: loading taxonomies and the seed collection');
      const report = await this.seeds.seed();
      this.logger.log(`Seed collection loaded: ${JSON.stringify(report.created)}`);
    });
  }
}
