import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Global setups run outside the test projects' module resolution, so this one imports nothing of
// the workspace: it only runs build.sh, which builds whichever binaries are missing.
const BUILD_SCRIPT = fileURLToPath(new URL('../build.sh', import.meta.url));

/** Vitest global setup: make sure the binaries exist before any test starts a cluster. */
export function setup(): void {
  const r = spawnSync('bash', [BUILD_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0)
    throw new Error(
      `tools/kube-harness/build.sh failed with exit ${r.status}: see its output above`,
    );
}
