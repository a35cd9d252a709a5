// Unit specs sit beside the code (src/**/*.spec.ts); e2e specs boot the real app (test/**/*.e2e-spec.ts).
const shared = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
  // E2E suites boot the app, a database and a Meilisearch process (a project-level value is ignored).
  testTimeout: 120000,
  // The seeded template the e2e suites copy (test/helpers/test-app.ts): its directory, then its removal.
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  transform: shared.transform,
  // Two suites at a time: since they copy the seeded template, they wait on I/O and the engine more than on the CPU.
  maxWorkers: 2,
};
