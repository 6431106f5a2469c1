// kube:up / kube:down: a cluster that outlives the command, for local development and manual
// testing. `up` builds missing binaries, starts a detached process that owns the cluster, waits
// for it to record its state and prints the kubeconfig path; `down` stops that process.
import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildKubeBinaries } from './binaries.ts';
import { KubeStartFailed } from './errors.ts';
import { startKube } from './harness.ts';
import { clearState, isAlive, readState, stateFilePath, writeState } from './state.ts';

const statePath = stateFilePath();
const say = (line: string): void => void process.stderr.write(`kube-harness: ${line}\n`);

async function up(args: string[]): Promise<void> {
  const running = await readState(statePath);
  if (running) {
    say(`already running (pid ${running.pid}, ${running.server})`);
    process.stdout.write(`${running.kubeconfigPath}\n`);
    return;
  }
  await clearState(statePath);
  await buildKubeBinaries();

  const logPath = join(dirname(statePath), 'serve.log');
  await mkdir(dirname(statePath), { recursive: true });
  const log = await open(logPath, 'w');
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), 'serve', ...args],
    { detached: true, stdio: ['ignore', log.fd, log.fd] },
  );
  child.unref();
  await log.close();

  const deadline = Date.now() + 300_000;
  for (;;) {
    const state = await readState(statePath);
    if (state) {
      say(`running (pid ${state.pid}, ${state.server}); stop it with kube:down`);
      process.stdout.write(`${state.kubeconfigPath}\n`);
      return;
    }
    if (child.exitCode !== null || !isAlive(child.pid ?? -1) || Date.now() > deadline) {
      throw KubeStartFailed('the background cluster', `see ${logPath}`);
    }
    await sleep(250);
  }
}

async function serve(args: string[]): Promise<void> {
  const kube = await startKube({ gc: !args.includes('--no-gc') });
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await kube.stop();
    await clearState(statePath);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  await writeState(statePath, {
    pid: process.pid,
    kubeconfigPath: kube.kubeconfigPath,
    server: kube.server,
    dir: kube.dir,
    startedAt: new Date().toISOString(),
  });
  console.log(`ready: ${kube.server} kubeconfig ${kube.kubeconfigPath}`);
  // The signal handlers keep the process alive; this only stops Node from exiting early.
  setInterval(() => {}, 1 << 30);
}

async function down(): Promise<void> {
  const state = await readState(statePath);
  if (!state) {
    await clearState(statePath);
    say('not running');
    return;
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (isAlive(state.pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(state.pid)) {
    say(`pid ${state.pid} did not exit; killing it`);
    process.kill(state.pid, 'SIGKILL');
  }
  await clearState(statePath);
  say('stopped');
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<void>> = { up, down, serve };
const run = command ? commands[command] : undefined;
if (!run) {
  say('usage: cli.ts up [--no-gc] | down');
  process.exit(2);
}
run(rest).catch((err: unknown) => {
  const e = err as { code?: string; message?: string };
  say(`${e.code ?? 'error'}: ${e.message ?? String(err)}`);
  process.exit(1);
});
