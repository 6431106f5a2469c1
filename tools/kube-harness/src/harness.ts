import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireKubeBinary } from './binaries.ts';
import { generatePki, type ClusterPki } from './certs.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { freeLoopbackPorts } from './ports.ts';
import { ControlPlaneProcess, probeOk, waitUntilReady, type ProbeTls } from './process.ts';

/** Options for {@link startKube}. */
export interface StartKubeOptions {
  /**
   * Parent folder for the cluster's state; a fresh `pteronimbus-kube-*` folder is created inside
   * it and removed by `stop()`. Defaults to the system temp folder.
   */
  dir?: string;
  /**
   * Run kube-controller-manager with the garbage collector (owner references cascade), the
   * namespace controller (deleted namespaces empty and go away) and the service-account
   * controller (every namespace gets its `default` account, which pod admission requires).
   * Without them the API accepts those requests but nothing ever acts on them. Default `true`.
   */
  gc?: boolean;
  /** How long each process may take to become ready. Default 120 s: the machine may be busy. */
  startTimeoutMs?: number;
}

/** Loopback ports the cluster's processes listen on. */
export interface KubePorts {
  etcd: number;
  etcdPeer: number;
  apiserver: number;
  /** Health port of kube-controller-manager; absent when it is not running. */
  controllerManager?: number;
}

/** A running test cluster. */
export interface KubeHandle {
  /** Kubeconfig for an admin user in `system:masters`, with certificates embedded. */
  readonly kubeconfigPath: string;
  /** The apiserver's URL, `https://127.0.0.1:<port>`. */
  readonly server: string;
  /** The folder holding all state: certificates, etcd data, logs. */
  readonly dir: string;
  /** The CA that signed the serving and client certificates (PEM file). */
  readonly caCertPath: string;
  /** Whether kube-controller-manager runs. */
  readonly gc: boolean;
  /** PEM files a simulated kubelet serves with, and the CA its callers' certificates chain to. */
  readonly kubeletTls: { readonly cert: string; readonly key: string; readonly ca: string };
  readonly ports: KubePorts;
  /**
   * Stops kube-apiserver and starts it again on the same port and the same etcd, as a control
   * plane upgrade or crash would. Resolves once the new process reports ready.
   */
  restartApiserver(): Promise<void>;
  /** Stops every process and removes {@link KubeHandle.dir}. Safe to call twice. */
  stop(): Promise<void>;
}

/** Service IPs handed out by the test cluster; the first one is the `kubernetes` service. */
export const SERVICE_CLUSTER_IP_RANGE = '10.0.0.0/24';
const KUBERNETES_SERVICE_IP = '10.0.0.1';

/** The arguments kube-apiserver runs with; exported so tests can check the security posture. */
export function apiserverArgs(input: {
  pki: ClusterPki;
  etcdPort: number;
  port: number;
  dir: string;
  gc: boolean;
}): string[] {
  const { pki } = input;
  const args = [
    `--etcd-servers=http://127.0.0.1:${input.etcdPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${input.port}`,
    `--cert-dir=${join(input.dir, 'apiserver')}`,
    `--tls-cert-file=${pki.servingCert}`,
    `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    '--authorization-mode=RBAC',
    '--anonymous-auth=true',
    `--service-account-issuer=https://kubernetes.default.svc.cluster.local`,
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    '--allow-privileged=true',
    // No node will ever serve the `kubernetes` Service, and a loopback endpoint is invalid.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
    // Pod logs and attach go through a kubelet; the harness can simulate one (startKubelet).
    // The apiserver checks its serving certificate and presents a client certificate to it.
    `--kubelet-certificate-authority=${pki.caCert}`,
    `--kubelet-client-certificate=${pki.kubeletClientCert}`,
    `--kubelet-client-key=${pki.kubeletClientKey}`,
    '--kubelet-preferred-address-types=InternalIP',
    // With this beta gate on, the apiserver turns a WebSocket attach into SPDY towards the
    // kubelet; off, it passes the WebSocket through, which the simulated kubelet speaks. Clients
    // see the same API either way.
    '--feature-gates=TranslateStreamCloseWebsocketRequests=false',
  ];
  // The release's default admission chain is what real clusters run. Only ServiceAccount has to
  // go when no controller creates `default` accounts, or every pod would be rejected.
  if (!input.gc) args.push('--disable-admission-plugins=ServiceAccount');
  return args;
}

/** The arguments kube-controller-manager runs with. */
export function controllerManagerArgs(input: {
  kubeconfig: string;
  port: number;
  dir: string;
}): string[] {
  return [
    `--kubeconfig=${input.kubeconfig}`,
    '--controllers=garbage-collector-controller,namespace-controller,serviceaccount-controller',
    // Each controller uses its own service account and bootstrap role, as in a real cluster,
    // so RBAC mistakes in owner references show up here too.
    '--use-service-account-credentials=true',
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    `--secure-port=${input.port}`,
    `--cert-dir=${join(input.dir, 'controller-manager')}`,
    '--profiling=false',
  ];
}

