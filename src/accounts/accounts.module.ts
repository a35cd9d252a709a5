import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CountersModule } from '../common/counters/counters.module';
import { DatabaseModule } from '../database/database.module';
import { AccessGuard } from './access.guard';
import { AccountsResolver, AuditEntryResolver } from './accounts.resolver';
import { AccountsService } from './accounts.service';
import { AuditService } from './audit.service';
import { AuthMiddleware } from './auth.middleware';
import { ApiToken } from './entities/api-token.entity';
import { AuditEntry } from './entities/audit-entry.entity';
import { RecordRevision } from './entities/record-revision.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { User } from './entities/user.entity';
import { WebSession } from './entities/web-session.entity';
import { LoginThrottle } from './login-throttle';
import { RequestRateLimit } from './request-rate-limit';
import { TokensService } from './tokens.service';

const ACCOUNT_ENTITIES = [User, RefreshToken, ApiToken, AuditEntry, RecordRevision, WebSession];

/** Users, sessions, API tokens, the audit trail; used by the other modules, using none of them. */
@Global()
@Module({
  imports: [DatabaseModule, CountersModule, TypeOrmModule.forFeature(ACCOUNT_ENTITIES)],
  providers: [TokensService, LoginThrottle, AccountsService, AuditService, AccountsResolver, AuditEntryResolver, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AccountsService, AuditService, TokensService],
})
export class AccountsModule implements NestModule {
  constructor(tokens: TokensService) {
    void tokens.secret; // a missing or weak JWT_SECRET stops the start-up here, with its reason
  }

  configure(consumer: MiddlewareConsumer): void {
    // Who asks first, then how often they asked. /metrics checks its own token (METRICS_TOKEN), never an account's.
    consumer.apply(AuthMiddleware, RequestRateLimit).exclude({ path: 'metrics', method: RequestMethod.GET }).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

/** Without HTTP (the command line): users and the audit trail only. */
@Global()
@Module({
  imports: [DatabaseModule, CountersModule, TypeOrmModule.forFeature(ACCOUNT_ENTITIES)],
  providers: [TokensService, LoginThrottle, AccountsService, AuditService],
  exports: [AccountsService, AuditService],
})
export class AccountsCoreModule {}
