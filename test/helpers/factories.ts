import { DataSource } from 'typeorm';
import { accessClaimsOf } from '../../src/accounts/accounts.service';
import { Role } from '../../src/accounts/actor';
import { User } from '../../src/accounts/entities/user.entity';
import { TokensService } from '../../src/accounts/tokens.service';
import { RecordType } from '../../src/catalogue/enums';
import { definitionOf } from '../../src/catalogue/record-definitions';
import type { GraphqlResponse, TestApp, TestRole } from './test-app';

/** A valid minimal input per record type; a test overrides what it is about. */
const DEFAULT_INPUTS: Record<RecordType, (n: number) => Record<string, unknown>> = {
  [RecordType.LOCAL_GOVERNMENT]: (n) => ({ name: `Factory Town ${n}`, kind: 'CITY', country: 'AT' }),
  [RecordType.ACTION_PLAN]: (n) => ({ title: `Factory plan ${n}`, summary: 'A plan made by the test factory.', kind: 'HUMAN_RIGHTS', lifecycle: 'ADOPTED' }),
  [RecordType.GOOD_PRACTICE]: (n) => ({ title: `Factory practice ${n}`, summary: 'A practice made by the test factory.', startYear: 2020 }),
  [RecordType.TOOL]: (n) => ({ title: `Factory tool ${n}`, summary: 'A tool made by the test factory.', kind: 'GUIDE', year: 2022 }),
};

export interface MadeRecord {
  id: string;
  slug: string;
  status: string;
}

class FactoryError extends Error {
  constructor(what: string, response: GraphqlResponse) {
    super(`${what} failed: ${JSON.stringify(response.errors)}`);
  }
}

/**
 * Records and users for tests, through the public API (so they pass its validation and land in the
 * index like any other write). Titles and emails are unique per call; references a type needs (a
 * plan's local government) are made on the way unless given.
 */
export function factories(t: TestApp) {
  let n = 0;
  const typeName = (type: RecordType) => definitionOf(type).entity.name;

  const factory = {
    /** Creates a record as `as` (default: the editor), published unless `publish: false`. */
    async record(type: RecordType, overrides: Record<string, unknown> = {}, options: { as?: TestRole; publish?: boolean } = {}): Promise<MadeRecord> {
      const as = options.as ?? 'editor';
      const input: Record<string, unknown> = { ...DEFAULT_INPUTS[type]((n += 1)), ...overrides };
      for (const [field, referenced] of Object.entries(definitionOf(type).references)) {
        // Only the local government is required; the other references stay empty unless given.
        if (field === 'localGovernmentId' && !(field in input)) input[field] = (await factory.record(referenced)).id;
      }
      const name = typeName(type);
      const created = await t.gql(`mutation($i: Create${name}Input!) { create${name}(input: $i) { id slug status } }`, { i: input }, { as });
      if (created.errors) throw new FactoryError(`create${name}`, created);
      const record = created.data[`create${name}`] as MadeRecord;
      if (options.publish === false) return record;
      const published = await t.gql(`mutation($id: ID!) { publish${name}(id: $id) { id slug status } }`, { id: record.id }, { as: 'editor' });
      if (published.errors) throw new FactoryError(`publish${name}`, published);
      return published.data[`publish${name}`] as MadeRecord;
    },

    /** Creates a user through the API (as the admin): their id, email, password and an access token. */
    async user(role: Role = Role.CURATOR, overrides: { email?: string; displayName?: string; password?: string } = {}) {
      const email = overrides.email ?? `factory-${(n += 1)}-${Date.now()}@test.example`;
      const password = overrides.password ?? `factory-password-${n}-long-enough`;
      const created = await t.gql(
        `mutation($i: CreateUserInput!) { createUser(input: $i) { id email role } }`,
        { i: { email, password, role, displayName: overrides.displayName ?? `Factory user ${n}` } },
        { as: 'admin' },
      );
      if (created.errors) throw new FactoryError('createUser', created);
      // An access token as sign-in would issue it (not through login: that would count against its throttle).
      const user = await t.app.get(DataSource).manager.findOneOrFail(User, { where: { id: created.data.createUser.id as string } });
      return { id: user.id, email, password, role, token: t.app.get(TokensService).signAccess(accessClaimsOf(user)).token };
    },
  };
  return factory;
}
