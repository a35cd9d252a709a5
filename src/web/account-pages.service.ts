import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { CreateUserInput, UpdateUserInput } from '../accounts/accounts.inputs';
import { Role } from '../accounts/actor';
import { AppError } from '../common/errors';
import { validatePlain } from '../common/input/validation';
import { errorMessage, formProblems } from './problem-messages';
import { tokensPage, TokensModel, usersPage, UsersModel } from './views/account-pages';
import { PageContext } from './views/layout';
import { Outcome } from './record-workspace.service';
import { RenderedPage } from './web-pages.service';

const ROLES = Object.values(Role);

/**
 * Users (admins) and personal API tokens (everyone signed in) in the browser: the account service's
 * own methods and checks, the same as the GraphQL mutations'.
 */
@Injectable()
export class AccountPagesService {
  constructor(private readonly accounts: AccountsService) {}

  // ------------------------------------------------------------------ users

  async users(ctx: PageContext, shown: Partial<Pick<UsersModel, 'notice' | 'problem' | 'problems' | 'values'>> = {}, status = 200): Promise<RenderedPage> {
    const users = [];
    for (let offset = 0; ; offset += 100) {
      const page = await this.accounts.users(ctx.request, { limit: 100, offset });
      users.push(...page.items);
      if (users.length >= page.totalCount || !page.items.length) break;
    }
    return { status, body: usersPage(ctx, { users, roles: ROLES, me: ctx.request.actor!.userId, notice: null, problem: null, problems: [], values: {}, ...shown }) };
  }

  async createUser(ctx: PageContext, form: Record<string, unknown>): Promise<Outcome> {
    const text = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
    const values = { email: text('email').trim(), displayName: text('displayName'), role: text('role') };
    try {
      const input = await validatePlain(CreateUserInput, { ...values, role: values.role || undefined, password: text('password') }, 'input');
      await this.accounts.createUser(ctx.request, input);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'BAD_USER_INPUT') throw error;
      return this.users(ctx, { problems: formProblems(ctx.t, error), values }, 400);
    }
    return { redirect: `/${ctx.lang}/workspace/users?created=1` };
  }

  /** Role and active (one form), or a new password (another): the user's sessions and tokens end when either changes. */
  async updateUser(ctx: PageContext, id: string, form: Record<string, unknown>, what: 'access' | 'password'): Promise<Outcome | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id) || !(await this.accounts.usersByIds([id])).length) return null;
    const plain: Record<string, unknown> =
      what === 'password'
        ? { password: typeof form.password === 'string' ? form.password : '' }
        : { role: typeof form.role === 'string' && form.role ? form.role : undefined, active: [form.active].flat().includes('true') };
    try {
      const input = await validatePlain(UpdateUserInput, plain, 'input');
      if (what === 'password' && !input.password) return this.users(ctx, { problem: ctx.t.t('users.passwordRequired') }, 400);
      await this.accounts.updateUser(ctx.request, id, input);
    } catch (error) {
      if (!(error instanceof AppError) || !['BAD_USER_INPUT', 'FORBIDDEN'].includes(error.code)) throw error;
      const [first] = error.code === 'BAD_USER_INPUT' ? formProblems(ctx.t, error) : [];
      return this.users(ctx, { problem: first?.message ?? errorMessage(ctx.t, error).text }, error.code === 'FORBIDDEN' ? 403 : 400);
    }
    // Changing one's own password or role ends one's own session too: sign in again.
    if (id === ctx.request.actor!.userId) return { redirect: `/${ctx.lang}/login?next=${encodeURIComponent(`/${ctx.lang}/workspace/users`)}` };
    return { redirect: `/${ctx.lang}/workspace/users?saved=1` };
  }

  // ------------------------------------------------------------------ API tokens

  async tokens(ctx: PageContext, shown: Partial<Pick<TokensModel, 'created' | 'notice' | 'problem' | 'name'>> = {}, status = 200): Promise<RenderedPage> {
    const tokens = await this.accounts.apiTokens(ctx.request);
    return { status, body: tokensPage(ctx, { tokens, created: null, notice: null, problem: null, name: '', ...shown }), noStore: !!shown.created };
  }

  /** The new token's secret is in this response only (no redirect: it must not end up in a URL or a history entry). */
  async createToken(ctx: PageContext, form: Record<string, unknown>): Promise<RenderedPage> {
    const name = typeof form.name === 'string' ? form.name : '';
    try {
      const created = await this.accounts.createApiToken(ctx.request, name);
      return this.tokens(ctx, { created: { token: created.token, name: created.apiToken.name } }, 201);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'BAD_USER_INPUT') throw error;
      return this.tokens(ctx, { problem: ctx.t.t('tokens.nameRequired'), name }, 400);
    }
  }

  async revokeToken(ctx: PageContext, form: Record<string, unknown>): Promise<Outcome | null> {
    const id = typeof form.id === 'string' ? form.id : '';
    if (!(await this.accounts.apiTokens(ctx.request)).some((t) => t.id === id)) return null;
    await this.accounts.revokeApiToken(ctx.request, id);
    return { redirect: `/${ctx.lang}/workspace/tokens?revoked=1` };
  }
}
