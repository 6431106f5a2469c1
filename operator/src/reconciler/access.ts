import type { KubeObject } from '../kube/client.ts';
import {
  LABEL_MANAGED_BY,
  MANAGED_BY,
  OPERATOR_SERVICE_ACCOUNT,
  TENANT_SECRETS_BINDING,
  TENANT_SECRETS_ROLE,
} from '../names.ts';

/**
 * The RoleBinding that lets the operator's service account use Secrets in one tenant namespace.
 * The chart grants no Secret access cluster-wide: the operator binds the ClusterRole
 * `pteronimbus-tenant-secrets` (it holds `bind` on that one role) in each tenant namespace it
 * manages, and an admission policy refuses such a binding anywhere but a `pn-` namespace.
 */
export function tenantSecretsBinding(namespace: string, operatorNamespace: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {
      name: TENANT_SECRETS_BINDING,
      namespace,
      labels: { [LABEL_MANAGED_BY]: MANAGED_BY },
    },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: TENANT_SECRETS_ROLE,
    },
    subjects: [
      { kind: 'ServiceAccount', name: OPERATOR_SERVICE_ACCOUNT, namespace: operatorNamespace },
    ],
  };
}
