import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { startKube } from '@pteronimbus/kube-harness';
import {
  API_VERSION,
  ANNOTATION_SIGNATURE,
  CONFIG_SECRET,
  KubeClient,
  LABEL_TEMPLATE_VERSION,
  LABEL_TENANT,
  SYSTEM_NAMESPACE,
  installCrds,
  type KubeObject,
} from '@pteronimbus/operator';
import {
  encodePublicKey,
  generateSigningKeyPair,
  signDocument,
  type GameServerSpec,
  type GameTemplateSpec,
} from '@pteronimbus/sdk';
import { fmt, machineLine, type BenchSection } from './report.ts';

const SERVERS = Number(process.env.BENCH_OPERATOR_SERVERS ?? 500);
const TENANT = 'bench';
const NS = `pn-${TENANT}`;

const template: GameTemplateSpec = {
  game: { id: 'bench', name: 'Bench' },
  images: [{ label: 'default', image: 'example.invalid/game:1' }],
  startup: { command: './start --port {{SERVER_PORT}}', variants: [] },
  parameters: { type: 'object', properties: {}, required: [] },
  ports: [{ name: 'game', containerPort: 7777, protocol: 'TCPUDP' }],
  configFiles: [],
  readiness: [{ match: 'ready', regex: false }],
  stop: { command: 'stop' },
  resources: { cpu: 500, memory: 512, disk: 1024 },
  features: [],
  fileDenylist: [],
  environment: {},
  warnings: [],
};

function serverSpec(): GameServerSpec {
  return {
    tenantId: TENANT,
    template: { name: 'bench', version: '1' },
    parameters: {},
    resources: { cpu: 500, memory: 512, disk: 1024 },
    desiredState: 'Running',
    exposure: 'ClusterIP',
    storage: { deleteWithServer: false },
    installGeneration: 0,
    stopGracePeriodSeconds: 30,
  };
}

/** Peak and current resident memory of a process, in MiB, from /proc. */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const read = (key: string) =>
    Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { peak: read('VmHWM'), now: read('VmRSS') };
}

/**
 * 500 signed GameServers applied at once against a real apiserver, with the operator running as
 * its own process: the time until every server has its five children and a status, and the
 * operator's resident memory.
 */
export async function operatorBench(): Promise<BenchSection> {
  const kube = await startKube({ gc: false });
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  const admin = new KubeClient(kc, { qps: 1000, burst: 1000, fieldManager: 'pteronimbus-link' });
  const { privateKey, publicKey } = generateSigningKeyPair();
  let operator: ReturnType<typeof spawn> | undefined;
  try {
    await installCrds(admin);
    // The harness hands out Service IPs from a /24; 500 servers need more, which a second
    // ServiceCIDR gives (stable since Kubernetes 1.33).
    await admin.request('POST', '/apis/networking.k8s.io/v1/servicecidrs', {
      body: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'ServiceCIDR',
        metadata: { name: 'bench' },
        spec: { cidrs: ['10.1.0.0/20'] },
      },
    });
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
      kind: 'Secret',
      metadata: { name: CONFIG_SECRET, namespace: SYSTEM_NAMESPACE },
      stringData: { clusterId: 'bench', coreSigningKey: encodePublicKey(publicKey) },
    } as KubeObject);
    const templateSignature = signDocument(
      {
        kind: 'GameTemplate',
        tenantId: TENANT,
        namespace: NS,
        name: 'bench',
        spec: template as never,
      },
      privateKey,
    );
    for (;;) {
      try {
        await admin.apply({
          apiVersion: API_VERSION,
          kind: 'GameTemplate',
          metadata: {
            name: 'bench',
            namespace: NS,
            labels: { [LABEL_TEMPLATE_VERSION]: '1' },
            annotations: { [ANNOTATION_SIGNATURE]: templateSignature },
          },
          spec: template,
        });
        break;
      } catch {
        // The new CRD's storage may still be initialising.
        await sleep(200);
      }
    }

    const main = fileURLToPath(new URL('./main.ts', import.meta.resolve('@pteronimbus/operator')));
    // The flags of the package's start script: a small young generation keeps RSS down.
    operator = spawn(process.execPath, ['--conditions=source', '--max-semi-space-size=2', main], {
      env: {
        ...process.env,
        KUBECONFIG: kube.kubeconfigPath,
        PTERONIMBUS_OPERATOR_PORT: '0',
        POD_NAME: 'bench',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    operator.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    while (!output.includes('leading: starting the reconciler')) {
      if (operator.exitCode !== null) throw new Error(`operator exited: ${output}`);
      await sleep(100);
    }
    await sleep(1000);
    const pid = operator.pid as number;
    const idle = memoryOf(pid);

    const started = performance.now();
    const names = Array.from({ length: SERVERS }, (_, i) => `s${String(i).padStart(4, '0')}`);
    const pending = [...names];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let name = pending.shift(); name; name = pending.shift()) {
          const spec = serverSpec();
          const signature = signDocument(
            { kind: 'GameServer', tenantId: TENANT, namespace: NS, name, spec: spec as never },
            privateKey,
          );
          await admin.apply({
            apiVersion: API_VERSION,
            kind: 'GameServer',
            metadata: { name, namespace: NS, annotations: { [ANNOTATION_SIGNATURE]: signature } },
            spec,
          });
        }
      }),
    );
    const applied = performance.now() - started;

    let seconds = 0;
    let peak = idle.peak;
    for (;;) {
      peak = Math.max(peak, memoryOf(pid).peak);
      const servers = await admin.list<{ status?: { phase?: string } }>('GameServer', NS);
      const withStatus = servers.items.filter((s) => s.status?.phase === 'Starting').length;
      const sets = (await admin.list('StatefulSet', NS)).items.length;
      const claims = (await admin.list('PersistentVolumeClaim', NS)).items.length;
      if (withStatus === SERVERS && sets === SERVERS && claims === SERVERS) {
        seconds = (performance.now() - started) / 1000;
        break;
      }
      if (performance.now() - started > 600_000)
        throw new Error(`not converged: ${withStatus} statuses, ${sets} StatefulSets`);
      await sleep(2000);
    }
    const after = memoryOf(pid);
    peak = Math.max(peak, after.peak);
    const verdict = seconds < 60 && peak < 200 ? 'meets the goal' : 'misses the goal';
    return {
      id: 'operator',
      title: `Operator: ${SERVERS} GameServers to children and status`,
      body: `Machine: ${machineLine()}. A real kube-apiserver and etcd (the kube harness, no kubelet), the
operator as its own process (started like \`npm start\`, with \`--max-semi-space-size=2\`) with its
default client rate limit (100 requests/s, burst 200). ${SERVERS}
signed GameServers applied with server-side apply by 20 concurrent writers; done when every server
has its Secret, ConfigMap, PersistentVolumeClaim, Service and StatefulSet and its status says
\`Starting\` (nothing further happens without a kubelet).

| measure | value |
|---|---:|
| apply ${SERVERS} GameServers | ${fmt(applied / 1000, 1)} s |
| until all children and status | **${fmt(seconds, 1)} s** |
| operator RSS idle (leading, caches synced) | ${fmt(idle.now, 0)} MiB |
| operator RSS after | ${fmt(after.now, 0)} MiB |
| operator peak RSS | **${fmt(peak, 0)} MiB** |

Goal: under 60 s and under 200 MB — ${verdict}.`,
    };
  } finally {
    operator?.kill('SIGKILL');
    await admin.close();
    await kube.stop();
  }
}
