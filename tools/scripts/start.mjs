// `npm start`: builds the web panel when it is missing or stale (its sources, or the set of
// installed plugins with web UI, changed), then starts core from its sources (Node 24 runs
// TypeScript directly). With no environment it runs on embedded defaults.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const webDir = join(root, 'web');

// The panel compiles in the web UI of every installed plugin (ADR 008): installing or removing
// one, or changing its version, rebuilds it on the next start.
const stale = existsSync(join(webDir, 'src'))
  ? (await import('../../web/build/pluginUi.ts')).panelBuildStale(webDir)
  : null;
if (stale !== null) {
  console.log(`building the web panel (${stale})...`);
  const r = spawnSync('npm', ['run', 'build', '-w', '@pteronimbus/web'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) console.error('the web panel did not build; starting the API alone');
}

const child = spawn(
  process.execPath,
  ['--conditions=source', join(root, 'core', 'src', 'cli.ts'), 'start', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
