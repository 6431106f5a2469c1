// Fault: the kube-apiserver is restarted while the operator reconciles 100 GameServers, and the
// leading operator process is killed (SIGKILL, no lease release) half-way through.
// What must hold: the standby operator process takes the lease within the lease duration (plus
// one retry period) of the kill; the operator reconnects to the restarted apiserver; in the end
// every server has exactly one child of each kind, owned by it, and there is no orphaned child.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { encodePublicKey, generateSigningKeyPair, type GameServerStatus } from '@pteronimbus/sdk';
import { startKube, type KubeHandle } from '@pteronimbus/kube-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONFIG_SECRET } from '../../src/config.ts';
import { installCrds } from '../../src/crds/install.ts';
import { KubeClient, type KubeObject } from '../../src/kube/client.ts';
import { LABEL_SERVER, LABEL_TENANT, LEASE_NAME, SYSTEM_NAMESPACE } from '../../src/names.ts';
import { converge } from '../converge.ts';
import {
  TEST_CLUSTER,
  serverSpec,
  signedServer,
  signedTemplate,
  templateSpec,
} from '../fixtures.ts';

const TENANT = 't1';
const NS = `pn-${TENANT}`;
const SERVERS = 100;
const CHILD_KINDS = [
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Service',
  'StatefulSet',
  'Job',
];
// The operator's defaults (main.ts): a lease lasts 15 s and standbys retry every 2 s.
const LEASE_MS = 15_000;
const RETRY_MS = 2_000;
const { privateKey, publicKey } = generateSigningKeyPair();
const names = Array.from({ length: SERVERS }, (_, i) => `s${String(i).padStart(3, '0')}`);

type Server = KubeObject & { status?: GameServerStatus };

describe('fault: apiserver restarted and the leading operator killed while 100 servers reconcile', () => {
  let kube: KubeHandle;
  let admin: KubeClient;
  let link: KubeClient;
  const processes = new Map<string, { child: ChildProcessWithoutNullStreams; output: string[] }>();

  const startProcess = (identity: string) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', fileURLToPath(new URL('../../src/main.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          KUBECONFIG: kube.kubeconfigPath,
          PTERONIMBUS_OPERATOR_PORT: '0',
          POD_NAME: identity,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const output: string[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    processes.set(identity, { child, output });
  };
  const holder = async () =>
    (
      (await admin.get('Lease', SYSTEM_NAMESPACE, LEASE_NAME)) as
        { spec?: { holderIdentity?: string } } | undefined
    )?.spec?.holderIdentity;
  const count = async (kind: string) => (await admin.list(kind, NS)).items.length;

  beforeAll(async () => {
    kube = await startKube();
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    admin = new KubeClient(kc, { fieldManager: 'test-admin' });
    link = new KubeClient(kc, { fieldManager: 'pteronimbus-link' });
    await installCrds(admin);
    for (const ns of [
      { metadata: { name: SYSTEM_NAMESPACE } },
      { metadata: { name: NS, labels: { [LABEL_TENANT]: TENANT } } },
    ])
      await admin.create({ apiVersion: 'v1', kind: 'Namespace', ...ns } as KubeObject);
    await vi.waitFor(
      async () => expect(await admin.get('ServiceAccount', NS, 'default')).toBeTruthy(),
      converge,
    );
    await admin.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: CONFIG_SECRET, namespace: SYSTEM_NAMESPACE },
      stringData: { clusterId: TEST_CLUSTER, coreSigningKey: encodePublicKey(publicKey) },
    } as KubeObject);
    await vi.waitFor(
      () => link.apply(signedTemplate(privateKey, TENANT, NS, 'paper', templateSpec())),
      converge,
    );
  });

  afterAll(async () => {
    for (const { child } of processes.values()) child.kill('SIGKILL');
    await admin?.close();
    await link?.close();
    await kube?.stop();
  });

  it('converges with one child of each kind per server, none orphaned, and a new leader within the lease', async () => {
    startProcess('op-1');
    await vi.waitFor(async () => expect(await holder()).toBe('op-1'), {
      ...converge,
      timeout: 60_000,
    });
    startProcess('op-2');
    await vi.waitFor(
      () => expect(processes.get('op-2')!.output.join('')).toContain('operator started'),
      { ...converge, timeout: 60_000 },
    );
    for (const name of names)
      await link.apply(signedServer(privateKey, NS, name, serverSpec(TENANT), 1));

    // The apiserver goes away while the leader is part-way through.
    await vi.waitFor(async () => expect(await count('Secret')).toBeGreaterThanOrEqual(10), {
      ...converge,
      timeout: 120_000,
    });
    await kube.restartApiserver();

    // Then the leader dies without releasing the lease, also part-way through.
    await vi.waitFor(
      async () => expect(await count('Secret')).toBeGreaterThanOrEqual(SERVERS * 0.3),
      { ...converge, timeout: 180_000 },
    );
    const leader = (await holder())!;
    const standby = leader === 'op-1' ? 'op-2' : 'op-1';
    processes.get(leader)!.child.kill('SIGKILL');
    const killedAt = Date.now();
    // Killed mid-way: some servers have no install Job yet.
    expect(await count('Job')).toBeLessThan(SERVERS);
    await vi.waitFor(async () => expect(await holder()).toBe(standby), {
      ...converge,
      timeout: LEASE_MS * 3,
    });
    // Within one lease duration and one retry period, plus the apiserver's answer time.
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + RETRY_MS + 5_000);

    // Every server converges: Installing, its install Job running, with one child of each kind.
    await vi.waitFor(
      async () => {
        const servers = (await admin.list<Server>('GameServer', NS)).items;
        expect(servers).toHaveLength(SERVERS);
        const behind = servers.filter((s) => s.status?.phase !== 'Installing');
        expect(behind.map((s) => `${s.metadata!.name}: ${s.status?.phase}`)).toEqual([]);
      },
      { ...converge, timeout: 240_000 },
    );
    const uids = new Map(
      (await admin.list<Server>('GameServer', NS)).items.map((s) => [
        s.metadata!.name!,
        s.metadata!.uid!,
      ]),
    );
    for (const kind of CHILD_KINDS) {
      const children = (await admin.list(kind, NS, LABEL_SERVER)).items;
      // Exactly one per server: nothing created twice by the two leaders or across the restart.
      const perServer = new Map<string, number>();
      for (const c of children) {
        const server = c.metadata!.labels![LABEL_SERVER]!;
        perServer.set(server, (perServer.get(server) ?? 0) + 1);
        // Not orphaned: owned by the live GameServer of that name.
        expect(c.metadata!.ownerReferences, `${kind} ${c.metadata!.name}`).toEqual([
          expect.objectContaining({ kind: 'GameServer', name: server, uid: uids.get(server) }),
        ]);
      }
      expect([...perServer.keys()].sort(), kind).toEqual(names);
      expect(
        [...perServer.values()].every((n) => n === 1),
        kind,
      ).toBe(true);
    }
  });
});
