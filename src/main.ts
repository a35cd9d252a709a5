// graphql-js picks its (much slower) development checks at load time from NODE_ENV, so the default
// (production) must be in place before anything imports it.
process.env.NODE_ENV ||= 'production';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the line above on purpose
const { bootstrap } = require('./server') as typeof import('./server');

bootstrap().catch((error: unknown) => {
  console.error(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
