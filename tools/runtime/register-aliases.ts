import { join } from 'node:path';
import { register } from 'tsconfig-paths';

// Compiled output keeps the source layout under dist/, so `@sa/<lib>` resolves to dist/libs/<lib>/src.
// Loaded with `node -r dist/tools/runtime/register-aliases.js dist/apps/<app>/src/main.js`.
register({
  baseUrl: join(__dirname, '..', '..'),
  paths: { '@sa/contracts': ['libs/contracts/src'], '@sa/contracts/*': ['libs/contracts/src/*'], '@sa/*': ['libs/*/src'] },
  addMatchAll: false,
});
