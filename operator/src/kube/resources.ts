import { API_VERSION, GAME_SERVERS, GAME_TEMPLATES } from '../names.ts';

/** The URL segments of one resource type. */
export interface ResourceType {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const TYPES: ResourceType[] = [
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    namespaced: true,
  },
  { apiVersion: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true },
  { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    namespaced: true,
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
  {
    apiVersion: API_VERSION,
    kind: GAME_SERVERS.kind,
    plural: GAME_SERVERS.plural,
    namespaced: true,
  },
  {
    apiVersion: API_VERSION,
    kind: GAME_TEMPLATES.kind,
    plural: GAME_TEMPLATES.plural,
    namespaced: true,
  },
];

/** Looks up a resource type the operator works with by its kind. */
export function resourceType(kind: string): ResourceType {
  const type = TYPES.find((t) => t.kind === kind);
  if (!type) throw new TypeError(`unknown kind ${kind}`);
  return type;
}

/**
 * The REST path of a collection (no `name`) or an object, optionally a subresource. A namespaced
 * type without a namespace gives the all-namespaces collection.
 */
export function resourcePath(
  kind: string,
  target: { namespace?: string | undefined; name?: string | undefined; subresource?: string } = {},
): string {
  const t = resourceType(kind);
  const base = t.apiVersion.includes('/') ? `/apis/${t.apiVersion}` : `/api/${t.apiVersion}`;
  let path = base;
  if (t.namespaced && target.namespace)
    path += `/namespaces/${encodeURIComponent(target.namespace)}`;
  path += `/${t.plural}`;
  if (target.name) path += `/${encodeURIComponent(target.name)}`;
  if (target.subresource) path += `/${target.subresource}`;
  return path;
}
