import {
  LINK_ANNOTATIONS,
  generateSigningKeyPair,
  keyId,
  signDocument,
  trustKeys,
} from '@pteronimbus/sdk';
import { describe, expect, it } from 'vitest';
import { serverSpec, templateSpec } from '../../test/fixtures.ts';
import { ANNOTATION_REVISION, ANNOTATION_SIGNATURE } from '../names.ts';
import { parseQuantity } from './quantity.ts';
import type { GameServer, GameTemplate } from './types.ts';
import {
  quotaFromResourceQuota,
  verifyServer,
  verifyTemplate,
  type VerifyContext,
} from './verify.ts';

const { privateKey, publicKey } = generateSigningKeyPair();
const other = generateSigningKeyPair();
const CLUSTER = 'cl_1';

function server(
  name: string,
  overrides: Parameters<typeof serverSpec>[1] = {},
  opts: {
    ns?: string;
    key?: typeof privateKey;
    created?: string;
    tenant?: string;
    cluster?: string;
    revision?: number;
  } = {},
): GameServer {
  const spec = serverSpec('t1', overrides);
  const namespace = opts.ns ?? 'pn-t1';
  const key = opts.key ?? privateKey;
  const revision = opts.revision ?? 5;
  const signature = signDocument(
    {
      clusterId: opts.cluster ?? CLUSTER,
      revision,
      kid: keyId(key),
      kind: 'GameServer',
      tenantId: opts.tenant ?? 't1',
      namespace,
      name,
      spec: spec as never,
      deleted: false,
    },
    key,
  );
  return {
    metadata: {
      name,
      namespace,
      uid: name,
      creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z',
      annotations: {
        [ANNOTATION_SIGNATURE]: signature,
        [ANNOTATION_REVISION]: String(revision),
        [LINK_ANNOTATIONS.keyId]: keyId(key),
      },
    },
    spec,
  };
}

const ctx = (siblings: GameServer[], quota?: VerifyContext['quota']): VerifyContext => ({
  publicKey,
  clusterId: CLUSTER,
  namespaceTenant: 't1',
  quota,
  siblings,
});

