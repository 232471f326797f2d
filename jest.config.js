// Two projects: fast unit specs beside the code, and integration/e2e specs in test/ that share
// one real Kafka broker and one real PostgreSQL started by the global setup.
const moduleNameMapper = {
  '^@sa/contracts$': '<rootDir>/libs/contracts/src',
  '^@sa/contracts/(.*)$': '<rootDir>/libs/contracts/src/$1',
  '^@sa/(config|kafka|persistence|platform)$': '<rootDir>/libs/$1/src',
  '^@sa/(kafka|persistence|platform)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], transform, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/per-suite.ts'],
    },
  ],
  maxWorkers: 2,
};
