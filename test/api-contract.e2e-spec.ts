import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLInputObjectType, GraphQLObjectType } from 'graphql';
import { schemaSdl } from '../src/cli/schema-sdl';
import { loadConfig } from '../src/config/app-config';
import { onlyError, startTestApp, TestApp } from './helpers/test-app';

describe('API contract and robustness', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves exactly the committed schema.graphql', () => {
    const committed = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
    // On failure: run `npm run schema` and commit schema.graphql.
    expect(schemaSdl(t.app)).toBe(committed);
  });

  it('keeps the names researchers script against', () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const signature = (root: string, name: string) => {
      const type = root === 'Query' ? schema.getQueryType() : root === 'Mutation' ? schema.getMutationType() : (schema.getType(root) as GraphQLObjectType);
      const field = type!.getFields()[name];
      if (!field) return `${name}: missing`;
      const args = field.args.map((a) => `${a.name}: ${String(a.type)}${a.defaultValue !== undefined ? ` = ${JSON.stringify(a.defaultValue)}` : ''}`);
      return `${name}(${args.join(', ')}): ${String(field.type)}`;
    };
    expect(signature('Query', 'actionPlans')).toBe('actionPlans(filter: CatalogueFilter, limit: Int = 20, offset: Int = 0, sort: CatalogueSort = "TITLE_ASC"): ActionPlanList!');
    expect(signature('Query', 'goodPractices')).toContain('): GoodPracticeList!');
    expect(signature('Query', 'tools')).toContain('): ToolList!');
    expect(signature('Query', 'localGovernments')).toContain('): LocalGovernmentList!');
    expect(signature('Query', 'actionPlan')).toBe('actionPlan(id: ID, slug: String): ActionPlan');
    expect(signature('Query', 'catalogueStats')).toMatch(/^catalogueStats\(filter: CatalogueFilter, types: \[RecordType!\]/);
    expect(signature('Query', 'countries')).toBe('countries(region: String): [Country!]!');
    for (const q of ['sdgs', 'themes', 'targetGroups', 'regions']) expect(signature('Query', q)).not.toContain('missing');
    expect(signature('Mutation', 'createActionPlan')).toBe('createActionPlan(input: CreateActionPlanInput!): ActionPlan!');
    // expectedVersion is optional: an additive change, old calls keep working.
    expect(signature('Mutation', 'updateActionPlan')).toBe('updateActionPlan(expectedVersion: Int, id: ID!, input: UpdateActionPlanInput!): ActionPlan!');
    for (const type of ['ActionPlan', 'GoodPractice', 'Tool', 'LocalGovernment']) {
      for (const verb of ['create', 'update', 'publish', 'archive', 'restore']) expect(signature('Mutation', `${verb}${type}`)).toMatch(new RegExp(`: ${type}!$`));
    }
    const filter = schema.getType('CatalogueFilter') as GraphQLInputObjectType;
    // updatedSince came later (harvesting): an additive change.
    expect(Object.keys(filter.getFields()).sort()).toEqual([
      'countries',
      'languages',
      'localGovernmentId',
      'regions',
      'sdgs',
      'targetGroups',
      'themes',
      'updatedSince',
      'yearFrom',
      'yearTo',
    ]);
    expect(signature('Query', 'changes')).toBe('changes(after: String, limit: Int = 100, since: DateTime!): ChangeFeed!');
    for (const type of ['ActionPlan', 'GoodPractice', 'Tool']) expect(signature(type, 'citation')).toBe('citation(format: CitationFormat!): String!');
  });

  it('answers GET /health with the database status', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { status: 'up', engine: t.engine === 'postgres' ? 'postgresql' : 'sqlite' },
      counters: { store: 'memory', status: 'up' }, // no REDIS_URL here
    });
  });

  it('gives a clean 400 for a body that is not JSON', async () => {
    const res = await t.http().post('/graphql').set('content-type', 'application/json').send('{"query": "{ sdgs { number } ');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
    // The same code a GraphQL error would carry for a 400 (one vocabulary, both transports).
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('JSON') });
    // and the service keeps serving
    expect((await t.gql('{ sdgs { number } }')).status).toBe(200);
  });

  it('gives a clean 400 for a GraphQL syntax error or an unknown field, without stack traces', async () => {
    const syntax = await t.gql('{ actionPlans { items { title } ');
    expect(syntax.status).toBe(400);
    expect(onlyError(syntax).extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const unknown = await t.gql('{ actionPlans { items { notAField } } }');
    expect(unknown.status).toBe(400);
    expect(onlyError(unknown).extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const badVariable = await t.gql('query($n: Int!) { sdg(number: $n) { title } }', { n: 'sixteen' });
    expect(badVariable.status).toBe(400);
    expect(onlyError(badVariable).extensions?.code).toBe('BAD_USER_INPUT');
    const empty = await t.http().post('/graphql').set('content-type', 'application/json').send({});
    expect(empty.status).toBe(400);
  });

  it(`refuses queries nested deeper than ${loadConfig({}).graphqlLimits.maxDepth} levels`, async () => {
    let selection = 'id';
    for (let i = 0; i < 8; i++) selection = `actionPlans { goodPractices { localGovernment { ${selection} } } }`;
    const res = await t.gql(`{ localGovernments { items { ${selection} } } }`);
    expect(res.status).toBe(400);
    expect(onlyError(res).message).toMatch(/limit is 12/);
  });

  it('serves an IDE to browsers at /graphql', async () => {
    const res = await t.http().get('/graphql').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<html/i);
  });
});
