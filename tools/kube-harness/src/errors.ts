import { createError } from '@pteronimbus/sdk';

/** A binary build.sh makes (the control plane, or Helm) is not in the cache folder. */
export const KubeBinaryMissing = createError<[string, string]>(
  'PN_KUBE_BINARY_MISSING',
  '%s not found at %s; run tools/kube-harness/build.sh',
);

/** build.sh exited with an error; the Go output is in `details.output`. */
export const KubeBuildFailed = createError<[number]>(
  'PN_KUBE_BUILD_FAILED',
  'building the Kubernetes binaries failed (build.sh exited with %s)',
);

/** A control-plane process did not become ready; the tail of its log is in `details.log`. */
export const KubeStartFailed = createError<[string, string]>(
  'PN_KUBE_START_FAILED',
  '%s did not become ready: %s',
);

/** An openssl invocation failed while generating the cluster's certificates. */
export const KubeCertFailed = createError<[string]>(
  'PN_KUBE_CERT_FAILED',
  'generating certificates failed: %s',
);
