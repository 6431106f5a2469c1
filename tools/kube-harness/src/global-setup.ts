import { buildKubeBinaries } from './binaries.ts';

/** Vitest global setup: make sure the binaries exist before any test starts a cluster. */
export async function setup(): Promise<void> {
  await buildKubeBinaries({ log: (line) => process.stderr.write(`${line}\n`) });
}
