// `npm start`: builds the web panel when it is missing or stale, then starts core from its
// sources (Node 24 runs TypeScript directly). With no environment it runs on embedded defaults.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const webIndex = join(root, 'web', 'dist', 'spa', 'index.html');

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const webSrc = join(root, 'web', 'src');
if (existsSync(webSrc) && (!existsSync(webIndex) || newest(webSrc) > statSync(webIndex).mtimeMs)) {
  console.log('building the web panel (first start, or its sources changed)...');
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
