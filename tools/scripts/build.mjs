// `npm run build`: builds every workspace package that has a build script, each after the
// workspace packages it depends on. `--publishable` builds only the packages meant to be
// installed (not private), which is what packing needs.
import { spawnSync } from 'node:child_process';
import { buildOrder, isPublishable, root } from './workspaces.mjs';

const publishableOnly = process.argv.includes('--publishable');
const order = buildOrder().filter((ws) => !publishableOnly || isPublishable(ws));
console.log(`build order: ${order.map((ws) => ws.name).join(', ')}`);
for (const ws of order) {
  console.log(`\n== build ${ws.name}`);
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'build', '-w', ws.name], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`building ${ws.name} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  console.log(`built ${ws.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
