import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { buildApp, defineConfig } from '@pteronimbus/core';
import { startKube } from '@pteronimbus/kube-harness';
import {
  KubeClient,
  OPERATOR_VERSION,
  SYSTEM_NAMESPACE,
  installCrds,
  runJoinCommand,
} from '@pteronimbus/operator';
import {
  tenantNamespace,
  type GameServerSpec,
  type GameTemplateSpec,
  type TenantSpec,
} from '@pteronimbus/sdk';
import { fmt, machineLine, type BenchSection } from './report.ts';

const SERVERS = Number(process.env.BENCH_OPERATOR_SERVERS ?? 500);
const TENANT = '700000000000000001';
const NS = tenantNamespace(TENANT);
// Core names a template's object `<template id>-v<version>`; the operator reads the version from it.
const TEMPLATE = 'bench-v1';

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

// What core sends for a tenant whose quota fits every server, with the template's game ports.
const tenant: TenantSpec = {
  quota: {
    cpu: SERVERS * template.resources.cpu,
    memory: SERVERS * template.resources.memory,
    disk: SERVERS * template.resources.disk,
    servers: SERVERS,
  },
  gamePorts: [
    { protocol: 'TCP', port: 7777 },
    { protocol: 'UDP', port: 7777 },
  ],
};

