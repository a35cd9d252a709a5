// Imported first by the benchmark: graphql-js reads NODE_ENV when it loads (see src/main.ts).
process.env.NODE_ENV = 'production';
