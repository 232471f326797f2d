import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The demo register for `npm start`: 10 members, 3 of them not owner-customers
 * (8901234567, 9012345678, 1098765432). Found from the source or the compiled dist/ copy.
 */
export function demoSeedPath(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return join(dir, 'apps', 'sgroup-registry-stand-in', 'seed', 'demo-members.json');
}
