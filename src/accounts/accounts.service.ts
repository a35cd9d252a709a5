import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../common/errors';
import { Page, PageArgs, paginate } from '../common/data/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { access, ForbiddenError, UnauthenticatedError } from './access';
import { Actor, hasRole, Role } from './actor';
import { ActsOnBehalf, RequestContext } from './request-context';
import { LoginThrottle } from './login-throttle';
import { CreateUserInput, UpdateUserInput } from './accounts.inputs';
import { CreatedApiToken, Session } from './accounts.types';
import { AuditService, Snapshot } from './audit.service';
import { ApiToken } from './entities/api-token.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { User } from './entities/user.entity';
import { WebSession } from './entities/web-session.entity';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { AccessClaims, API_TOKEN_PREFIX, hashToken, TokensService } from './tokens.service';

/** The same answer for an unknown email, a wrong password and an inactive account: no user enumeration. */
const LOGIN_FAILED = 'Wrong email or password.';

/** What an access token of this user says, as of now. */
export function accessClaimsOf(user: User): AccessClaims {
  return { sub: user.id, email: user.email, role: user.role, gen: user.credentialsGeneration };
}

function userSnapshot(user: User): Snapshot {
  return { email: user.email, displayName: user.displayName, role: user.role, active: user.active };
}

@Injectable()
@ActsOnBehalf()
export class AccountsService {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---------------------------------------------------------------- users

