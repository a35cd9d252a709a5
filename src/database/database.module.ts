import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { TransactionRunner } from './transaction-runner';
import { withStartUpLock } from './start-up-lock';
import { useImmediateSqliteTransactions } from './sqlite-transactions';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config), autoLoadEntities: true, retryAttempts: 3 }),
      // Migrations one process at a time (replicas starting together), then the data source is ready.
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const dataSource = new DataSource({ ...options!, migrationsRun: false });
        // SQLite shared with the CLI (or the server): write transactions take the lock first and wait for it.
        useImmediateSqliteTransactions(dataSource);
        await dataSource.initialize();
        try {
          await withStartUpLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
        } catch (error) {
          await dataSource.destroy(); // a retry opens a pool of its own
          throw error;
        }
        return dataSource;
      },
    }),
  ],
  providers: [TransactionRunner],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
