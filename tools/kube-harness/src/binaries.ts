import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeBinaryMissing, KubeBuildFailed } from './errors.ts';

/** The Kubernetes release the harness builds and runs. */
export const KUBE_VERSION = 'v1.36.3';

/** Names of the binaries build.sh produces: the control plane, and Helm for the chart test. */
export type KubeBinary = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'helm';

const BUILD_SCRIPT = fileURLToPath(new URL('../build.sh', import.meta.url));

/**
 * The folder holding the built binaries: `$PTERONIMBUS_KUBE_BIN`, or a per-user cache folder
 * outside the repository so every checkout on the machine shares one build.
 */
export function kubeBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.PTERONIMBUS_KUBE_BIN || join(homedir(), '.cache', 'pteronimbus', `kube-${KUBE_VERSION}`)
  );
}

/** Absolute path of one binary in {@link kubeBinDir}. */
export function kubeBinaryPath(name: KubeBinary, env: NodeJS.ProcessEnv = process.env): string {
  return join(kubeBinDir(env), name);
}

/** Whether a binary has been built. */
export async function hasKubeBinary(name: KubeBinary, env?: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await access(kubeBinaryPath(name, env), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of a binary, failing with `PN_KUBE_BINARY_MISSING` when it has not been built. */
export async function requireKubeBinary(
  name: KubeBinary,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const path = kubeBinaryPath(name, env);
  if (!(await hasKubeBinary(name, env))) throw KubeBinaryMissing(name, path);
  return path;
}

/**
 * Runs build.sh, which builds whichever binaries are missing. The first build compiles
 * Kubernetes from source and takes many minutes; later calls return at once.
 */
export async function buildKubeBinaries(
  options: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const child = spawn('bash', [BUILD_SCRIPT], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept whole so a failure can carry the Go compiler's message; a build prints little.
  let output = '';
  const forward = (chunk: Buffer): void => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split('\n')) if (line.trim()) log(line);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) throw KubeBuildFailed(code, { output: output.slice(-20_000) });
}