  /** Admins create users; so does the command line (as the system). */
  async createUser(ctx: RequestContext, input: CreateUserInput): Promise<User> {
    access.require(ctx, Role.ADMIN, 'Creating users');
    const email = input.email.trim().toLowerCase();
    const passwordHash = await hashPassword(input.password);
    return this.tx.run(async (m) => {
      if (await m.findOne(User, { where: { email } })) throw new BadUserInputError('input.email', `a user with the email "${email}" already exists`, { rule: 'emailTaken' });
      const now = new Date();
      const user = await m.save(User, {
        id: randomUUID(),
        email,
        displayName: input.displayName.trim(),
        role: input.role,
        active: true,
        credentialsGeneration: 0,
        passwordHash,
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record(ctx, m, { action: 'createUser', recordType: 'USER', recordId: user.id, before: null, after: userSnapshot(user) });
      return user;
    });
  }

  async updateUser(ctx: RequestContext, id: string, input: UpdateUserInput): Promise<User> {
    access.require(ctx, Role.ADMIN, 'Changing users');
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    return this.tx.run(async (m) => {
      const user = await m.findOne(User, { where: { id } });
      if (!user) throw new NotFoundError('User', id);
      const before = userSnapshot(user);
      if (input.displayName !== undefined) user.displayName = input.displayName.trim();
      // What a credential vouches for: who (password), what they may do (role), whether at all (active).
      const credentialsChange = !!passwordHash || (input.role !== undefined && input.role !== user.role) || (input.active !== undefined && input.active !== user.active);
      if (input.role !== undefined) user.role = input.role;
      if (input.active !== undefined) user.active = input.active;
      if (before.role === Role.ADMIN && before.active && (user.role !== Role.ADMIN || !user.active)) await this.assertAnotherAdmin(m);
      if (passwordHash) user.passwordHash = passwordHash;
      if (credentialsChange) user.credentialsGeneration += 1;
      user.updatedAt = new Date();
      const saved = await m.save(User, user);
      // Every session, refresh token and API token ends at once; a reactivated user signs in anew.
      if (credentialsChange) await this.revokeCredentials(m, id);
      await this.audit.record(ctx, m, {
        action: 'updateUser',
        recordType: 'USER',
        recordId: id,
        before,
        after: { ...userSnapshot(saved), ...(passwordHash ? { password: 'changed' } : {}) },
      });
      return saved;
    });
  }

  /** Nobody could administer users any more: the last active admin keeps that role. */
  private async assertAnotherAdmin(m: EntityManager): Promise<void> {
    // Counted before this change is saved: the user being changed is still one of them.
    const admins = await m.count(User, { where: { role: Role.ADMIN, active: true } });
    if (admins <= 1) throw new BadUserInputError('input.role', 'this is the last active admin: make another user admin first', { rule: 'lastAdmin' });
  }

  async users(ctx: RequestContext, page: PageArgs): Promise<Page<User>> {
    access.require(ctx, Role.ADMIN, 'Listing users');
    return paginate(this.dataSource.manager.createQueryBuilder(User, 'u').orderBy('u.email', 'ASC'), page);
  }

  async me(ctx: RequestContext): Promise<User | null> {
    const actor = ctx.actor;
    return actor ? this.dataSource.manager.findOne(User, { where: { id: actor.userId } }) : null;
  }

  /** A user by email (the CLI's `--as`: the operator names who the work is done as). */
  userByEmail(email: string): Promise<User | null> {
    return this.dataSource.manager.findOne(User, { where: { email: email.trim().toLowerCase() } });
  }

  usersByIds(ids: readonly string[]): Promise<User[]> {
    return ids.length ? this.dataSource.manager.find(User, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  // ---------------------------------------------------------------- sessions

  /**
   * The user these credentials belong to; one generic UNAUTHENTICATED otherwise. Throttled by failures
   * (LoginThrottle). Shared by the `login` mutation and the workspace's sign-in form.
   */
  private async checkCredentials(ctx: RequestContext, emailInput: string, password: string): Promise<User> {
    const email = emailInput.trim().toLowerCase();
    const ip = ctx.details.ip ?? 'local';
    await this.throttle.check(email, ip);
    const user = await this.dataSource.manager.findOne(User, { where: { email } });
    // Verify against a decoy when there is no such user, so the answer takes as long either way.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !ok || !user.active) {
      await this.throttle.recordFailure(email, ip);
      throw new UnauthenticatedError(LOGIN_FAILED);
    }
    await this.throttle.recordSuccess(email, ip);
    return user;
  }

  async login(ctx: RequestContext, emailInput: string, password: string): Promise<Session> {
    const user = await this.checkCredentials(ctx, emailInput, password);
    return this.tx.run(async (m) => {
      const session = await this.openSession(m, user, randomUUID());
      await this.audit.record(ctx, m, { action: 'login', recordType: 'USER', recordId: user.id, before: null, after: null, userId: user.id });
      return session;
    });
  }

  /** Trades a refresh token for a new session (rotation). A token used twice revokes its whole family. */
  async refresh(ctx: RequestContext, refreshToken: string): Promise<Session> {
    const hash = hashToken(refreshToken);
    const outcome = await this.tx.run(async (m) => {
      const row = await m.findOne(RefreshToken, { where: { tokenHash: hash } });
      if (!row) return { error: 'the refresh token is not valid' };
      if (row.revokedAt) {
        if (row.replacedById) {
          // Already rotated: someone replays an old token. Stop the whole session family.
          await m.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
          this.logger.warn(`Refresh token reuse for user ${row.userId}: session family ${row.familyId} revoked`);
        }
        return { error: 'the refresh token has been used or revoked; sign in again' };
      }
      if (row.expiresAt.getTime() < Date.now()) return { error: 'the refresh token has expired; sign in again' };
      const user = await m.findOne(User, { where: { id: row.userId } });
      if (!user?.active) return { error: 'the account is inactive' };
      const session = await this.openSession(m, user, row.familyId);
      const next = await m.findOne(RefreshToken, { where: { tokenHash: hashToken(session.refreshToken) } });
      await m.update(RefreshToken, { id: row.id }, { revokedAt: new Date(), replacedById: next!.id });
      await this.audit.record(ctx, m, { action: 'refreshSession', recordType: 'USER', recordId: user.id, before: null, after: null, userId: user.id });
      return { session };
    });
    if ('error' in outcome) throw new UnauthenticatedError(outcome.error);
    return outcome.session;
  }

  /** Ends the session the refresh token belongs to. */
  async logout(ctx: RequestContext, refreshToken: string): Promise<boolean> {
    const row = await this.dataSource.manager.findOne(RefreshToken, { where: { tokenHash: hashToken(refreshToken) } });
    if (!row) return false;
    await this.tx.run(async (m) => {
      await m.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(ctx, m, { action: 'logout', recordType: 'USER', recordId: row.userId, before: null, after: null, userId: row.userId });
    });
    return true;
  }

  private async openSession(m: EntityManager, user: User, familyId: string): Promise<Session> {
    const access = this.tokens.signAccess(accessClaimsOf(user));
    const refresh = this.tokens.newOpaque();
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.security.refreshTokenTtlDays * 86400000);
    await m.insert(RefreshToken, {
      id: randomUUID(),
      userId: user.id,
      tokenHash: refresh.hash,
      familyId,
      expiresAt: refreshTokenExpiresAt,
      revokedAt: null,
      replacedById: null,
      createdAt: new Date(),
    });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, refreshTokenExpiresAt, user };
  }

  /** Refresh, API tokens and browser sessions are revoked for good; access tokens die by their generation (checked in authenticate). */
  private async revokeCredentials(m: EntityManager, userId: string): Promise<void> {
    const now = new Date();
    await m.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: now });
    await m.update(ApiToken, { userId, revokedAt: IsNull() }, { revokedAt: now });
    await m.update(WebSession, { userId, revokedAt: IsNull() }, { revokedAt: now });
  }

  // ---------------------------------------------------------------- browser sessions (web workspace)

  /** Signs in from the workspace's form: a server-side session whose opaque token goes in an HttpOnly cookie. */
  async openBrowserSession(ctx: RequestContext, email: string, password: string): Promise<{ token: string; user: User }> {
    const user = await this.checkCredentials(ctx, email, password);
    const { token, hash } = this.tokens.newOpaque();
    const now = new Date();
    await this.tx.run(async (m) => {
      await m.insert(WebSession, {
        id: randomUUID(),
        tokenHash: hash,
        userId: user.id,
        credentialsGeneration: user.credentialsGeneration,
        createdAt: now,
        lastSeenAt: now,
        revokedAt: null,
      });
      await this.audit.record(ctx, m, { action: 'login', recordType: 'USER', recordId: user.id, before: null, after: { via: 'web' }, userId: user.id });
    });
    return { token, user };
  }

  /**
   * The actor of a browser session's cookie, or null: unknown, signed out, idle too long, or the
   * account changed (deactivated, new password or role) since signing in.
   */
  async authenticateBrowserSession(token: string): Promise<{ actor: Actor; sessionId: string } | null> {
    const session = await this.dataSource.manager.findOne(WebSession, { where: { tokenHash: hashToken(token) } });
    if (!session || session.revokedAt) return null;
    const idleMs = this.config.security.webSessionIdleMinutes * 60000;
    if (Date.now() - session.lastSeenAt.getTime() > idleMs) return null;
    const user = await this.dataSource.manager.findOne(User, { where: { id: session.userId } });
    if (!user?.active || user.credentialsGeneration !== session.credentialsGeneration) return null;
    // Recorded at most once a minute: reads stay read-only for the database most of the time.
    if (Date.now() - session.lastSeenAt.getTime() > 60000) await this.dataSource.manager.update(WebSession, { id: session.id }, { lastSeenAt: new Date() });
    return { actor: { userId: user.id, email: user.email, role: user.role, via: 'web-session' }, sessionId: session.id };
  }

  async closeBrowserSession(ctx: RequestContext, sessionId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const session = await m.findOne(WebSession, { where: { id: sessionId } });
      if (!session || session.revokedAt) return;
      await m.update(WebSession, { id: sessionId }, { revokedAt: new Date() });
      await this.audit.record(ctx, m, { action: 'logout', recordType: 'USER', recordId: session.userId, before: null, after: { via: 'web' }, userId: session.userId });
    });
  }

  // ---------------------------------------------------------------- API tokens

  async createApiToken(ctx: RequestContext, name: string): Promise<CreatedApiToken> {
    const actor = access.require(ctx, Role.CURATOR, 'Creating an API token');
    if (!actor) throw new ForbiddenError('API tokens belong to a user');
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw new BadUserInputError('name', 'name must be 1 to 100 characters');
    const { token, hash } = this.tokens.newOpaque(API_TOKEN_PREFIX);
    const apiToken = await this.tx.run(async (m) => {
      const saved = await m.save(ApiToken, {
        id: randomUUID(),
        userId: actor.userId,
        name: trimmed,
        prefix: token.slice(0, 12),
        tokenHash: hash,
        createdAt: new Date(),
        lastUsedAt: null,
        revokedAt: null,
      });
      await this.audit.record(ctx, m, {
        action: 'createApiToken',
        recordType: 'API_TOKEN',
        recordId: saved.id,
        before: null,
        after: { name: saved.name, prefix: saved.prefix, userId: saved.userId },
      });
      return saved;
    });
    return { token, apiToken };
  }

  /** Your own tokens; admins may list anyone's. */
  async apiTokens(ctx: RequestContext, userId?: string | null): Promise<ApiToken[]> {
    const actor = access.require(ctx, Role.CURATOR, 'Listing API tokens');
    const owner = userId ?? actor?.userId;
    if (actor && owner !== actor.userId && !hasRole(actor, Role.ADMIN)) throw new ForbiddenError("only admins list other users' tokens");
    return this.dataSource.manager.find(ApiToken, { where: { userId: owner }, order: { createdAt: 'DESC' } });
  }

  async revokeApiToken(ctx: RequestContext, id: string): Promise<ApiToken> {
    const actor = access.require(ctx, Role.CURATOR, 'Revoking an API token');
    return this.tx.run(async (m) => {
      const token = await m.findOne(ApiToken, { where: { id } });
      if (!token) throw new NotFoundError('API token', id);
      if (actor && token.userId !== actor.userId && !hasRole(actor, Role.ADMIN)) throw new ForbiddenError('this API token is not yours');
      if (!token.revokedAt) {
        token.revokedAt = new Date();
        await m.save(ApiToken, token);
        await this.audit.record(ctx, m, { action: 'revokeApiToken', recordType: 'API_TOKEN', recordId: id, before: { revoked: false }, after: { revoked: true } });
      }
      return token;
    });
  }

  // ---------------------------------------------------------------- authentication

  /** The actor a bearer credential stands for; UNAUTHENTICATED with the reason otherwise. */
  async authenticate(bearer: string): Promise<Actor> {
    if (bearer.startsWith(API_TOKEN_PREFIX)) {
      const token = await this.dataSource.manager.findOne(ApiToken, { where: { tokenHash: hashToken(bearer) } });
      if (!token || token.revokedAt) throw new UnauthenticatedError(token ? 'the API token has been revoked' : 'the API token is not valid');
      const user = await this.dataSource.manager.findOne(User, { where: { id: token.userId } });
      if (!user?.active) throw new UnauthenticatedError('the account is inactive');
      // Recorded at most once a minute per token: reads stay read-only for the database most of the time.
      if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60000) await this.dataSource.manager.update(ApiToken, { id: token.id }, { lastUsedAt: new Date() });
      return { userId: user.id, email: user.email, role: user.role, via: 'api-token' };
    }
    let claims;
    try {
      claims = this.tokens.verifyAccess(bearer);
    } catch (error) {
      throw new UnauthenticatedError((error as Error).message);
    }
    const user = await this.dataSource.manager.findOne(User, { where: { id: claims.sub } });
    if (!user?.active) throw new UnauthenticatedError('the account is inactive');
    if (claims.gen !== user.credentialsGeneration)
      throw new UnauthenticatedError('the access token was revoked (the password, role or status of the account changed); sign in again');
    // The role is read fresh: a demotion applies at once, not when the token expires.
    return { userId: user.id, email: user.email, role: user.role, via: 'session' };
  }
}
