export {
  startKube,
  apiserverArgs,
  controllerManagerArgs,
  SERVICE_CLUSTER_IP_RANGE,
} from './harness.ts';
export type { KubeHandle, KubePorts, StartKubeOptions } from './harness.ts';
export { startKubelet } from './kubelet.ts';
export type { ContainerRef, Kubelet, KubeletOptions } from './kubelet.ts';
export {
  KUBE_VERSION,
  buildKubeBinaries,
  hasKubeBinary,
  kubeBinDir,
  kubeBinaryPath,
  requireKubeBinary,
} from './binaries.ts';
export type { KubeBinary } from './binaries.ts';
export { KubeBinaryMissing, KubeBuildFailed, KubeCertFailed, KubeStartFailed } from './errors.ts';
