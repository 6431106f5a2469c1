import type { KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  encodePublicKey,
  generateSigningKeyPair,
  keyId,
  signDocument,
  signKeySet,
  trustKeys,
  type DocumentMessage,
  type KeyInput,
  type KeySet,
  type OperatorMessage,
  type SignedPayload,
} from '@pteronimbus/sdk';
import { KubeApiError } from '../errors.ts';
import type { DocumentApplier } from './apply.ts';
import { OperatorLink, type LinkRelayHandler } from './link.ts';
import { MemoryRevisionStore } from './revisions.ts';

const keys = generateSigningKeyPair();
const TENANT = '42';
const CLUSTER = 'cl_1';

/** A document core signed for `CLUSTER` at `revision` (unless `change` says otherwise). */
function doc(
  revision: number,
  change: Partial<SignedPayload> = {},
  signWith: KeyInput = keys.privateKey,
): DocumentMessage {
  const spec = 'spec' in change ? (change.spec ?? null) : { n: revision };
  const payload: SignedPayload = {
    clusterId: CLUSTER,
    revision,
    kid: keyId(signWith),
    kind: 'GameTemplate',
    tenantId: TENANT,
    namespace: 'pn-42',
    name: 'paper',
    spec,
    deleted: spec === null,
    ...change,
  };
  const { clusterId: _signedFor, ...message } = payload;
  return {
    type: 'document',
    ...message,
    signature: signDocument(payload, signWith),
  } as DocumentMessage;
}

/** Core's key set `keys`, signed by `signer`. */
function keySet(serial: number, members: KeyInput[], signer: KeyInput): KeySet {
  const published = members.map((k) => ({ kid: keyId(k), publicKey: encodePublicKey(k) }));
  return { serial, keys: published, ...signKeySet(serial, published, signer) };
}

/** A stand-in for core: records frames, lets the test script the answers. */
async function fakeCore(options: { refuse?: number } = {}) {
  const server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    verifyClient: (_info, done) => (options.refuse ? done(false, options.refuse) : done(true)),
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const frames: OperatorMessage[] = [];
  const sockets: WebSocket[] = [];
  const waiters: Array<() => void> = [];
  server.on('connection', (socket, request) => {
    sockets.push(socket);
    expect(request.headers.authorization).toBe('Bearer pnc_test');
    socket.on('message', (data: Buffer) => {
      frames.push(JSON.parse(data.toString()) as OperatorMessage);
      for (const w of waiters.splice(0)) w();
    });
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    frames,
    sockets,
    async until(predicate: (f: OperatorMessage[]) => boolean) {
      while (!predicate(frames)) await new Promise<void>((r) => waiters.push(r));
    },
    send(message: unknown, at = sockets.length - 1) {
      sockets[at]!.send(JSON.stringify(message));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of server.clients) s.terminate();
        server.close(() => resolve());
      }),
  };
}

