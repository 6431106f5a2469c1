import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clearState, readState, stateFilePath, writeState } from './state.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-harness-state-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const sample = { kubeconfigPath: '/k', server: 'https://127.0.0.1:1', dir: '/d', startedAt: 'now' };

it('honours PTERONIMBUS_KUBE_STATE', () => {
  expect(stateFilePath({ PTERONIMBUS_KUBE_STATE: '/x/s.json' })).toBe('/x/s.json');
  expect(stateFilePath({})).toMatch(/pteronimbus-kube-harness[/\\]state\.json$/);
});

it('reads back the state of a live process', async () => {
  const path = join(dir, 'nested', 'state.json');
  await writeState(path, { pid: process.pid, ...sample });
  expect(await readState(path)).toEqual({ pid: process.pid, ...sample });
  await clearState(path);
  expect(await readState(path)).toBeUndefined();
});

it('treats the state of an exited process as absent', async () => {
  const exited = spawnSync('true');
  const path = join(dir, 'stale.json');
  await writeState(path, { pid: exited.pid ?? 0, ...sample });
  expect(await readState(path)).toBeUndefined();
});
