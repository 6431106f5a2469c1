import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeStartFailed } from './errors.ts';

/** One control-plane binary running as a child process, its output appended to a log file. */
export class ControlPlaneProcess {
  /** Short name used in errors and logs, e.g. `kube-apiserver`. */
  readonly name: string;
  /** File receiving the process' stdout and stderr. */
  readonly logFile: string;
  /** Settles with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  #child: ChildProcess;
  #running = true;

  constructor(name: string, binary: string, args: string[], logFile: string) {
    this.name = name;
    this.logFile = logFile;
    const fd = openSync(logFile, 'a');
    try {
      this.#child = spawn(binary, args, { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    this.exited = new Promise((resolve) => {
      this.#child.on('error', () => {
        this.#running = false;
        resolve('spawn-error');
      });
      this.#child.on('exit', (code, signal) => {
        this.#running = false;
        resolve(code ?? signal ?? 'unknown');
      });
    });
  }

  /** Whether the process has not exited yet. */
  get running(): boolean {
    return this.#running;
  }

  /** Operating-system process id. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Asks the process to exit, then kills it if it has not after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.#running) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills at once; safe to call from a synchronous `exit` handler. */
  killNow(): void {
    if (this.#running) this.#child.kill('SIGKILL');
  }

  /** The last lines of the process' log, for error messages. */
  async logTail(lines = 30): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    return text.split('\n').slice(-lines).join('\n');
  }
}

/** TLS material for probing the apiserver as a client. */
export interface ProbeTls {
  /** CA to verify the server with; when absent the server certificate is not verified. */
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** Whether `url` answers 200 within two seconds. */
export function probeOk(url: string, tls?: ProbeTls): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean): void => resolve(ok);
    const onResponse = (res: IncomingMessage): void => {
      res.resume();
      done(res.statusCode === 200);
    };
    const req = url.startsWith('https:')
      ? httpsGet(url, { ...tls, rejectUnauthorized: Boolean(tls?.ca), timeout: 2_000 }, onResponse)
      : httpGet(url, { timeout: 2_000 }, onResponse);
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

// The log tail goes into the message itself: test runners print messages, not details.
async function withLog(proc: ControlPlaneProcess, reason: string): Promise<string> {
  return `${reason} (log: ${proc.logFile})\n${await proc.logTail()}`;
}

/**
 * Polls `probe` until it succeeds. Fails with `PN_KUBE_START_FAILED`, quoting the process'
 * log, when the process exits first or `timeoutMs` passes.
 */
export async function waitUntilReady(
  proc: ControlPlaneProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.running) {
      const code = await proc.exited;
      throw KubeStartFailed(proc.name, await withLog(proc, `exited with ${code}`));
    }
    if (await probe()) return;
    if (Date.now() > deadline) {
      throw KubeStartFailed(proc.name, await withLog(proc, `not ready after ${timeoutMs} ms`));
    }
    await sleep(250);
  }
}