function etcdArgs(input: { dir: string; port: number; peerPort: number }): string[] {
  const client = `http://127.0.0.1:${input.port}`;
  const peer = `http://127.0.0.1:${input.peerPort}`;
  return [
    '--name=default',
    `--data-dir=${join(input.dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // A test cluster's data is thrown away; fsync would only make every write slower.
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

/**
 * Starts a real etcd and kube-apiserver (and, unless `gc: false`, kube-controller-manager) on
 * loopback, with freshly generated certificates and all state in a temporary folder. The
 * binaries must have been built with build.sh (see {@link buildKubeBinaries}).
 *
 * @example
 * const kube = await startKube();
 * const kc = new KubeConfig();
 * kc.loadFromFile(kube.kubeconfigPath);
 * // ...
 * await kube.stop();
 */
export async function startKube(options: StartKubeOptions = {}): Promise<KubeHandle> {
  const gc = options.gc ?? true;
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const binaries = {
    etcd: await requireKubeBinary('etcd'),
    apiserver: await requireKubeBinary('kube-apiserver'),
    controllerManager: gc ? await requireKubeBinary('kube-controller-manager') : undefined,
  };

  const parent = options.dir ?? tmpdir();
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, 'pteronimbus-kube-'));
  const logs = join(dir, 'logs');
  await mkdir(logs);

  const processes: ControlPlaneProcess[] = [];
  let stopped = false;
  // If the test process dies without calling stop(), no etcd or apiserver may outlive it.
  const onExit = (): void => {
    for (const proc of processes) proc.killNow();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    // Reverse start order: clients go before the servers they talk to.
    for (const proc of [...processes].reverse()) await proc.stop();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const [etcdPort, etcdPeerPort, apiserverPort, cmPort] = (await freeLoopbackPorts(4)) as [
      number,
      number,
      number,
      number,
    ];
    const ports: KubePorts = { etcd: etcdPort, etcdPeer: etcdPeerPort, apiserver: apiserverPort };
    const pki = await generatePki(join(dir, 'pki'), {
      dns: [
        'localhost',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
      ],
      ips: ['127.0.0.1', KUBERNETES_SERVICE_IP],
    });
    const server = `https://127.0.0.1:${apiserverPort}`;
    const adminTls: ProbeTls = {
      ca: await readFile(pki.caCert),
      cert: await readFile(pki.adminCert),
      key: await readFile(pki.adminKey),
    };

    const etcd = new ControlPlaneProcess(
      'etcd',
      binaries.etcd,
      etcdArgs({ dir, port: etcdPort, peerPort: etcdPeerPort }),
      join(logs, 'etcd.log'),
    );
    processes.push(etcd);
    await waitUntilReady(etcd, () => probeOk(`http://127.0.0.1:${etcdPort}/health`), timeoutMs);

    const apiserverArgv = apiserverArgs({ pki, etcdPort, port: apiserverPort, dir, gc });
    // Keeps the apiserver in its slot of `processes`, so stop() still ends it after its clients.
    const startApiserver = async (slot: number): Promise<ControlPlaneProcess> => {
      const proc = new ControlPlaneProcess(
        'kube-apiserver',
        binaries.apiserver,
        apiserverArgv,
        join(logs, 'kube-apiserver.log'),
      );
      processes[slot] = proc;
      await waitUntilReady(proc, () => probeOk(`${server}/readyz`, adminTls), timeoutMs);
      return proc;
    };
    let apiserver = await startApiserver(processes.length);
    // /readyz does not wait for the bootstrap controller, which creates `default` a moment later;
    // tests that use it straight away would otherwise race it.
    await waitUntilReady(
      apiserver,
      () => probeOk(`${server}/api/v1/namespaces/default`, adminTls),
      timeoutMs,
    );

    const kubeconfigPath = join(dir, 'kubeconfig');
    const base = { server, caCertFile: pki.caCert };
    await writeKubeconfig(kubeconfigPath, {
      ...base,
      clientCertFile: pki.adminCert,
      clientKeyFile: pki.adminKey,
      user: 'pteronimbus-admin',
    });

    if (binaries.controllerManager) {
      const cmKubeconfig = join(dir, 'controller-manager.kubeconfig');
      await writeKubeconfig(cmKubeconfig, {
        ...base,
        clientCertFile: pki.controllerManagerCert,
        clientKeyFile: pki.controllerManagerKey,
        user: 'system:kube-controller-manager',
      });
      ports.controllerManager = cmPort;
      const cm = new ControlPlaneProcess(
        'kube-controller-manager',
        binaries.controllerManager,
        controllerManagerArgs({ kubeconfig: cmKubeconfig, port: cmPort, dir }),
        join(logs, 'kube-controller-manager.log'),
      );
      processes.push(cm);
      // Its serving certificate is self-signed in --cert-dir, hence no CA for this probe.
      await waitUntilReady(cm, () => probeOk(`https://127.0.0.1:${cmPort}/healthz`, {}), timeoutMs);
    }

    return {
      kubeconfigPath,
      server,
      dir,
      caCertPath: pki.caCert,
      gc,
      kubeletTls: { cert: pki.kubeletCert, key: pki.kubeletKey, ca: pki.caCert },
      ports,
      async restartApiserver() {
        const slot = processes.indexOf(apiserver);
        await apiserver.stop();
        apiserver = await startApiserver(slot);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
