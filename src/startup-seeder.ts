import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { SeedService } from './seed/seed.service';

/** On first start with an empty database, load taxonomies and the seed collection. */
@Injectable()
export class StartupSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly seeds: SeedService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedOnStart || !(await this.seeds.isEmpty())) return;
    this.logger.log('Empty database: loading taxonomies and the seed collection');
    const report = await this.seeds.seed();
    this.logger.log(`Seed collection loaded: ${JSON.stringify(report.created)}`);
  }
}
