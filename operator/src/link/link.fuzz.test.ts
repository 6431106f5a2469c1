import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  generateSigningKeyPair,
  keyId,
  signDocument,
  verifyDocument,
  type DocumentMessage,
  type OperatorMessage,
  type SignedPayload,
} from '@pteronimbus/sdk';
import { fuzzParameters, sampleServerSpec, sampleTenantSpec } from '@pteronimbus/testing';
import type { DocumentApplier } from './apply.ts';
import { OperatorLink, type LinkRelayHandler } from './link.ts';
import { MemoryRevisionStore } from './revisions.ts';

// Generated frames from core (or from whoever got between core and the operator): the operator
// ignores what does not parse, applies only documents that verify and belong to their tenant, and
// keeps applying and acknowledging the next good document after any of it.

const keys = generateSigningKeyPair();
const stranger = generateSigningKeyPair();
const TENANT = '42';
const NS = 'pn-42';
const CLUSTER = 'cl_1';

/** What a generated document names besides what the signature binds it to. */
type Payload = Pick<SignedPayload, 'kind' | 'tenantId' | 'namespace' | 'name' | 'spec'>;

function signed(revision: number, payload: Payload, key = keys.privateKey): DocumentMessage {
  const full: SignedPayload = {
    ...payload,
    clusterId: CLUSTER,
    revision,
    kid: keyId(key === keys.privateKey ? keys.publicKey : stranger.publicKey),
    deleted: payload.spec === null,
  };
  // The cluster is the link's own: signed, but not carried in the frame.
  const { clusterId: _cluster, ...carried } = full;
  return { type: 'document', ...carried, signature: signature(full, key) } as DocumentMessage;
}

/** Core could not sign a spec nested too deep for its canonical form; such a frame goes unsigned. */
function signature(payload: SignedPayload, key: typeof keys.privateKey): string {
  try {
    return signDocument(payload, key);
  } catch (err) {
    if (err instanceof RangeError) return Buffer.alloc(64).toString('base64');
    throw err;
  }
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('paper', TENANT, 'x') },
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', '../x', 'kube-system', 'x'.repeat(300), '\u0000', '__proto__'),
);
const spec = fc.oneof(
  fc.constant(null),
  fc.constant(sampleTenantSpec as unknown as Record<string, unknown>),
  fc.constant(sampleServerSpec({ tenantId: TENANT }) as unknown as Record<string, unknown>),
  fc.constant(sampleServerSpec({ tenantId: '7' }) as unknown as Record<string, unknown>),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  fc.integer({ min: 10, max: 3_000 }).map((d) => ({ deep: nested(d) })),
  fc.constant({ ['__proto__']: { polluted: true } }),
);
const payload = fc.record({
  kind: fc.constantFrom('Tenant', 'GameTemplate', 'GameServer'),
  tenantId: fc.oneof({ weight: 4, arbitrary: fc.constant(TENANT) }, name),
  namespace: fc.oneof({ weight: 4, arbitrary: fc.constant(NS) }, name),
  name,
  spec,
});

/**
 * A document frame at a revision above `base`: well signed, signed by another key, tampered with
 * or unsigned. The revision is signed too, so the frame is made once the base is known.
 */
const documentFrame = (revision: fc.Arbitrary<number>) =>
  fc
    .tuple(revision, payload, fc.constantFrom('signed', 'stranger', 'tampered', 'unsigned'))
    .map(([r, p, how]) => (base: number) => {
      const d = signed(base + r, p, how === 'stranger' ? stranger.privateKey : keys.privateKey);
      if (how === 'tampered') return JSON.stringify({ ...d, name: `${d.name}x` });
      if (how === 'unsigned') return JSON.stringify({ ...d, signature: '' });
      return JSON.stringify(d);
    });
const relayed = fc.oneof(
  fc.record({
    type: fc.constant('console.input'),
    requestId: name,
    namespace: name,
    name,
    data: fc.string({ maxLength: 50 }),
  }),
  fc.record({
    type: fc.constant('logs.follow'),
    streamId: name,
    namespace: name,
    name,
    tailLines: fc.integer({ min: -1, max: 20_000 }),
  }),
  fc.record({ type: fc.constant('logs.stop'), streamId: name }),
  fc.record({
    type: fc.constant('welcome'),
    clusterId: name,
    lastRevision: fc.integer({ min: -1, max: 10 }),
    headRevision: fc.nat(10),
  }),
);
/** Every other frame: garbage, JSON of any shape, or a relayed message with any values. */
const otherFrame = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  relayed.map((m) => JSON.stringify(m)),
  fc.constantFrom(
    `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    '{"type":"document","__proto__":{"polluted":true}}',
    'null',
  ),
);

class CheckingApplier implements DocumentApplier {
  applied: number[] = [];
  wrong: string[] = [];
  async apply(d: DocumentMessage) {
    if (!verifyDocument({ ...d, clusterId: CLUSTER }, d.signature, keys.publicKey))
      this.wrong.push(`unverified ${d.revision}`);
    if (d.namespace !== NS || d.tenantId !== TENANT) this.wrong.push(`cross-tenant ${d.revision}`);
    this.applied.push(d.revision);
  }
}

describe('the operator link under generated core frames', () => {
  let server: WebSocketServer;
  let socket: WebSocket | undefined;
  const frames: OperatorMessage[] = [];
  const relayedMessages: unknown[] = [];
  const applier = new CheckingApplier();
  let link: OperatorLink;

  beforeAll(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (s) => {
      socket = s;
      s.on('message', (data: Buffer) =>
        frames.push(JSON.parse(data.toString()) as OperatorMessage),
      );
    });
    const relay: LinkRelayHandler = {
      handle: (m) => void relayedMessages.push(m),
      stopAll() {},
    };
    link = new OperatorLink({
      coreUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credential: 'pnc_test',
      clusterId: CLUSTER,
      coreSigningKey: keys.publicKey,
      applier,
      revisions: new MemoryRevisionStore(0),
      operatorVersion: '0.1.0',
      relay,
      initialBackoffMs: 10,
      maxBackoffMs: 50,
    });
    link.start();
    while (frames.length < 1) await sleep(5);
    socket!.send(
      JSON.stringify({ type: 'welcome', clusterId: CLUSTER, lastRevision: 0, headRevision: 0 }),
    );
    while (!link.connected) await sleep(5);
  });

  afterAll(async () => {
    await link.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('ignores or refuses bad frames, applies only verified documents of their tenant, and goes on', async () => {
    let head = 0;
    let disconnects = 0;
    link.on('disconnected', () => disconnects++);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { weight: 3, arbitrary: documentFrame(fc.integer({ min: 1, max: 5 })) },
            otherFrame.map((text) => () => text),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        async (generated) => {
          // Generated documents sit just above what was applied; the good one after them, above all.
          const base = head;
          for (const frame of generated) socket!.send(frame(base));
          head = base + 10;
          const good = signed(head, {
            kind: 'GameTemplate',
            tenantId: TENANT,
            namespace: NS,
            name: 'paper',
            spec: { n: head },
          });
          socket!.send(JSON.stringify(good));
          await expect
            .poll(() => frames.some((f) => f.type === 'ack' && f.revision === head), {
              interval: 2,
            })
            .toBe(true);
          expect(applier.applied).toContain(head);
          expect(applier.wrong).toEqual([]);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      fuzzParameters({ numRuns: 300, timeLimitMs: 8_000, endOnFailure: true }),
    );
    // Nothing broke the connection: the link only ever drops for apply failures, of which there were none.
    expect(disconnects).toBe(0);
    expect(link.connected).toBe(true);
  }, 60_000);
});
