import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Page, PageArgs } from '../common/data/pagination';
import { Role } from './actor';
import { CreateUserInput, UpdateUserInput } from './accounts.inputs';
import { AccountsService } from './accounts.service';
import { AuditEntryList, CreatedApiToken, Session, UserList } from './accounts.types';
import { AuditService, parseChanges } from './audit.service';
import { AllowAnonymous, Ctx, RequireRole } from './auth.decorators';
import { RequestContext } from './request-context';
import { ApiToken } from './entities/api-token.entity';
import { AuditEntry, FieldChange } from './entities/audit-entry.entity';
import { RecordRevision } from './entities/record-revision.entity';
import { User } from './entities/user.entity';

@Resolver()
export class AccountsResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  @Mutation(() => Session, { description: 'Signs in. Failed attempts are limited per IP address and per account from an address; a failure never says which part was wrong.' })
  @AllowAnonymous()
  login(@Ctx() ctx: RequestContext, @Args('email') email: string, @Args('password') password: string): Promise<Session> {
    return this.accounts.login(ctx, email, password);
  }

  @Mutation(() => Session, { description: 'A new session for a refresh token; the old refresh token stops working (rotation).' })
  @AllowAnonymous()
  refreshSession(@Ctx() ctx: RequestContext, @Args('refreshToken') refreshToken: string): Promise<Session> {
    return this.accounts.refresh(ctx, refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Ends the session of this refresh token (its access token lapses within minutes).' })
  @AllowAnonymous()
  logout(@Ctx() ctx: RequestContext, @Args('refreshToken') refreshToken: string): Promise<boolean> {
    return this.accounts.logout(ctx, refreshToken);
  }

  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  me(@Ctx() ctx: RequestContext): Promise<User | null> {
    return this.accounts.me(ctx);
  }

  @Query(() => UserList)
  @RequireRole(Role.ADMIN)
  users(@Ctx() ctx: RequestContext, @Args() page: PageArgs): Promise<Page<User>> {
    return this.accounts.users(ctx, page);
  }

  @Mutation(() => User)
  @RequireRole(Role.ADMIN)
  createUser(@Ctx() ctx: RequestContext, @Args('input') input: CreateUserInput): Promise<User> {
    return this.accounts.createUser(ctx, input);
  }

  @Mutation(() => User)
  @RequireRole(Role.ADMIN)
  updateUser(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateUserInput): Promise<User> {
    return this.accounts.updateUser(ctx, id, input);
  }

  @Mutation(() => CreatedApiToken, { description: 'A personal API token for scripts: send it as "Authorization: Bearer lrkb_…". Shown once.' })
  @RequireRole(Role.CURATOR)
  createApiToken(@Ctx() ctx: RequestContext, @Args('name') name: string): Promise<CreatedApiToken> {
    return this.accounts.createApiToken(ctx, name);
  }

  @Query(() => [ApiToken], { description: "Your API tokens (admins: anyone's, with userId)." })
  @RequireRole(Role.CURATOR)
  apiTokens(@Ctx() ctx: RequestContext, @Args('userId', { type: () => ID, nullable: true }) userId: string | null): Promise<ApiToken[]> {
    return this.accounts.apiTokens(ctx, userId);
  }

  @Mutation(() => ApiToken)
  @RequireRole(Role.CURATOR)
  revokeApiToken(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<ApiToken> {
    return this.accounts.revokeApiToken(ctx, id);
  }

  @Query(() => AuditEntryList, { description: 'Editors: the changes to one record (recordId) or by one user (userId), newest first.' })
  @RequireRole(Role.EDITOR)
  auditLog(
    @Ctx() ctx: RequestContext,
    @Args('recordId', { type: () => ID, nullable: true }) recordId: string | null,
    @Args('userId', { type: () => ID, nullable: true }) userId: string | null,
    @Args() page: PageArgs,
  ): Promise<Page<AuditEntry>> {
    return this.audit.log(ctx, { recordId, userId }, page);
  }

  @Query(() => [RecordRevision], { description: 'Editors: every version of a record, newest first.' })
  @RequireRole(Role.EDITOR)
  revisions(@Args('recordId', { type: () => ID }) recordId: string): Promise<RecordRevision[]> {
    return this.audit.revisions(recordId);
  }
}

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @ResolveField(() => [FieldChange])
  changes(@Parent() entry: AuditEntry): FieldChange[] {
    return parseChanges(entry);
  }
}
