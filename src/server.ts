import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as JsonLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfig, nestLogLevels } from './config/app-config';
import { configureHttp } from './http-setup';
import { acquireDataDirLock, DataDirLockedError } from './config/data-dir-lock';

export async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  let releaseLock: () => void;
  try {
    releaseLock = acquireDataDirLock(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  let app;
  try {
    app = await NestFactory.create(AppModule, { logger: nestLogLevels(config.logLevel), abortOnError: false, bufferLogs: config.logFormat === 'json' });
    if (config.logFormat === 'json') app.useLogger(app.get(JsonLogger));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  configureHttp(app, config);
  // A stop signal closes the app (every shutdown hook: extraction jobs handed back, the engine stopped),
  // then gives up the DATA_DIR lock. A second signal while closing ends the process at once.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void app.close().finally(() => {
        releaseLock();
        process.exit(0);
      });
    });
  }
  await app.listen(config.port);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  new Logger('Main').log(
    `Web pages: ${url}/ · GraphQL API and explorer: ${url}/graphql · health: ${url}/health · data: ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}`,
  );
  if (config.nodeEnv === 'production' && !config.metricsToken) {
    new Logger('Main').warn('METRICS_TOKEN is not set: GET /metrics is open to anyone who reaches the service; set it, or keep /metrics behind the proxy.');
  }
  if (config.nodeEnv === 'production' && !config.publicUrl) {
    // Permalinks in exports, citations and structured data would follow whatever Host a request sends.
    new Logger('Main').warn(
      "PUBLIC_URL is not set: permalinks in exports and citations take each request's Host header; set PUBLIC_URL to the public address (e.g. https://kb.example.org).",
    );
  }
}
