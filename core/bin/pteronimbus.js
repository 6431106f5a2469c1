#!/usr/bin/env node
// The `pteronimbus` command. This file is in git because npm links a workspace's bin at
// `npm install`, before anything is built. In the workspace it runs the TypeScript sources, as
// `npm start` does (Node 24 strips their types; the `source` export condition, added here for
// every import, finds the sibling packages' sources too); an installed package has no sources
// and runs its build.
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';

const source = new URL('../src/cli.ts', import.meta.url);
const built = new URL('../dist/cli.js', import.meta.url);

if (existsSync(source)) {
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      nextResolve(specifier, { ...context, conditions: ['source', ...context.conditions] }),
  });
  await import(source.href);
} else if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write('pteronimbus: this installation has neither src/cli.ts nor dist/cli.js\n');
  process.exit(1);
}