function serverSpec(name: string): GameServerSpec {
  return {
    tenantId: TENANT,
    displayName: name,
    template: { name: TEMPLATE, version: '1' },
    image: 'example.invalid/game:1',
    parameters: {},
    resources: { ...template.resources },
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
 * 500 GameServers from desired state in core to children in a real apiserver and status back in
 * core: core runs in this process, the cluster joins it with a join token as an admin would, and
 * the operator runs as its own process with its link to core. Measures the time until every
 * server has its children and core holds its status, and the operator's resident memory.
 */
export async function operatorBench(): Promise<BenchSection> {
  const kube = await startKube({ gc: false });
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  const admin = new KubeClient(kc, { qps: 1000, burst: 1000, fieldManager: 'pteronimbus-bench' });
  const devNull = new Writable({ write: (_c, _e, cb) => cb() });
  const core = await buildApp(
    defineConfig({
      databaseUrl: process.env.TEST_DATABASE_URL ?? null,
      redisUrl: process.env.TEST_REDIS_URL ?? null,
      dataDir: await mkdtemp(join(tmpdir(), 'pn-bench-')),
      logLevel: 'info',
      webRoot: false,
      plugins: [],
    }),
    { logStream: devNull, keyPrefix: `pn:bench:${Date.now()}:` },
  );
  const coreUrl = await core.listen({ port: 0, host: '127.0.0.1' });
  const gateway = core.pn.operatorGateway;
  let clusterId: string | undefined;
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

    // Joined as an admin does it: a join token from the panel, the operator's `join` command
    // (which writes the config Secret), then approval.
    const { token } = await gateway.createJoinToken({ name: 'bench', createdBy: 'bench' });
    ({ clusterId } = await runJoinCommand(
      ['--url', coreUrl, '--token', token, '--insecure-http'],
      {},
      kc,
      OPERATOR_VERSION,
    ));
    await gateway.approve(clusterId, 'bench');

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
    while (!output.includes('linked to core')) {
      if (operator.exitCode !== null) throw new Error(`operator exited: ${output}`);
      await sleep(100);
    }
    await sleep(1000);
    const pid = operator.pid as number;
    const idle = memoryOf(pid);

    // What core's servers service sends for new servers: the tenant's namespace, the pinned
    // template, then each server.
    const started = performance.now();
    await gateway.publish(clusterId, { kind: 'Tenant', tenantId: TENANT, spec: tenant });
    await gateway.publish(clusterId, {
      kind: 'GameTemplate',
      tenantId: TENANT,
      name: TEMPLATE,
      spec: template as unknown as Record<string, unknown>,
    });
    const names = Array.from({ length: SERVERS }, (_, i) => `s${String(i).padStart(4, '0')}`);
    const pending = [...names];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let name = pending.shift(); name; name = pending.shift()) {
          await gateway.publish(clusterId!, {
            kind: 'GameServer',
            tenantId: TENANT,
            name,
            spec: serverSpec(name) as unknown as Record<string, unknown>,
          });
        }
      }),
    );
    const published = performance.now() - started;

    let children = 0;
    let statuses = 0;
    let peak = idle.peak;
    const counts = { sets: 0, claims: 0, reported: 0 };
    while (!children || !statuses) {
      peak = Math.max(peak, memoryOf(pid).peak);
      const elapsed = performance.now() - started;
      if (!children) {
        counts.sets = (await admin.list('StatefulSet', NS)).items.length;
        counts.claims = (await admin.list('PersistentVolumeClaim', NS)).items.length;
        if (counts.sets === SERVERS && counts.claims === SERVERS) children = elapsed;
      }
      if (!statuses) {
        // What core keeps of each GameServer status the operator reports (the gateway's store).
        const rows = await core.pn.db.query<{ n: string }>(
          `select count(*) as n from "pn_cluster_object_status"
           where "cluster_id" = $1 and "kind" = 'GameServer' and "namespace" = $2
             and "status"->>'phase' = 'Starting'`,
          [clusterId, NS],
        );
        counts.reported = Number(rows[0]?.n ?? 0);
        if (counts.reported === SERVERS) statuses = elapsed;
      }
      if (performance.now() - started > 600_000)
        throw new Error(
          `not converged: ${counts.sets} StatefulSets, ${counts.claims} claims, ${counts.reported} statuses in core`,
        );
      await sleep(1000);
    }
    const seconds = Math.max(children, statuses) / 1000;
    const after = memoryOf(pid);
    peak = Math.max(peak, after.peak);
    const verdict = seconds < 60 && peak < 200 ? 'meets the goal' : 'misses the goal';
    return {
      id: 'operator',
      title: `Operator: ${SERVERS} GameServers from core to children and status`,
      body: `Machine: ${machineLine()}. Core in the bench process (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'the embedded PostgreSQL'}, ${process.env.TEST_REDIS_URL ? 'Redis' : 'in-process services'}); a real
kube-apiserver and etcd (the kube harness, no kubelet) joined to it with a join token, the
operator's \`join\` command and approval; the operator as its own process (started like
\`npm start\`, with \`--max-semi-space-size=2\`, its link to core running while it leads) with its
default client rate limit (100 requests/s, burst 200). A Tenant, its GameTemplate and ${SERVERS}
GameServer documents published through core's operator gateway by 20 concurrent callers; done
when every server has its Secret, ConfigMap, PersistentVolumeClaim, Service and StatefulSet and
core holds its reported status, \`Starting\` (nothing further happens without a kubelet). Polled
once a second.

| measure | value |
|---|---:|
| publish ${SERVERS} GameServers (with Tenant and GameTemplate) | ${fmt(published / 1000, 1)} s |
| until all children exist | ${fmt(children / 1000, 1)} s |
| until core holds all ${SERVERS} statuses | **${fmt(statuses / 1000, 1)} s** |
| operator RSS idle (leading, linked, caches synced) | ${fmt(idle.now, 0)} MiB |
| operator RSS after | ${fmt(after.now, 0)} MiB |
| operator peak RSS | **${fmt(peak, 0)} MiB** |

Goal: under 60 s and under 200 MB — ${verdict}.`,
    };
  } finally {
    operator?.kill('SIGKILL');
    await admin.close();
    if (clusterId) {
      // The shared database keeps no trace of the bench's cluster.
      await core.pn.db.query(`delete from "pn_cluster_join_tokens" where "cluster_id" = $1`, [
        clusterId,
      ]);
      await core.pn.db.query(`delete from "pn_clusters" where "id" = $1`, [clusterId]);
    }
    await core.close();
    await kube.stop();
  }
}
