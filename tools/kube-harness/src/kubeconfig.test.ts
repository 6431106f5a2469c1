import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-harness-kc-'));
  await writeFile(join(dir, 'ca.crt'), 'CA PEM');
  await writeFile(join(dir, 'c.crt'), 'CERT PEM');
  await writeFile(join(dir, 'c.key'), 'KEY PEM');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('embeds the certificates and selects the one context', async () => {
  const text = await renderKubeconfig({
    server: 'https://127.0.0.1:6443',
    caCertFile: join(dir, 'ca.crt'),
    clientCertFile: join(dir, 'c.crt'),
    clientKeyFile: join(dir, 'c.key'),
    user: 'someone',
  });
  const config = JSON.parse(text);
  const decode = (b64: string): string => Buffer.from(b64, 'base64').toString();
  expect(config['current-context']).toBe('pteronimbus-test');
  expect(config.contexts[0].context).toEqual({ cluster: 'pteronimbus-test', user: 'someone' });
  expect(config.clusters[0].cluster.server).toBe('https://127.0.0.1:6443');
  expect(decode(config.clusters[0].cluster['certificate-authority-data'])).toBe('CA PEM');
  expect(decode(config.users[0].user['client-certificate-data'])).toBe('CERT PEM');
  expect(decode(config.users[0].user['client-key-data'])).toBe('KEY PEM');
});

it('writes the kubeconfig readable by its owner only, since it holds a private key', async () => {
  const path = join(dir, 'kubeconfig');
  await writeKubeconfig(path, {
    server: 'https://127.0.0.1:1',
    caCertFile: join(dir, 'ca.crt'),
    clientCertFile: join(dir, 'c.crt'),
    clientKeyFile: join(dir, 'c.key'),
    user: 'u',
  });
  expect((await stat(path)).mode & 0o777).toBe(0o600);
  expect(JSON.parse(await readFile(path, 'utf8')).users[0].name).toBe('u');
});