class RecordingApplier implements DocumentApplier {
  applied: number[] = [];
  failNext: unknown[] = [];
  async apply(d: DocumentMessage) {
    const failure = this.failNext.shift();
    if (failure) throw failure;
    this.applied.push(d.revision);
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(
  options: {
    revision?: number;
    relay?: LinkRelayHandler;
    refuse?: number;
    heartbeatTimeoutMs?: number;
    ring?: Map<string, KeyObject>;
    objectRevision?: (d: DocumentMessage) => Promise<number | undefined>;
  } = {},
) {
  const stored: KeySet[] = [];
  const core = await fakeCore(options.refuse ? { refuse: options.refuse } : {});
  const applier = new RecordingApplier();
  const revisions = new MemoryRevisionStore(options.revision ?? 0);
  const link = new OperatorLink({
    coreUrl: core.url,
    credential: 'pnc_test',
    clusterId: CLUSTER,
    coreSigningKey: options.ring ?? keys.publicKey,
    onKeys: async (set) => {
      stored.push(set);
    },
    ...(options.objectRevision ? { objectRevision: options.objectRevision } : {}),
    applier,
    revisions,
    operatorVersion: '0.1.0',
    kubernetesVersion: 'v1.36.3',
    initialBackoffMs: 20,
    maxBackoffMs: 100,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 60_000,
    ...(options.relay ? { relay: options.relay } : {}),
  });
  cleanups.push(async () => {
    await link.stop();
    await core.close();
  });
  link.start();
  return { core, applier, revisions, link, stored };
}

const welcome = (lastRevision = 0) => ({
  type: 'welcome',
  clusterId: 'cl_1',
  lastRevision,
  headRevision: 9,
});

describe('OperatorLink', () => {
  it('says hello with its stored revision, applies verified documents in order and acks each', async () => {
    const { core, applier, revisions, link } = await setup({ revision: 3 });
    await core.until((f) => f.length === 1);
    expect(core.frames[0]).toEqual({
      type: 'hello',
      lastRevision: 3,
      operatorVersion: '0.1.0',
      kubernetesVersion: 'v1.36.3',
      protocol: 2,
    });
    core.send(welcome(3));
    core.send(doc(4));
    core.send(doc(5, { name: 'vanilla', spec: null }));
    await core.until((f) => f.length === 3);
    expect(core.frames.slice(1)).toEqual([
      { type: 'ack', revision: 4 },
      { type: 'ack', revision: 5 },
    ]);
    expect(applier.applied).toEqual([4, 5]);
    expect(revisions.revision).toBe(5);
    expect(link.connected).toBe(true);
  });

  it('refuses tampered, foreign and cross-tenant documents, and never applies them', async () => {
    const { core, applier, revisions } = await setup();
    const rejected: string[] = [];
    await core.until((f) => f.length === 1);
    core.send(welcome());
    const tampered = { ...doc(1), spec: { n: 999 } };
    const foreign = doc(2, {}, generateSigningKeyPair().privateKey);
    const unsigned = { ...doc(3), signature: '' };
    const crossTenant = doc(4, { namespace: 'pn-7' });
    const serverOfAnother = doc(5, { kind: 'GameServer', spec: { tenantId: '7' } });
    const tenantOfAnother = doc(6, {
      kind: 'Tenant',
      name: '7',
      spec: { quota: { cpu: 1, memory: 1, disk: 1, servers: 1 }, gamePorts: [] },
    });
    const badTenantSpec = doc(7, { kind: 'Tenant', name: TENANT, spec: { quota: 'lots' } });
    const badServerSpec = doc(8, { kind: 'GameServer', spec: { tenantId: TENANT } });
    // Not a deletion yet without a spec: such a payload never verifies.
    const noSpec = doc(9, { spec: null, deleted: false });
    for (const d of [
      tampered,
      foreign,
      unsigned,
      crossTenant,
      serverOfAnother,
      tenantOfAnother,
      badTenantSpec,
      badServerSpec,
      noSpec,
    ])
      core.send(d);
    await core.until((f) => f.length === 10);
    for (const f of core.frames.slice(1))
      if (f.type === 'reject') rejected.push(`${f.revision}:${f.reason}`);
    expect(rejected).toEqual([
      '1:SignatureInvalid',
      '2:KeyUnknown',
      '3:SignatureInvalid',
      '4:TenantMismatch',
      '5:TenantMismatch',
      '6:TenantMismatch',
      '7:Invalid',
      '8:Invalid',
      '9:SignatureInvalid',
    ]);
    expect(applier.applied).toEqual([]);
    // Refused documents are not asked for again after a reconnect.
    expect(revisions.revision).toBe(9);
  });

  it('refuses a document signed for another cluster, at another revision, or by an unknown key', async () => {
    const { core, applier } = await setup();
    await core.until((f) => f.length === 1);
    core.send(welcome());
    const forOther = doc(1, { clusterId: 'cl_other' });
    // An old document renumbered to look new: the revision is signed.
    const renumbered = { ...doc(1, { name: 'old' }), revision: 2 };
    const unknownKey = doc(3, {}, generateSigningKeyPair().privateKey);
    // A key id the link knows, on a signature made by another key.
    const wrongKid = {
      ...doc(4, {}, generateSigningKeyPair().privateKey),
      kid: keyId(keys.publicKey),
    };
    for (const d of [forOther, renumbered, unknownKey, wrongKid]) core.send(d);
    await core.until((f) => f.length === 5);
    expect(
      core.frames.slice(1).map((f) => f.type === 'reject' && `${f.revision}:${f.reason}`),
    ).toEqual(['1:SignatureInvalid', '2:SignatureInvalid', '3:KeyUnknown', '4:SignatureInvalid']);
    expect(applier.applied).toEqual([]);
  });

  it('never takes a signed deletion as an upsert', async () => {
    const { core, applier } = await setup();
    await core.until((f) => f.length === 1);
    core.send(welcome());
    const deletion = doc(1, { spec: null });
    core.send({ ...deletion, deleted: false, spec: { n: 1 } });
    core.send({ ...deletion, deleted: false });
    core.send(deletion);
    await core.until((f) => f.length === 4);
    expect(core.frames.slice(1)).toEqual([
      expect.objectContaining({ type: 'reject', revision: 1, reason: 'SignatureInvalid' }),
      // Already passed: acked again, not applied.
      { type: 'ack', revision: 1 },
      { type: 'ack', revision: 1 },
    ]);
    expect(applier.applied).toEqual([]);
  });

  it('refuses an older revision than the object already carries, even with its own progress lost', async () => {
    const { core, applier, revisions } = await setup({
      objectRevision: async (d) => (d.name === 'paper' ? 7 : undefined),
    });
    await core.until((f) => f.length === 1);
    core.send(welcome());
    core.send(doc(3));
    core.send(doc(4, { name: 'vanilla' }));
    await core.until((f) => f.length === 3);
    expect(core.frames[1]).toMatchObject({
      type: 'reject',
      revision: 3,
      reason: 'RevisionReplayed',
    });
    expect(core.frames[2]).toEqual({ type: 'ack', revision: 4 });
    expect(applier.applied).toEqual([4]);
    expect(revisions.revision).toBe(4);
  });

  it('takes a rotated key set from a key it trusts, keeps working with the new key, and ignores a set no trusted key signed', async () => {
    const ring = trustKeys([keys.publicKey]);
    const { core, applier, stored } = await setup({ ring });
    const next = generateSigningKeyPair();
    await core.until((f) => f.length === 1);
    core.send(welcome());
    core.send(doc(1));
    // A key set the new key signed for itself proves nothing.
    core.send({
      type: 'keys',
      keySet: keySet(2, [next.publicKey, keys.publicKey], next.privateKey),
    });
    core.send(doc(2, {}, next.privateKey));
    await core.until((f) => f.length === 3);
    expect(core.frames[2]).toMatchObject({ revision: 2, reason: 'KeyUnknown' });
    // Signed by the key the operator joined with: taken, stored, and shared through the ring.
    const rotated = keySet(2, [next.publicKey, keys.publicKey], keys.privateKey);
    core.send({ type: 'keys', keySet: rotated });
    core.send(doc(3, {}, next.privateKey));
    core.send(doc(4));
    await core.until((f) => f.length === 5);
    expect(core.frames.slice(3)).toEqual([
      { type: 'ack', revision: 3 },
      { type: 'ack', revision: 4 },
    ]);
    expect(applier.applied).toEqual([1, 3, 4]);
    expect(stored).toEqual([rotated]);
    expect([...ring.keys()].sort()).toEqual([keyId(next.publicKey), keyId(keys.publicKey)].sort());
    // The next rotation drops the oldest key; an older key set is not taken back.
    const third = generateSigningKeyPair();
    core.send({
      type: 'keys',
      keySet: keySet(3, [third.publicKey, next.publicKey], next.privateKey),
    });
    core.send({ type: 'keys', keySet: rotated });
    core.send(doc(5));
    await core.until((f) => f.length === 6);
    expect(core.frames[5]).toMatchObject({ revision: 5, reason: 'KeyUnknown' });
    expect(stored).toHaveLength(2);
    expect(ring.has(keyId(keys.publicKey))).toBe(false);
  });

  it('acks a document it already applied without applying it twice', async () => {
    const { core, applier } = await setup({ revision: 5 });
    await core.until((f) => f.length === 1);
    core.send(welcome(5));
    core.send(doc(5));
    core.send(doc(6));
    await core.until((f) => f.length === 3);
    expect(core.frames.slice(1)).toEqual([
      { type: 'ack', revision: 5 },
      { type: 'ack', revision: 6 },
    ]);
    expect(applier.applied).toEqual([6]);
  });

  it('reconnects without acking when the apiserver fails, and resumes from the stored revision', async () => {
    const { core, applier, link } = await setup();
    const disconnects: number[] = [];
    link.on('disconnected', ({ code }) => disconnects.push(code));
    applier.failNext.push(KubeApiError('PATCH', '/x', 'connect ECONNREFUSED', { status: 0 }));
    await core.until((f) => f.length === 1);
    core.send(welcome());
    core.send(doc(1));
    await core.until((f) => f.length === 2);
    expect(core.frames[1]).toEqual({
      type: 'hello',
      lastRevision: 0,
      operatorVersion: '0.1.0',
      kubernetesVersion: 'v1.36.3',
      protocol: 2,
    });
    expect(disconnects).toHaveLength(1);
    core.send(welcome());
    core.send(doc(1));
    await core.until((f) => f.length === 3);
    expect(core.frames[2]).toEqual({ type: 'ack', revision: 1 });
    expect(applier.applied).toEqual([1]);
  });

  it('reports an object the apiserver refuses as ApplyFailed and moves on', async () => {
    const { core, applier } = await setup();
    applier.failNext.push(
      KubeApiError('PATCH', '/x', '422 spec.x: Invalid value', { status: 422 }),
    );
    await core.until((f) => f.length === 1);
    core.send(welcome());
    core.send(doc(1));
    await core.until((f) => f.length === 2);
    expect(core.frames[1]).toMatchObject({
      type: 'reject',
      revision: 1,
      reason: 'ApplyFailed',
      message: expect.stringContaining('422'),
    });
  });

  it('reconnects when core goes silent', async () => {
    const { core, link } = await setup({ heartbeatTimeoutMs: 200 });
    await core.until((f) => f.length === 1);
    core.send(welcome());
    const dropped = new Promise((resolve) => link.once('disconnected', resolve));
    await dropped;
    await core.until((f) => f.filter((m) => m.type === 'hello').length === 2);
  });

  it('keeps retrying when core refuses the link', async () => {
    const { link } = await setup({ refuse: 403 });
    const statuses: number[] = [];
    link.on('refused', ({ status }) => statuses.push(status));
    await expect.poll(() => statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses.every((s) => s === 403)).toBe(true);
    expect(link.connected).toBe(false);
  });

  it('hands console and log messages to the relay, ignores garbage, and sends only while linked', async () => {
    const handled: string[] = [];
    let stopped = 0;
    const relay: LinkRelayHandler = {
      handle: (m, send) => {
        handled.push(m.type);
        if (m.type === 'console.input')
          send({ type: 'console.result', requestId: m.requestId, ok: true });
      },
      stopAll: () => {
        stopped++;
      },
    };
    const { core, link } = await setup({ relay });
    expect(link.send({ type: 'ack', revision: 1 })).toBe(false);
    await core.until((f) => f.length === 1);
    core.send(welcome());
    core.sockets[0]!.send('not json');
    core.send({
      type: 'console.input',
      requestId: 'r1',
      namespace: 'pn-42',
      name: 's',
      data: 'hi',
    });
    core.send({ type: 'logs.stop', streamId: 'l1' });
    await core.until((f) => f.length === 2);
    expect(core.frames[1]).toEqual({ type: 'console.result', requestId: 'r1', ok: true });
    expect(handled).toEqual(['console.input', 'logs.stop']);
    let connectedCalls = 0;
    link.onConnected(() => connectedCalls++);
    expect(connectedCalls).toBe(1);
    link.dropConnection();
    await expect.poll(() => stopped).toBe(1);
  });
});

describe('customObject', () => {
  it('labels a GameTemplate with the version its name carries, and nothing else', async () => {
    const { customObject } = await import('./apply.ts');
    const base = {
      type: 'document',
      revision: 1,
      tenantId: 't1',
      namespace: 'pn-t1',
      spec: {},
      signature: 'x',
    } as const;
    const template = customObject({ ...base, kind: 'GameTemplate', name: 'abc-v3' } as never);
    expect(template.metadata?.labels?.['pteronimbus.io/template-version']).toBe('3');
    const server = customObject({ ...base, kind: 'GameServer', name: 'srv-v3' } as never);
    expect(server.metadata?.labels?.['pteronimbus.io/template-version']).toBeUndefined();
  });
});
