import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlaneProcess, probeOk, waitUntilReady } from './process.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-harness-proc-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('waitUntilReady', () => {
  it('fails with the exit code and the log when the process dies first', async () => {
    const proc = new ControlPlaneProcess(
      'crasher',
      'sh',
      ['-c', 'echo "bind: address already in use"; exit 3'],
      join(dir, 'crasher.log'),
    );
    const failure = waitUntilReady(proc, async () => false, 30_000);
    await expect(failure).rejects.toMatchObject({ code: 'PN_KUBE_START_FAILED' });
    await expect(failure).rejects.toThrow(/crasher did not become ready: exited with 3/);
    await expect(failure).rejects.toThrow(/address already in use/);
  });

  it('gives up after the timeout and stop() ends the process', async () => {
    const proc = new ControlPlaneProcess('sleeper', 'sleep', ['60'], join(dir, 'sleeper.log'));
    await expect(waitUntilReady(proc, async () => false, 300)).rejects.toThrow(
      /not ready after 300 ms/,
    );
    expect(proc.running).toBe(true);
    await proc.stop();
    expect(proc.running).toBe(false);
    expect(await proc.exited).toBe('SIGTERM');
  });

  it('resolves once the probe succeeds', async () => {
    const proc = new ControlPlaneProcess('sleeper', 'sleep', ['60'], join(dir, 'ok.log'));
    let calls = 0;
    await waitUntilReady(proc, async () => ++calls >= 3, 10_000);
    expect(calls).toBe(3);
    await proc.stop();
  });
});

describe('probeOk', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/health' ? 200 : 503;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('is true only for a 200 answer', async () => {
    expect(await probeOk(`${base}/health`)).toBe(true);
    expect(await probeOk(`${base}/other`)).toBe(false);
  });

  it('is false when nothing listens', async () => {
    expect(await probeOk('http://127.0.0.1:1/health')).toBe(false);
  });
});
