import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import { pinoParams } from './common/http/logging';
import type { Request } from 'express';
import { AccountsModule } from './accounts/accounts.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { complexityLimitPlugin } from './common/graphql/complexity.plugin';
import { graphqlMetricsPlugin } from './common/metrics/http-metrics';
import { Metrics } from './common/metrics/metrics';
import { MetricsModule } from './common/metrics/metrics.module';
import { LeasesModule } from './common/leases/leases.module';
import { breadthLimitRule } from './common/graphql/breadth-limit.rule';
import { depthLimitRule } from './common/graphql/depth-limit.rule';
import { createGraphqlErrorFormatter } from './common/graphql/graphql-errors';
import { AppValidationPipe } from './common/input/validation';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { OutboxModule } from './common/outbox/outbox.module';
import { ExtractionWorkerModule } from './documents/documents.module';
import { CitationsModule } from './citations/citations.module';
import { ExportsModule } from './exports/exports.module';
import { ImportsModule } from './imports/imports.module';
import { HealthModule } from './health/health.module';
import { OperationsModule } from './operations/operations.module';
import { SearchWorkerModule } from './search/search.module';
import { SeedModule } from './seed/seed.module';
import { StartupSeeder } from './startup-seeder';
import { TaxonomyModule } from './taxonomy/taxonomy.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: pinoParams }),
    DatabaseModule,
    MetricsModule,
    LeasesModule,
    OutboxModule,
    AccountsModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG, Metrics],
      useFactory: (config: AppConfig, metrics: Metrics) => {
        const development = config.nodeEnv === 'development';
        return {
          autoSchemaFile: true, // the committed schema.graphql is written by `npm run schema` and checked by a test
          sortSchema: true,
          playground: false,
          introspection: true, // a public, documented API: researchers explore it
          // No HTTP cache hints are used; the cache-control plugin would wrap every field resolver (measured: ~10% of a search).
          plugins: [
            // The explorer at GET /graphql is ours (src/web/explorer.middleware.ts): no CDN.
            ApolloServerPluginLandingPageDisabled(),
            ApolloServerPluginCacheControlDisabled(),
            // Estimated cost (fields × page sizes); 100 plans with every nested field cost about 9,000.
            complexityLimitPlugin(config.graphqlLimits.maxComplexity),
            graphqlMetricsPlugin(metrics),
          ],
          // Apollo's CSRF prevention stays on (the default): browsers' simple requests are refused.
          csrfPrevention: true,
          includeStacktraceInErrorResponses: development,
          formatError: createGraphqlErrorFormatter(development),
          // Too many tokens stop the parser itself, before a syntax tree is built (see graphql-errors.ts for the code).
          parseOptions: { maxTokens: config.graphqlLimits.maxTokens },
          validationRules: [breadthLimitRule(config.graphqlLimits), depthLimitRule(config.graphqlLimits.maxDepth)],
          context: ({ req }: { req: Request }) => ({ req }),
          // Compact JSON: Apollo indents every response by default (measured: 2.5 % of a search's CPU, and
          // larger bodies to write). Scripts parse it; people read it in the explorer, which formats it.
          stringifyResult: (value: unknown) => JSON.stringify(value),
        };
      },
    }),
    TaxonomyModule,
    CatalogueModule,
    SearchWorkerModule,
    ExtractionWorkerModule,
    SeedModule,
    HealthModule,
    OperationsModule,
    ExportsModule,
    CitationsModule,
    ImportsModule,
    WebModule,
  ],
  providers: [{ provide: APP_PIPE, useClass: AppValidationPipe }, StartupSeeder],
})
export class AppModule {}
