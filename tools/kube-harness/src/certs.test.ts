import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePki, type ClusterPki } from './certs.ts';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

describe('generatePki', () => {
  let dir: string;
  let pki: ClusterPki;
  const cert = async (path: string): Promise<X509Certificate> =>
    new X509Certificate(await readFile(path));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-harness-pki-'));
    pki = await generatePki(dir, {
      dns: ['localhost', 'kubernetes.default'],
      ips: ['127.0.0.1', '10.0.0.1'],
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes a CA that signed every leaf', async () => {
    const ca = await cert(pki.caCert);
    expect(ca.ca).toBe(true);
    for (const leaf of [pki.servingCert, pki.adminCert, pki.controllerManagerCert]) {
      const c = await cert(leaf);
      expect(c.ca).toBe(false);
      expect(c.checkIssued(ca)).toBe(true);
      expect(c.verify(ca.publicKey)).toBe(true);
    }
  });

  it('serves for every requested name and address, and only as a server', async () => {
    const serving = await cert(pki.servingCert);
    expect(serving.subjectAltName).toContain('DNS:kubernetes.default');
    expect(serving.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(serving.subjectAltName).toContain('IP Address:10.0.0.1');
    expect(serving.checkHost('localhost')).toBe('localhost');
    expect(serving.keyUsage).toEqual([SERVER_AUTH]);
  });

  it('puts the admin in system:masters and the controller manager under its RBAC name', async () => {
    const admin = await cert(pki.adminCert);
    expect(admin.subject).toMatch(/^O=system:masters$/m);
    expect(admin.subject).toMatch(/^CN=pteronimbus-admin$/m);
    expect(admin.keyUsage).toEqual([CLIENT_AUTH]);
    const cm = await cert(pki.controllerManagerCert);
    expect(cm.subject).toBe('CN=system:kube-controller-manager');
  });

  it('writes a matching service-account key pair', async () => {
    const { createPrivateKey, createPublicKey } = await import('node:crypto');
    const priv = createPrivateKey(await readFile(pki.serviceAccountKey));
    const pub = createPublicKey(await readFile(pki.serviceAccountPub));
    const derived = createPublicKey(priv).export({ format: 'der', type: 'spki' });
    expect(Buffer.compare(derived, pub.export({ format: 'der', type: 'spki' }))).toBe(0);
  });
});
