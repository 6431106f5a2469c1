import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './ports.ts';
import { accepts, stopChild, track, waitFor } from './process.ts';

/** A Redis server of the test's own, on a port of its own, that the test may stop and restart. */
export interface RedisProcess {
  port: number;
  url: string;
  /** Kills the server at once (SIGKILL): every connection drops, every key is lost. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and nothing answers. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` (Debian's `/usr/bin/redis-server` unless `REDIS_SERVER` names another)
 * without persistence on a free loopback port. Never the machine's shared Redis: tests break it.
 */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const binary = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
  let child: ChildProcess | undefined;
  const start = async () => {
    child = track(
      spawn(
        binary,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      ),
    );
    await waitFor(`redis-server on port ${port}`, () => accepts(port));
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: async () => {
      if (child) await stopChild(child, 'SIGKILL');
    },
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    stop: async () => {
      if (!child) return;
      child.kill('SIGCONT');
      await stopChild(child, 'SIGTERM');
    },
  };
}
