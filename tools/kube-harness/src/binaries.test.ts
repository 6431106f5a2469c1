import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasKubeBinary, kubeBinDir, requireKubeBinary } from './binaries.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-harness-bin-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('defaults to a per-user cache folder named after the release', () => {
  expect(kubeBinDir({ HOME: '/home/x' })).toMatch(/\.cache[/\\]pteronimbus[/\\]kube-v1\.36\.3$/);
  expect(kubeBinDir({ PTERONIMBUS_KUBE_BIN: '/opt/k' })).toBe('/opt/k');
});

it('finds executables and names the missing one', async () => {
  const env = { PTERONIMBUS_KUBE_BIN: dir };
  await writeFile(join(dir, 'etcd'), '#!/bin/sh\n');
  await chmod(join(dir, 'etcd'), 0o755);
  expect(await hasKubeBinary('etcd', env)).toBe(true);
  expect(await requireKubeBinary('etcd', env)).toBe(join(dir, 'etcd'));
  await expect(requireKubeBinary('kube-apiserver', env)).rejects.toMatchObject({
    code: 'PN_KUBE_BINARY_MISSING',
    message: expect.stringContaining(join(dir, 'kube-apiserver')),
  });
});
