import { describe, expect, it } from 'vitest';
import type { ClusterPki } from './certs.ts';
import { apiserverArgs, controllerManagerArgs } from './harness.ts';

const pki = Object.fromEntries(
  [
    'caCert',
    'caKey',
    'servingCert',
    'servingKey',
    'adminCert',
    'adminKey',
    'controllerManagerCert',
    'controllerManagerKey',
    'kubeletCert',
    'kubeletKey',
    'kubeletClientCert',
    'kubeletClientKey',
    'serviceAccountKey',
    'serviceAccountPub',
  ].map((k) => [k, `/pki/${k}`]),
) as unknown as ClusterPki;

describe('apiserverArgs', () => {
  const args = apiserverArgs({ pki, etcdPort: 2379, port: 6443, dir: '/d', gc: true });

  it('listens on loopback only and trusts only the generated CA', () => {
    expect(args).toContain('--bind-address=127.0.0.1');
    expect(args).toContain('--secure-port=6443');
    expect(args).toContain('--etcd-servers=http://127.0.0.1:2379');
    expect(args).toContain('--client-ca-file=/pki/caCert');
  });

  it('authorizes with RBAC and signs service-account tokens', () => {
    expect(args).toContain('--authorization-mode=RBAC');
    expect(args).toContain('--service-account-signing-key-file=/pki/serviceAccountKey');
    expect(args).toContain('--service-account-key-file=/pki/serviceAccountPub');
    expect(args.some((a) => a.startsWith('--service-cluster-ip-range='))).toBe(true);
    expect(args.some((a) => a.startsWith('--cloud-provider'))).toBe(false);
  });

  it('verifies kubelets by the cluster CA and passes WebSocket attach through to them', () => {
    expect(args).toContain('--kubelet-certificate-authority=/pki/caCert');
    expect(args).toContain('--kubelet-client-certificate=/pki/kubeletClientCert');
    expect(args).toContain('--kubelet-client-key=/pki/kubeletClientKey');
    expect(args).toContain('--feature-gates=TranslateStreamCloseWebsocketRequests=false');
  });

  it('keeps ServiceAccount admission only when a controller creates default accounts', () => {
    expect(args.some((a) => a.startsWith('--disable-admission-plugins'))).toBe(false);
    const bare = apiserverArgs({ pki, etcdPort: 2379, port: 6443, dir: '/d', gc: false });
    expect(bare).toContain('--disable-admission-plugins=ServiceAccount');
  });
});

describe('controllerManagerArgs', () => {
  it('runs only the controllers the API semantics depend on', () => {
    const args = controllerManagerArgs({ kubeconfig: '/k', port: 10257, dir: '/d' });
    const controllers = args
      .find((a) => a.startsWith('--controllers='))
      ?.split('=')[1]
      ?.split(',');
    expect(controllers).toEqual([
      'garbage-collector-controller',
      'namespace-controller',
      'serviceaccount-controller',
    ]);
    expect(args).toContain('--leader-elect=false');
    expect(args).toContain('--bind-address=127.0.0.1');
  });
});
