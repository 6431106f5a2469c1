import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** What `kube:up` records about the background cluster so `kube:down` can find it. */
export interface HarnessState {
  /** Process id of the background process that owns the cluster. */
  pid: number;
  kubeconfigPath: string;
  server: string;
  dir: string;
  startedAt: string;
}

/** The state file: `$PTERONIMBUS_KUBE_STATE`, or a fixed name in the system temp folder. */
export function stateFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PTERONIMBUS_KUBE_STATE || join(tmpdir(), 'pteronimbus-kube-harness', 'state.json');
}

/** Whether a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The recorded state, or `undefined` when there is none or its process is gone. */
export async function readState(path: string): Promise<HarnessState | undefined> {
  let state: HarnessState;
  try {
    state = JSON.parse(await readFile(path, 'utf8')) as HarnessState;
  } catch {
    return undefined;
  }
  if (typeof state.pid !== 'number' || !isAlive(state.pid)) return undefined;
  return state;
}

/** Records the state, replacing any earlier file. */
export async function writeState(path: string, state: HarnessState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the state file if present. */
export async function clearState(path: string): Promise<void> {
  await rm(path, { force: true });
}
