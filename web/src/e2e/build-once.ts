import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const builtIndex = join(webDir, 'dist', 'spa', 'index.html');
const sources = ['src', 'public', 'index.html', 'quasar.config.ts'].map((path) =>
  join(webDir, path),
);

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) =>
      entry.endsWith('.test.ts') ? newest : Math.max(newest, newestChange(join(path, entry))),
    stat.mtimeMs,
  );
}

/** Builds the panel when `dist/spa` is missing or older than its sources. */
export function setup(): void {
  const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
  const changedAt = Math.max(...sources.map(newestChange));
  if (builtAt > changedAt) return;
  // Vitest sets NODE_ENV=test, which would make the build ship Vue's development bundles.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST')),
  );
  const result = spawnSync('npm', ['run', 'build'], { cwd: webDir, stdio: 'inherit', env });
  if (result.status !== 0) {
    throw new Error(`building the web panel failed (exit ${result.status ?? 'signal'})`);
  }
}
