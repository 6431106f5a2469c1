import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  generateSigningKeyPair,
  signDocument,
  type DocumentMessage,
  type OperatorMessage,
  type SignedPayload,
} from '@pteronimbus/sdk';
import { KubeApiError } from '../errors.ts';
import type { DocumentApplier } from './apply.ts';
import { OperatorLink, type LinkRelayHandler } from './link.ts';
import { MemoryRevisionStore } from './revisions.ts';

const keys = generateSigningKeyPair();
const TENANT = '42';

function doc(
  revision: number,
  change: Partial<SignedPayload> = {},
  signWith = keys.privateKey,
): DocumentMessage {
  const payload: SignedPayload = {
    kind: 'GameTemplate',
    tenantId: TENANT,
    namespace: 'pn-42',
    name: 'paper',
    spec: { n: revision },
    ...change,
  };
  return {
    type: 'document',
    revision,
    deleted: payload.spec === null,
    ...payload,
    signature: signDocument(payload, signWith),
  } as DocumentMessage;
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
  } = {},
) {
  const core = await fakeCore(options.refuse ? { refuse: options.refuse } : {});
  const applier = new RecordingApplier();
  const revisions = new MemoryRevisionStore(options.revision ?? 0);
  const link = new OperatorLink({
    coreUrl: core.url,
    credential: 'pnc_test',
    coreSigningKey: keys.publicKey,
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
  return { core, applier, revisions, link };
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
    const noSpec = {
      ...doc(9),
      spec: null,
      deleted: false,
      signature: signDocument(
        { kind: 'GameTemplate', tenantId: TENANT, namespace: 'pn-42', name: 'paper', spec: null },
        keys.privateKey,
      ),
    };
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
      '2:SignatureInvalid',
      '3:SignatureInvalid',
      '4:TenantMismatch',
      '5:TenantMismatch',
      '6:TenantMismatch',
      '7:Invalid',
      '8:Invalid',
      '9:Invalid',
    ]);
    expect(applier.applied).toEqual([]);
    // Refused documents are not asked for again after a reconnect.
    expect(revisions.revision).toBe(9);
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
