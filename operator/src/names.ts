// Names shared by the CRDs, the reconciler and the link: one place, so they never drift.
import { createRequire } from 'node:module';

/** API group of the custom resources. */
export const GROUP = 'pteronimbus.io';
/** Served and stored version. */
export const VERSION = 'v1alpha1';
/** `apiVersion` of GameTemplate and GameServer objects. */
export const API_VERSION = `${GROUP}/${VERSION}`;

/** Field manager of every object the reconciler applies. */
export const FIELD_MANAGER = 'pteronimbus-operator';
/** Finalizer that holds a GameServer until its children are cleaned up. */
export const FINALIZER = `${GROUP}/cleanup`;

/** Labels. */
export const LABEL_TENANT = `${GROUP}/tenant`;
export const LABEL_SERVER = `${GROUP}/server`;
export const LABEL_COMPONENT = `${GROUP}/component`;
export const LABEL_TEMPLATE_VERSION = `${GROUP}/template-version`;
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'pteronimbus-operator';

/** Annotations. */
export const ANNOTATION_SIGNATURE = `${GROUP}/signature`;
export const ANNOTATION_REVISION = `${GROUP}/revision`;
export const ANNOTATION_APPLIED_HASH = `${GROUP}/applied-hash`;

/** Name of each tenant namespace's ResourceQuota, written by the link. */
export const QUOTA_NAME = 'pn-quota';

/** The operator's service account, as the chart names it. */
export const OPERATOR_SERVICE_ACCOUNT = 'pteronimbus-operator';
/**
 * The ClusterRole granting Secret access, bound by the operator in each tenant namespace only, so
 * it never reads Secrets cluster-wide.
 */
export const TENANT_SECRETS_ROLE = 'pteronimbus-tenant-secrets';
/** The RoleBinding of {@link TENANT_SECRETS_ROLE} in each tenant namespace. */
export const TENANT_SECRETS_BINDING = 'pteronimbus-operator-secrets';

/** Where the operator runs and keeps its lease and config. */
export const SYSTEM_NAMESPACE = 'pteronimbus-system';
export const LEASE_NAME = 'pteronimbus-operator';

/** Resource coordinates for the two kinds. */
export const GAME_SERVERS = { kind: 'GameServer', plural: 'gameservers', singular: 'gameserver' };
export const GAME_TEMPLATES = {
  kind: 'GameTemplate',
  plural: 'gametemplates',
  singular: 'gametemplate',
};

/** This operator's release. */
export const OPERATOR_VERSION = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;

/**
 * The operator's own image, which also runs the config-file patcher in game pods
 * (`PTERONIMBUS_OPERATOR_IMAGE`; the chart sets it to the image it deploys).
 */
export const DEFAULT_OPERATOR_IMAGE = `ghcr.io/pteronimbus/operator:${OPERATOR_VERSION}`;
