import { join } from 'node:path';
import { register } from 'tsconfig-paths';

// Compiled output keeps the source layout under dist/, so `@sa/<lib>` resolves to dist/libs/<lib>/src.
// Loaded with `node -r dist/tools/runtime/register-aliases.js dist/apps/<app>/src/main.js`.
register({
  baseUrl: join(__dirname, '..', '..'),
  // `@sa/<lib>/<file>` reaches one file past the lib's index, for code that must load little (the relay thread).
  paths: {
    '@sa/contracts': ['libs/contracts/src'],
    '@sa/contracts/*': ['libs/contracts/src/*'],
    '@sa/kafka/*': ['libs/kafka/src/*'],
    '@sa/persistence/*': ['libs/persistence/src/*'],
    '@sa/platform/*': ['libs/platform/src/*'],
    '@sa/*': ['libs/*/src'],
  },
  addMatchAll: false,
});
