// Imported first by the benchmark: graphql-js reads NODE_ENV when it loads (see src/main.ts).
process.env.NODE_ENV = 'production';
// A benchmark is one client making every request it can: the request rate limits are not what it measures.
process.env.RATE_LIMIT_ANONYMOUS_PER_MINUTE ??= '0';
process.env.RATE_LIMIT_SIGNED_IN_PER_MINUTE ??= '0';
