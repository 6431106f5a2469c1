import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { encodePublicKey, generateSigningKeyPair, type GameServerStatus } from '@pteronimbus/sdk';
import { startKube, type KubeHandle } from '@pteronimbus/kube-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { converge } from '../../test/converge.ts';
import { serverSpec, signedServer, signedTemplate, templateSpec } from '../../test/fixtures.ts';
import { fakeKubelet, finishJob } from '../../test/kubelet.ts';
import { installCrds } from '../crds/install.ts';
import { createLogger } from '../logger.ts';
import { KubeClient, type KubeObject } from '../kube/client.ts';
import { FINALIZER, LABEL_SERVER, LABEL_TENANT, SYSTEM_NAMESPACE } from '../names.ts';
import { startOperator, type OperatorHandle } from '../operator.ts';
import { CONFIG_SECRET, loadOperatorConfig } from '../config.ts';

const TENANT = 't1';
const NS = `pn-${TENANT}`;
const { privateKey, publicKey } = generateSigningKeyPair();

const consoleLog = (who: string) => createLogger({ stream: process.stderr }).child({ who });

type Server = KubeObject & { status?: GameServerStatus };

describe('GameServer reconciler on a real apiserver', () => {
  let kube: KubeHandle;
  let kc: KubeConfig;
  let admin: KubeClient;
  let link: KubeClient;
  let operator: OperatorHandle;
  let kubelet: ReturnType<typeof fakeKubelet>;
  const notReady = new Set<string>();

  const start = (identity: string) =>
    startOperator({
      kubeConfig: kc,
      publicKey,
      clusterId: 'test-cluster',
      identity,
      httpPort: 0,
      httpHost: '127.0.0.1',
      leaseDurationMs: 4_000,
      retryPeriodMs: 500,
      silenceMs: 45_000,
      defaultMetrics: false,
      ...(process.env.PN_TEST_LOG ? { log: consoleLog(identity) } : {}),
    });
  const server = (name: string) => admin.get<Server>('GameServer', NS, name);
  const phaseOf = async (name: string, phase: string) =>
    vi.waitFor(
      async () => {
        const s = await server(name);
        expect(s?.status?.phase, JSON.stringify(s?.status)).toBe(phase);
        return s!;
      },
      { ...converge, timeout: 90_000 },
    );
  const apply = (name: string, spec = serverSpec(TENANT), revision = 1) =>
    link.apply(signedServer(privateKey, NS, name, spec, revision));
  const owned = async (kind: string, name: string) =>
    (await admin.list(kind, NS, `${LABEL_SERVER}=${name}`)).items;

  beforeAll(async () => {
    kube = await startKube();
    kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    admin = new KubeClient(kc, { fieldManager: 'test-admin' });
    link = new KubeClient(kc, { fieldManager: 'pteronimbus-link' });
    await installCrds(admin);
    await admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: SYSTEM_NAMESPACE },
    });
    await admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NS, labels: { [LABEL_TENANT]: TENANT } },
    });
    await admin.create({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'pn-quota', namespace: NS },
      spec: { hard: { 'limits.cpu': '4', 'limits.memory': '8Gi', 'requests.storage': '40Gi' } },
    });
    // Pods need the namespace's default service account, made by the controller manager.
    await vi.waitFor(
      async () => expect(await admin.get('ServiceAccount', NS, 'default')).toBeTruthy(),
      converge,
    );
    await vi.waitFor(
      () => link.apply(signedTemplate(privateKey, TENANT, NS, 'paper', templateSpec())),
      converge,
    );
    operator = await start('op-a');
    kubelet = fakeKubelet(admin, { ready: (sts) => !notReady.has(sts) });
  });
  afterAll(async () => {
    kubelet?.stop();
    await operator?.stop();
    await admin?.close();
    await link?.close();
    await kube?.stop();
  });

  it('runs the install Job, then the game, and reports Running once the pod is ready', async () => {
    await apply('s1', serverSpec(TENANT, { exposure: 'NodePort' }));
    const installing = await phaseOf('s1', 'Installing');
    expect(installing.status?.installJob).toBe('s1-install-0');
    expect(installing.metadata?.finalizers).toContain(FINALIZER);

    const uid = installing.metadata!.uid;
    for (const kind of [
      'Secret',
      'ConfigMap',
      'PersistentVolumeClaim',
      'Service',
      'StatefulSet',
      'Job',
    ]) {
      const items = await vi.waitFor(async () => {
        const found = await owned(kind, 's1');
        expect(found, kind).toHaveLength(1);
        return found;
      }, converge);
      expect(items[0]!.metadata?.ownerReferences, kind).toEqual([
        expect.objectContaining({ kind: 'GameServer', name: 's1', uid, controller: true }),
      ]);
    }
    const sts = (await admin.get('StatefulSet', NS, 's1')) as {
      spec: {
        replicas: number;
        template: {
          spec: { containers: { stdin: boolean; tty?: boolean; readinessProbe: unknown }[] };
        };
      };
    };
    // The game waits for the install: both need the same ReadWriteOnce volume.
    expect(sts.spec.replicas).toBe(0);
    const game = sts.spec.template.spec.containers[0]!;
    expect(game.stdin).toBe(true);
    // false is the default, which the apiserver leaves out.
    expect(game.tty ?? false).toBe(false);
    const secret = (await admin.get('Secret', NS, 's1-env')) as { data: Record<string, string> };
    expect(Buffer.from(secret.data.STARTUP!, 'base64').toString()).toBe(
      'java -Xmx"${SERVER_MEMORY}"M -jar "${SERVER_JARFILE}"',
    );
    const service = (await admin.get('Service', NS, 's1')) as {
      spec: { type: string; ports: { name: string; protocol: string }[] };
    };
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports.map((p) => `${p.name}/${p.protocol}`)).toEqual([
      'game/TCP',
      'voice/TCP',
      'voice-udp/UDP',
    ]);

    await finishJob(admin, NS, 's1-install-0', 'Complete');
    const running = await phaseOf('s1', 'Running');
    expect(running.status).toMatchObject({
      installedGeneration: 0,
      revision: '1',
      restartCount: 0,
    });
    expect(running.status?.address).toMatch(/^10\.0\.0\.\d+$/);
    expect(running.status?.ports?.[0]).toMatchObject({
      name: 'game',
      port: 25565,
      protocol: 'TCP',
      nodePort: expect.any(Number),
    });
    const ready = running.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'True',
      reason: 'PodReady',
      observedGeneration: running.metadata?.generation,
    });
  });

  it('stops (scaled to zero, Stopped) and starts again', async () => {
    await apply('s1', serverSpec(TENANT, { exposure: 'NodePort', desiredState: 'Stopped' }), 2);
    await phaseOf('s1', 'Stopped');
    expect(
      ((await admin.get('StatefulSet', NS, 's1')) as { spec: { replicas: number } }).spec.replicas,
    ).toBe(0);
    await apply('s1', serverSpec(TENANT, { exposure: 'NodePort' }), 3);
    notReady.add('s1');
    await phaseOf('s1', 'Starting');
    notReady.delete('s1');
    const running = await phaseOf('s1', 'Running');
    expect(running.status?.revision).toBe('3');
  });

  it('refuses an unsigned server, a cross-tenant one and one over quota, creating nothing', async () => {
    await link.apply(signedServer(undefined, NS, 'unsigned', serverSpec(TENANT)));
    await link.apply(signedServer(privateKey, NS, 'foreign', serverSpec('t2')));
    await apply('huge', serverSpec(TENANT, { resources: { cpu: 8000, memory: 1024, disk: 1024 } }));
    const reasons: Record<string, string> = {
      unsigned: 'SignatureInvalid',
      foreign: 'TenantMismatch',
      huge: 'OverQuota',
    };
    for (const [name, reason] of Object.entries(reasons)) {
      const s = await phaseOf(name, 'Failed');
      expect(s.status?.conditions?.find((c) => c.type === 'Verified')).toMatchObject({
        status: 'False',
        reason,
      });
      expect(await owned('StatefulSet', name)).toEqual([]);
      expect(await owned('Secret', name)).toEqual([]);
    }
    const events = await admin.list<{ reason: string; involvedObject: { name: string } }>(
      'Event',
      NS,
    );
    expect(
      events.items.some(
        (e) => e.involvedObject.name === 'unsigned' && e.reason === 'SignatureInvalid',
      ),
    ).toBe(true);

    // A hand edit of a signed server voids the signature.
    await admin.mergePatch('GameServer', NS, 's1', { spec: { resources: { cpu: 3000 } } });
    const tampered = await phaseOf('s1', 'Failed');
    expect(tampered.status?.conditions?.find((c) => c.type === 'Verified')?.reason).toBe(
      'SignatureInvalid',
    );
    await apply('s1', serverSpec(TENANT, { exposure: 'NodePort' }), 4);
    await phaseOf('s1', 'Running');
  });

  it('reports a failed install as Failed with the reason', async () => {
    await apply('s2');
    await phaseOf('s2', 'Installing');
    await vi.waitFor(
      async () => expect(await admin.get('Job', NS, 's2-install-0')).toBeTruthy(),
      converge,
    );
    await finishJob(admin, NS, 's2-install-0', 'Failed');
    const failed = await phaseOf('s2', 'Failed');
    expect(failed.status?.conditions?.find((c) => c.type === 'Installed')).toMatchObject({
      status: 'False',
      reason: 'InstallFailed',
    });
    expect(failed.status?.message).toMatch(/backoff limit/);
    // Reinstall: a new generation gets a new Job, the old one goes.
    await apply('s2', serverSpec(TENANT, { installGeneration: 1 }), 2);
    await vi.waitFor(
      async () => expect(await admin.get('Job', NS, 's2-install-1')).toBeTruthy(),
      converge,
    );
    await vi.waitFor(
      async () => expect(await admin.get('Job', NS, 's2-install-0')).toBeUndefined(),
      converge,
    );
    await finishJob(admin, NS, 's2-install-1', 'Complete');
    await phaseOf('s2', 'Running');
  });

  it('reconnects after an apiserver restart and converges', async () => {
    await kube.restartApiserver();
    await apply('s2', serverSpec(TENANT, { installGeneration: 1, desiredState: 'Stopped' }), 3);
    await phaseOf('s2', 'Stopped');
    expect(
      ((await admin.get('StatefulSet', NS, 's2')) as { spec: { replicas: number } }).spec.replicas,
    ).toBe(0);
  });

  it('converges with no duplicates when the operator process is killed mid-reconcile', async () => {
    // Hand over to a real operator process, the way a Deployment runs it.
    await operator.stop();
    await admin.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: CONFIG_SECRET, namespace: SYSTEM_NAMESPACE },
      stringData: { clusterId: 'test-cluster', coreSigningKey: encodePublicKey(publicKey) },
    } as KubeObject);
    const child = spawn(
      process.execPath,
      ['--conditions=source', fileURLToPath(new URL('../main.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          KUBECONFIG: kube.kubeconfigPath,
          PTERONIMBUS_OPERATOR_PORT: '0',
          POD_NAME: 'op-process',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await vi.waitFor(() => expect(output).toContain('operator started'), {
        ...converge,
        timeout: 60_000,
      });
      await apply('s3');
      // Killed as soon as it has started on the server's children, before it could finish.
      await vi.waitFor(async () => expect(await owned('Secret', 's3')).toHaveLength(1), {
        ...converge,
        timeout: 60_000,
      });
    } finally {
      child.kill('SIGKILL');
    }
    // The lease is not released by a killed process: the next replica waits for it to expire.
    operator = await start('op-b');
    await vi.waitFor(() => expect(operator.elector.isLeader).toBe(true), {
      ...converge,
      timeout: 60_000,
    });
    await vi.waitFor(
      async () => expect(await admin.get('Job', NS, 's3-install-0')).toBeTruthy(),
      converge,
    );
    await finishJob(admin, NS, 's3-install-0', 'Complete');
    await phaseOf('s3', 'Running');
    for (const kind of [
      'Secret',
      'ConfigMap',
      'PersistentVolumeClaim',
      'Service',
      'StatefulSet',
      'Job',
    ]) {
      expect(await owned(kind, 's3'), kind).toHaveLength(1);
    }
  });

  it('reads its config from the Secret, the environment overriding it', async () => {
    const config = await loadOperatorConfig({ KUBECONFIG: kube.kubeconfigPath, POD_NAME: 'x' });
    expect(config).toMatchObject({
      clusterId: 'test-cluster',
      identity: 'x',
      namespace: SYSTEM_NAMESPACE,
      httpPort: 8080,
    });
    expect(config.publicKey.asymmetricKeyType).toBe('ed25519');
    const overridden = await loadOperatorConfig({
      KUBECONFIG: kube.kubeconfigPath,
      PTERONIMBUS_CLUSTER_ID: 'other',
    });
    expect(overridden.clusterId).toBe('other');
    await expect(
      loadOperatorConfig({
        KUBECONFIG: kube.kubeconfigPath,
        PTERONIMBUS_CORE_SIGNING_KEY: 'bm90IGEga2V5',
      }),
    ).rejects.toMatchObject({ code: 'PN_OPERATOR_CONFIG_INVALID' });
    await expect(
      loadOperatorConfig({ KUBECONFIG: kube.kubeconfigPath, PTERONIMBUS_NAMESPACE: 'default' }),
    ).rejects.toThrow(/PTERONIMBUS_CLUSTER_ID/);
  });

  it('elects one leader among two replicas', async () => {
    const second = await start('op-c');
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      expect([operator.elector.isLeader, second.elector.isLeader]).toEqual([true, false]);
      expect(second.reconciler).toBeUndefined();
      const lease = (await admin.get('Lease', SYSTEM_NAMESPACE, 'pteronimbus-operator')) as {
        spec: { holderIdentity: string };
      };
      expect(lease.spec.holderIdentity).toBe('op-b');
      const ready = await fetch(`${second.url}/readyz`);
      expect(ready.status).toBe(200);
      const metrics = await (await fetch(`${operator.url}/metrics`)).text();
      expect(metrics).toMatch(/pteronimbus_operator_leader 1/);
      expect(metrics).toMatch(/pteronimbus_operator_reconciles_total\{result="success"\} \d+/);
      // The leader leaves; the standby takes over.
      await operator.stop();
      await vi.waitFor(() => expect(second.elector.isLeader).toBe(true), {
        ...converge,
        timeout: 20_000,
      });
      operator = second;
    } catch (err) {
      await second.stop();
      throw err;
    }
  });

  it('runs the image the signed spec names, and moves to another when it changes', async () => {
    const imageOf = async () =>
      (
        (await admin.get('StatefulSet', NS, 'img')) as
          { spec: { template: { spec: { containers: { image: string }[] } } } } | undefined
      )?.spec.template.spec.containers[0]?.image;
    const stopped = { desiredState: 'Stopped' as const };
    await apply('img', serverSpec(TENANT, { ...stopped, image: 'ghcr.io/example/java:17' }));
    await vi.waitFor(async () => expect(await imageOf()).toBe('ghcr.io/example/java:17'), converge);
    await apply('img', serverSpec(TENANT, { ...stopped, image: 'ghcr.io/example/java:21' }), 2);
    await vi.waitFor(async () => expect(await imageOf()).toBe('ghcr.io/example/java:21'), converge);
    await admin.delete('GameServer', NS, 'img');
  });

  it('cleans up on delete: children collected, the volume kept', async () => {
    await admin.delete('GameServer', NS, 's1');
    await vi.waitFor(async () => expect(await server('s1')).toBeUndefined(), {
      ...converge,
      timeout: 30_000,
    });
    const claim = await admin.get('PersistentVolumeClaim', NS, 's1-data');
    expect(claim?.metadata?.ownerReferences ?? []).toEqual([]);
    // The garbage collector rediscovers custom resources every 30 s.
    await vi.waitFor(async () => expect(await admin.get('StatefulSet', NS, 's1')).toBeUndefined(), {
      ...converge,
      timeout: 150_000,
    });
    await vi.waitFor(async () => expect(await admin.get('Secret', NS, 's1-env')).toBeUndefined(), {
      ...converge,
      timeout: 150_000,
    });
  });
});
