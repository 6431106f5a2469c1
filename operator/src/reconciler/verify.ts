import {
  LINK_ANNOTATIONS,
  tenantNamespace,
  verifyDocument,
  type KeyInput,
  type TrustedKeys,
} from '@pteronimbus/sdk';
import { ANNOTATION_REVISION, ANNOTATION_SIGNATURE, LABEL_TENANT } from '../names.ts';
import { parseQuantity } from './quantity.ts';
import type { GameServer, GameTemplate } from './types.ts';

/** Why a GameServer is refused; the reason of its `Verified=False` condition. */
export type RefusalReason = 'SignatureInvalid' | 'TenantMismatch' | 'OverQuota';

/** The outcome of the checks a GameServer must pass before anything runs. */
export type Verdict = { ok: true } | { ok: false; reason: RefusalReason; message: string };

/** The tenant quota, in the units of a server's resources (millicores, MiB). */
export interface TenantQuota {
  cpu?: number;
  memory?: number;
  disk?: number;
}

/**
 * Reads the limits the link wrote into a tenant's ResourceQuota. CPU and memory count limits
 * (servers run with limits equal to requests); disk counts `requests.storage`.
 */
export function quotaFromResourceQuota(hard: Record<string, string> | undefined): TenantQuota {
  const read = (...keys: string[]): number | undefined => {
    for (const key of keys) {
      const value = hard?.[key];
      if (value !== undefined) return parseQuantity(value);
    }
    return undefined;
  };
  const cpu = read('limits.cpu', 'requests.cpu', 'cpu');
  const memory = read('limits.memory', 'requests.memory', 'memory');
  const disk = read('requests.storage');
  return {
    ...(cpu === undefined ? {} : { cpu: Math.round(cpu * 1000) }),
    ...(memory === undefined ? {} : { memory: Math.floor(memory / 2 ** 20) }),
    ...(disk === undefined ? {} : { disk: Math.floor(disk / 2 ** 20) }),
  };
}

/** Core's keys as the reconciler checks signatures with: one key, or a ring by key id. */
export type CoreKeys = KeyInput | TrustedKeys;

/**
 * Whether core signed this object as it is now, for this cluster, at the revision and with the
 * key its annotations name. A signature made for another cluster, a copy carrying another
 * revision, or a key the operator does not hold, does not verify.
 */
export function hasValidSignature(
  kind: 'GameServer' | 'GameTemplate',
  object: GameServer | GameTemplate,
  tenantId: string,
  keys: CoreKeys,
  clusterId: string,
): boolean {
  const annotations = object.metadata.annotations ?? {};
  const revision = Number(annotations[ANNOTATION_REVISION]);
  // Objects listed from a collection carry no kind of their own, so the caller names it.
  return verifyDocument(
    {
      clusterId,
      revision,
      kid: annotations[LINK_ANNOTATIONS.keyId] ?? '',
      kind,
      tenantId,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
      spec: object.spec as unknown as Record<string, unknown>,
      deleted: false,
    },
    annotations[ANNOTATION_SIGNATURE],
    keys,
  );
}

/** What the checks need to know about the server's surroundings. */
export interface VerifyContext {
  publicKey: CoreKeys;
  /** The cluster this operator runs in: signatures are made for one cluster. */
  clusterId: string;
  /** The `pteronimbus.io/tenant` label of the server's namespace, if the namespace is known. */
  namespaceTenant: string | undefined;
  quota: TenantQuota | undefined;
  /** Every GameServer of the namespace, this one included. */
  siblings: readonly GameServer[];
}

function creationOrder(a: GameServer, b: GameServer): number {
  const ta = String(a.metadata.creationTimestamp ?? '');
  const tb = String(b.metadata.creationTimestamp ?? '');
  return ta === tb ? a.metadata.name.localeCompare(b.metadata.name) : ta < tb ? -1 : 1;
}

/**
 * Runs the controller-level permission checks in order: core's signature, the tenant boundary,
 * then the quota. A server fits the quota when it and every older server of the namespace do:
 * CPU and memory count the servers that should run, disk counts all of them (volumes stay).
 */
export function verifyServer(server: GameServer, ctx: VerifyContext): Verdict {
  const { tenantId } = server.spec;
  if (!hasValidSignature('GameServer', server, tenantId, ctx.publicKey, ctx.clusterId)) {
    return {
      ok: false,
      reason: 'SignatureInvalid',
      message: 'the spec does not carry a valid signature from core',
    };
  }
  const expected = tenantNamespace(tenantId);
  if (server.metadata.namespace !== expected || ctx.namespaceTenant !== tenantId) {
    return {
      ok: false,
      reason: 'TenantMismatch',
      message: `tenant ${tenantId} runs in namespace ${expected} labelled ${LABEL_TENANT}=${tenantId}, not in ${server.metadata.namespace}`,
    };
  }
  if (!ctx.quota) return { ok: true };
  return fitsQuota(server, ctx.siblings, ctx.quota);
}

/** Whether a sibling may hold quota: signed, and not already refused as forged or foreign. */
function holdsQuota(s: GameServer): boolean {
  if (!s.metadata.annotations?.[ANNOTATION_SIGNATURE]) return false;
  const verified = s.status?.conditions?.find((c) => c.type === 'Verified');
  return !(
    verified?.status === 'False' &&
    (verified.reason === 'SignatureInvalid' || verified.reason === 'TenantMismatch')
  );
}

/**
 * Admits servers into the quota greedily, oldest first: each one that fits with those admitted
 * before it is admitted, so a refused server holds nothing and the outcome does not depend on
 * which server is reconciled first. CPU and memory count servers that should run; disk counts
 * all of them, since volumes stay.
 */
function fitsQuota(
  server: GameServer,
  siblings: readonly GameServer[],
  quota: TenantQuota,
): Verdict {
  const ordered = [
    ...siblings.filter((s) => s.metadata.uid !== server.metadata.uid && holdsQuota(s)),
    server,
  ].sort(creationOrder);
  const use = { cpu: 0, memory: 0, disk: 0 };
  for (const s of ordered) {
    const running = s.spec.desiredState === 'Running';
    const next = {
      cpu: use.cpu + (running ? s.spec.resources.cpu : 0),
      memory: use.memory + (running ? s.spec.resources.memory : 0),
      disk: use.disk + s.spec.resources.disk,
    };
    const over = (['cpu', 'memory', 'disk'] as const).find(
      (key) => quota[key] !== undefined && next[key] > (quota[key] as number),
    );
    if (s.metadata.uid === server.metadata.uid) {
      if (over === undefined) return { ok: true };
      const unit = over === 'cpu' ? 'm' : 'Mi';
      return {
        ok: false,
        reason: 'OverQuota',
        message: `${over} ${next[over]}${unit} with the older servers of the tenant exceeds the quota of ${quota[over]}${unit}`,
      };
    }
    if (over === undefined) Object.assign(use, next);
  }
  return { ok: true };
}

/** Whether a template was signed by core for this tenant. */
export function verifyTemplate(
  template: GameTemplate,
  namespaceTenant: string | undefined,
  publicKey: CoreKeys,
  clusterId: string,
): boolean {
  return (
    namespaceTenant !== undefined &&
    hasValidSignature('GameTemplate', template, namespaceTenant, publicKey, clusterId)
  );
}
