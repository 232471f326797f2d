import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

/**
 * Resolves `@sa/<lib>` in compiled code from the one alias map, tsconfig.json's `paths` (jest reads
 * the same map). Compiled output keeps the source layout under dist/, so the paths hold relative to
 * dist/ as they do to the repository. Loaded with
 * `node -r ./dist/libs/platform/src/runtime/register-aliases.js dist/apps/<app>/src/main.js`.
 */
const dist = join(__dirname, '..', '..', '..', '..');
const tsconfig = [join(dist, '..', 'tsconfig.json'), join(dist, 'tsconfig.json')].find((file) => existsSync(file));
if (!tsconfig) throw new Error(`register-aliases: no tsconfig.json beside ${dist}`);
const { compilerOptions } = JSON.parse(readFileSync(tsconfig, 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
register({ baseUrl: dist, paths: compilerOptions.paths, addMatchAll: false });
