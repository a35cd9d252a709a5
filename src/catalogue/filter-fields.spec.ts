import { readFileSync } from 'fs';
import { buildSchema, GraphQLInputObjectType, GraphQLObjectType } from 'graphql';
import { resolve } from 'path';
import { FILTER_FIELDS } from './filter-fields';

/** The committed schema (a test checks it is what the code generates). */
const schema = buildSchema(readFileSync(resolve(__dirname, '..', '..', 'schema.graphql'), 'utf8'));

describe('the filter table', () => {
  it('has exactly the fields of the GraphQL input CatalogueFilter (a field without an entry, or an entry without a field, fails here)', () => {
    const input = schema.getType('CatalogueFilter') as GraphQLInputObjectType;
    expect(FILTER_FIELDS.map((f) => f.field).sort()).toEqual(Object.keys(input.getFields()).sort());
  });

  it('fills every field of SearchFacets but the record types', () => {
    const facets = schema.getType('SearchFacets') as GraphQLObjectType;
    const keys = FILTER_FIELDS.flatMap((f) => (f.facet ? [f.facet.key] : []));
    expect(['types', ...keys].sort()).toEqual(Object.keys(facets.getFields()).sort());
  });

  it('names each URL parameter and facet once', () => {
    const params = FILTER_FIELDS.flatMap((f) => (f.url ? [f.url.param] : []));
    expect(new Set(params).size).toBe(params.length);
    const keys = FILTER_FIELDS.flatMap((f) => (f.facet ? [f.facet.key] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
