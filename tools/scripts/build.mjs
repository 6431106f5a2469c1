// `npm run build`: builds every workspace package that has a build script, each after the
// workspace packages it depends on. `--publishable` builds only the packages meant to be
// installed (not private), which is what packing needs; `--if-stale` skips a package whose
// `dist/` is newer than its inputs when none of its workspace dependencies was rebuilt.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildOrder, isPublishable, root, workspaceDeps } from './workspaces.mjs';

const publishableOnly = process.argv.includes('--publishable');
const ifStale = process.argv.includes('--if-stale');

function newest(path, skip = () => false) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let t = 0;
  for (const entry of readdirSync(path)) {
    if (!skip(entry)) t = Math.max(t, newest(join(path, entry), skip));
  }
  return t;
}

function stale(ws) {
  const dir = join(root, ws.dir);
  const builtAt = newest(join(dir, 'dist'));
  if (builtAt === 0) return true;
  const inputs = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'].map((p) =>
    newest(join(dir, p), (entry) => /\.test\.ts$/.test(entry) || entry === '__fixtures__'),
  );
  return Math.max(...inputs) > builtAt;
}

const all = buildOrder();
const order = all.filter((ws) => !publishableOnly || isPublishable(ws));
const names = new Set(all.map((ws) => ws.name));
const rebuilt = new Set();
console.log(`build order: ${order.map((ws) => ws.name).join(', ')}`);
for (const ws of order) {
  const depRebuilt = workspaceDeps(ws, names).some((dep) => rebuilt.has(dep));
  if (ifStale && !depRebuilt && !stale(ws)) {
    console.log(`${ws.name} is up to date`);
    continue;
  }
  console.log(`\n== build ${ws.name}`);
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'build', '-w', ws.name], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`building ${ws.name} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  rebuilt.add(ws.name);
  console.log(`built ${ws.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
