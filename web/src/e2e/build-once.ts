import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { panelBuildStale } from '../../build/pluginUi.ts';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Builds the panel when `dist/spa` is missing, older than its sources or a plugin's web UI, or
 * built with another set of plugins.
 */
export function setup(): void {
  if (panelBuildStale(webDir) === null) return;
  // Vitest sets NODE_ENV=test, which would make the build ship Vue's development bundles.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST')),
  );
  const result = spawnSync('npm', ['run', 'build'], { cwd: webDir, stdio: 'inherit', env });
  if (result.status !== 0) {
    throw new Error(`building the web panel failed (exit ${result.status ?? 'signal'})`);
  }
}
