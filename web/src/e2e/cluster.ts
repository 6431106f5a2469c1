import {
  startKube,
  startKubelet,
  type ContainerRef,
  type KubeHandle,
  type Kubelet,
} from '@pteronimbus/kube-harness';
import {
  KubeClient,
  OPERATOR_VERSION,
  SYSTEM_NAMESPACE,
  installCrds,
  loadKubeConfig,
  runJoinCommand,
  startLink,
  startOperator,
  type OperatorHandle,
} from '@pteronimbus/operator';
import type { TestCore } from '@pteronimbus/testing';

/** A real apiserver with a simulated kubelet, and the operator joined to a panel's core. */
export interface JoinedCluster {
  kube: KubeHandle;
  kubelet: Kubelet;
  operator: OperatorHandle;
  clusterId: string;
  close(): Promise<void>;
}

/** What the simulated game prints, and when its pod counts as ready. */
export interface GameBehaviour {
  boot?: (ref: ContainerRef) => string[];
  onInput?: (ref: ContainerRef, line: string) => string[];
  ready?: (ref: ContainerRef, log: readonly string[]) => boolean;
}

/**
 * Starts a cluster and joins it to `core` the way an admin would: a one-time join token, the
 * operator's `join` command, approval; then the operator runs with its link to core. Pods run on
 * the harness's simulated kubelet, so logs and console input take the real API paths.
 */
export async function joinCluster(
  core: TestCore,
  baseUrl: string,
  game: GameBehaviour = {},
): Promise<JoinedCluster> {
  const kube = await startKube();
  // Through the operator's own loader: the panel's workspace never imports a Kubernetes client.
  const kc = loadKubeConfig({ KUBECONFIG: kube.kubeconfigPath });
  const admin = new KubeClient(kc, { fieldManager: 'pteronimbus-e2e' });
  await installCrds(admin);
  await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: SYSTEM_NAMESPACE } });
  await admin.close();

  const gateway = core.app.pn.operatorGateway;
  const { token } = await gateway.createJoinToken({ name: 'e2e', createdBy: 'e2e' });
  const { clusterId } = await runJoinCommand(
    ['--url', baseUrl, '--token', token, '--insecure-http'],
    {},
    kc,
    OPERATOR_VERSION,
  );
  await gateway.approve(clusterId, 'e2e');

  const kubelet = await startKubelet(kube, {
    boot: game.boot ?? (() => []),
    ...(game.onInput ? { onInput: game.onInput } : {}),
    ...(game.ready ? { ready: game.ready } : {}),
  });
  const operator = await startOperator({
    kubeConfig: kc,
    publicKey: gateway.publicKey,
    clusterId,
    identity: 'e2e-operator',
    httpPort: 0,
    httpHost: '127.0.0.1',
    leaseDurationMs: 4_000,
    retryPeriodMs: 500,
    defaultMetrics: false,
    whileLeading: () =>
      startLink({
        kubeConfig: kc,
        operatorVersion: OPERATOR_VERSION,
        timing: { initialBackoffMs: 50, maxBackoffMs: 1_000, heartbeatTimeoutMs: 60_000 },
        usageIntervalMs: false,
      }),
  });
  return {
    kube,
    kubelet,
    operator,
    clusterId,
    async close() {
      await operator.stop();
      await kubelet.stop();
      await kube.stop();
    },
  };
}
