import { createError } from '@pteronimbus/sdk';

/** A schema uses a keyword a CRD's structural schema cannot express. */
export const CrdSchemaUnsupported = createError<[string, string]>(
  'PN_CRD_SCHEMA_UNSUPPORTED',
  'Schema keyword %s at %s has no structural form',
);

/** The Kubernetes API answered with an error status. */
export const KubeApiError = createError<[string, string, string]>(
  'PN_OPERATOR_KUBE_API',
  'Kubernetes API %s %s failed: %s',
  502,
);

/** The operator's configuration is missing or malformed; start-up stops. */
export const OperatorConfigInvalid = createError<[string, string]>(
  'PN_OPERATOR_CONFIG_INVALID',
  'Operator setting %s is invalid: %s',
);