describe('verifyServer', () => {
  it('accepts what core signed for the tenant, in its namespace', () => {
    const s = server('a');
    expect(verifyServer(s, ctx([s]))).toEqual({ ok: true });
  });

  it('refuses a missing, foreign or stale signature', () => {
    const unsigned = { ...server('a'), metadata: { ...server('a').metadata, annotations: {} } };
    expect(verifyServer(unsigned, ctx([]))).toMatchObject({
      ok: false,
      reason: 'SignatureInvalid',
    });
    expect(verifyServer(server('a', {}, { key: other.privateKey }), ctx([]))).toMatchObject({
      reason: 'SignatureInvalid',
    });
    const edited = server('a');
    edited.spec = { ...edited.spec, resources: { ...edited.spec.resources, cpu: 9999 } };
    expect(verifyServer(edited, ctx([]))).toMatchObject({ reason: 'SignatureInvalid' });
  });

  it('refuses a server signed for another cluster, or carrying another revision than was signed', () => {
    expect(verifyServer(server('a', {}, { cluster: 'cl_2' }), ctx([]))).toMatchObject({
      ok: false,
      reason: 'SignatureInvalid',
    });
    const renumbered = server('a', {}, { revision: 3 });
    renumbered.metadata.annotations![ANNOTATION_REVISION] = '9';
    expect(verifyServer(renumbered, ctx([]))).toMatchObject({ reason: 'SignatureInvalid' });
    const noRevision = server('a');
    delete noRevision.metadata.annotations![ANNOTATION_REVISION];
    expect(verifyServer(noRevision, ctx([]))).toMatchObject({ reason: 'SignatureInvalid' });
  });

  it('verifies with the key its key id names in a ring, and refuses a key outside the ring', () => {
    const ring = trustKeys([publicKey, other.publicKey]);
    const byOther = server('a', {}, { key: other.privateKey });
    expect(verifyServer(byOther, { ...ctx([]), publicKey: ring })).toEqual({ ok: true });
    expect(verifyServer(byOther, { ...ctx([]), publicKey: trustKeys([publicKey]) })).toMatchObject({
      reason: 'SignatureInvalid',
    });
    // Another key's id on the signature: refused.
    byOther.metadata.annotations![LINK_ANNOTATIONS.keyId] = keyId(publicKey);
    expect(verifyServer(byOther, { ...ctx([]), publicKey: ring })).toMatchObject({
      reason: 'SignatureInvalid',
    });
  });

  it('refuses a server outside its tenant namespace', () => {
    const s = server('a', {}, { ns: 'pn-t2' });
    expect(verifyServer(s, ctx([]))).toMatchObject({ ok: false, reason: 'TenantMismatch' });
    expect(verifyServer(server('a'), { ...ctx([]), namespaceTenant: 't2' })).toMatchObject({
      reason: 'TenantMismatch',
    });
  });

  it('counts older servers against the quota, stopped ones for disk only', () => {
    const quota = { cpu: 2000, memory: 4096, disk: 5000 };
    const older = server(
      'older',
      { resources: { cpu: 1500, memory: 1024, disk: 2048 } },
      { created: '2025-01-01T00:00:00Z' },
    );
    const newer = server(
      'newer',
      { resources: { cpu: 1000, memory: 1024, disk: 2048 } },
      { created: '2025-01-02T00:00:00Z' },
    );
    expect(verifyServer(older, ctx([older, newer], quota))).toEqual({ ok: true });
    expect(verifyServer(newer, ctx([older, newer], quota))).toMatchObject({
      ok: false,
      reason: 'OverQuota',
      message: expect.stringContaining('cpu 2500m'),
    });
    const stopped = server(
      'older',
      { desiredState: 'Stopped', resources: { cpu: 1500, memory: 1024, disk: 2048 } },
      { created: '2025-01-01T00:00:00Z' },
    );
    expect(verifyServer(newer, ctx([stopped, newer], quota))).toEqual({ ok: true });
    const bigDisk = server(
      'newer',
      { resources: { cpu: 100, memory: 100, disk: 4000 } },
      { created: '2025-01-02T00:00:00Z' },
    );
    expect(verifyServer(bigDisk, ctx([stopped, bigDisk], quota))).toMatchObject({
      reason: 'OverQuota',
      message: expect.stringContaining('disk'),
    });
  });

  it('lets a refused or forged older server hold no quota', () => {
    const quota = { cpu: 2000 };
    const huge = server(
      'huge',
      { resources: { cpu: 8000, memory: 1, disk: 1 } },
      { created: '2025-01-01T00:00:00Z' },
    );
    const forged = {
      ...server('forged', {}, { created: '2025-01-01T00:00:00Z' }),
      metadata: { ...huge.metadata, name: 'forged', uid: 'forged', annotations: {} },
    };
    const later = server(
      'later',
      { resources: { cpu: 2000, memory: 1, disk: 1 } },
      { created: '2025-01-03T00:00:00Z' },
    );
    expect(verifyServer(huge, ctx([huge, forged, later], quota))).toMatchObject({
      reason: 'OverQuota',
    });
    expect(verifyServer(later, ctx([huge, forged, later], quota))).toEqual({ ok: true });
  });
});

describe('verifyTemplate', () => {
  it('accepts a template signed for the namespace tenant only', () => {
    const spec = templateSpec();
    const signature = signDocument(
      {
        clusterId: CLUSTER,
        revision: 2,
        kid: keyId(privateKey),
        kind: 'GameTemplate',
        tenantId: 't1',
        namespace: 'pn-t1',
        name: 'paper',
        spec: spec as never,
        deleted: false,
      },
      privateKey,
    );
    const t: GameTemplate = {
      metadata: {
        name: 'paper',
        namespace: 'pn-t1',
        uid: 'u',
        annotations: {
          [ANNOTATION_SIGNATURE]: signature,
          [ANNOTATION_REVISION]: '2',
          [LINK_ANNOTATIONS.keyId]: keyId(privateKey),
        },
      },
      spec,
    };
    expect(verifyTemplate(t, 't1', publicKey, CLUSTER)).toBe(true);
    expect(verifyTemplate(t, 't1', publicKey, 'cl_2')).toBe(false);
    expect(verifyTemplate(t, 't2', publicKey, CLUSTER)).toBe(false);
    expect(verifyTemplate(t, undefined, publicKey, CLUSTER)).toBe(false);
  });
});

describe('quotas', () => {
  it('reads Kubernetes quantities', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('4')).toBe(4);
    expect(parseQuantity('8Gi')).toBe(8 * 2 ** 30);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('lots')).toBeUndefined();
  });

  it('turns a ResourceQuota into server units', () => {
    expect(
      quotaFromResourceQuota({
        'limits.cpu': '4',
        'limits.memory': '8Gi',
        'requests.storage': '100Gi',
      }),
    ).toEqual({
      cpu: 4000,
      memory: 8192,
      disk: 102400,
    });
    expect(quotaFromResourceQuota({ 'requests.cpu': '1500m' })).toEqual({ cpu: 1500 });
    expect(quotaFromResourceQuota(undefined)).toEqual({});
  });
});
