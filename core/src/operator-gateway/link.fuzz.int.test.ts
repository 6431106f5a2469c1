import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import {
  LINK_CLOSE_CODES,
  LINK_PATH,
  LINK_PROTOCOL_VERSION,
  parseOperatorMessage,
  REGISTER_PATH,
  tenantNamespace,
  type RegisterResponse,
} from '@pteronimbus/sdk';
import { fuzzParameters, useTestCore } from '@pteronimbus/testing';
import { identityFixture, ROOT } from './__fixtures__/identity.ts';
import { TENANT } from './__fixtures__/specs.ts';

// Generated frames from a (possibly compromised) operator: the link refuses a bad frame by closing
// with 4400, ignores what is not its to say, and never fails inside core (1011); another cluster's
// link keeps working throughout.

const NS = tenantNamespace(TENANT);

const text = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,20}$/) },
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x'.repeat(300),
    'x'.repeat(70_000),
    '__proto__',
    '../../kube-system',
    'kube-system',
    NS,
    'pn-999',
    TENANT,
    '999',
  ),
);
const int = fc.oneof(
  { weight: 6, arbitrary: fc.nat(10) },
  fc.constantFrom(-1, 0, 1.5, 2 ** 53 - 1, 2 ** 53, 2 ** 63, 1e308, Number.MAX_SAFE_INTEGER),
);
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom({ phase: 'Running' }, { phase: 'a\u0000b' }, { '\u0000': 1 }, null),
);

/** Frames that pass or nearly pass the link's schema, with hostile values where it allows any. */
const message = fc.oneof(
  fc.record({ type: fc.constant('ack'), revision: int }),
  fc.record({
    type: fc.constant('reject'),
    revision: int,
    reason: fc.constantFrom('SignatureInvalid', 'TenantMismatch', 'Invalid', 'ApplyFailed', 'x'),
    message: text,
  }),
  fc.record(
    {
      type: fc.constant('status'),
      kind: fc.constantFrom('GameServer', 'GameTemplate', 'Pod'),
      tenantId: fc.oneof(fc.constant(TENANT), text),
      namespace: fc.oneof(fc.constant(NS), text),
      name: text,
      generation: int,
      status: json,
    },
    { requiredKeys: ['type', 'kind', 'tenantId', 'namespace', 'name', 'status'] },
  ),
  fc.record({
    type: fc.constant('event'),
    kind: text,
    tenantId: fc.oneof(fc.constant(TENANT), fc.constant(null), text),
    namespace: fc.oneof(fc.constant(NS), text),
    name: text,
    eventType: fc.constantFrom('Normal', 'Warning', 'Error'),
    reason: text,
    message: text,
  }),
  fc.record(
    { type: fc.constant('console.result'), requestId: text, ok: fc.boolean(), error: json },
    { requiredKeys: ['type', 'requestId', 'ok'] },
  ),
  fc.record({ type: fc.constant('logs.data'), streamId: text, data: text }),
  fc.record({ type: fc.constant('logs.end'), streamId: text }),
  fc.record(
    {
      type: fc.constant('install.output'),
      tenantId: fc.oneof(fc.constant(TENANT), text),
      namespace: fc.oneof(fc.constant(NS), text),
      name: text,
      job: text,
      data: text,
      restart: fc.boolean(),
    },
    { requiredKeys: ['type', 'tenantId', 'namespace', 'name', 'job', 'data'] },
  ),
  fc.record({
    type: fc.constant('hello'),
    lastRevision: int,
    operatorVersion: text,
    kubernetesVersion: text,
    protocol: fc.oneof(fc.constant(LINK_PROTOCOL_VERSION), fc.integer()),
  }),
  fc.record({ type: fc.string({ maxLength: 12 }) }),
);

/** One frame: a message, or anything else a socket can carry. */
const frame = fc.oneof(
  { weight: 8, arbitrary: message.map((m) => JSON.stringify(m)) },
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '{"type":"ack","revision":1,"__proto__":{"polluted":true}}',
    '{"type":"status","kind":"GameServer","tenantId":"1","namespace":"pn-1","name":"x","status":{"__proto__":{"polluted":true}}}',
    `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    'null',
  ),
);

interface Link {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  messages: number;
}

describe('operator link under generated frames', () => {
  const core = useTestCore({ plugins: [identityFixture], captureLogs: true });
  const failures = () =>
    core()
      .logs()
      .filter((l) => l.includes('"level":50'));

  async function approvedCluster(name: string): Promise<RegisterResponse> {
    const token = await core().inject({
      method: 'POST',
      url: '/api/v1/admin/cluster-join-tokens',
      headers: ROOT,
      payload: { name },
    });
    const registered = (
      await core().inject({
        method: 'POST',
        url: REGISTER_PATH,
        payload: { token: token.json().token, operatorVersion: '0.1.0' },
      })
    ).json() as RegisterResponse;
    await core().inject({
      method: 'POST',
      url: `/api/v1/admin/clusters/${registered.clusterId}/approve`,
      headers: ROOT,
    });
    return registered;
  }

  async function link(credential: string, hello: boolean): Promise<Link> {
    const ws = (await core().app.injectWS(LINK_PATH, {
      headers: { authorization: `Bearer ${credential}` },
      socket: { remoteAddress: '127.0.0.1' },
    } as never)) as unknown as WebSocket;
    const l: Link = {
      ws,
      messages: 0,
      closed: new Promise((resolve) =>
        ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      ),
    };
    const welcomed = new Promise<void>((resolve) =>
      ws.on('message', () => {
        l.messages++;
        resolve();
      }),
    );
    if (hello) {
      ws.send(
        JSON.stringify({
          type: 'hello',
          lastRevision: 0,
          operatorVersion: '0.1.0',
          protocol: LINK_PROTOCOL_VERSION,
        }),
      );
      await welcomed;
    }
    return l;
  }

  /**
   * Sends `frames`, then a well-formed marker event: once the bus carries the marker, every frame
   * before it was handled (frames are handled in order). Resolves with how the link closed, or
   * `null` while it is still open.
   */
  async function settle(l: Link, clusterId: string, frames: string[], marker: string) {
    let resolveSeen = () => {};
    const seen = new Promise<null>((resolve) => (resolveSeen = () => resolve(null)));
    const unsubscribe = await core().app.pn.shared.events.subscribe<{ name: string }>(
      `cluster.${clusterId}.status`,
      (e) => {
        if (e.payload.name === marker) resolveSeen();
      },
    );
    try {
      for (const f of frames) l.ws.send(f);
      l.ws.send(
        JSON.stringify({
          type: 'event',
          kind: 'GameServer',
          tenantId: null,
          namespace: NS,
          name: marker,
          eventType: 'Normal',
          reason: 'Marker',
          message: '',
        }),
      );
      return await Promise.race([l.closed, seen]);
    } finally {
      await unsubscribe();
    }
  }

  it('closes with 4400 or carries on, never fails inside core, and other links keep working', async () => {
    const fuzzed = await approvedCluster('fuzzed');
    const bystanderCluster = await approvedCluster('bystander');
    const bystander = await link(bystanderCluster.credential, true);
    const events = core().app.pn.shared.events;
    const heard: string[] = [];
    const off = await events.subscribe<{ name: string }>(
      `cluster.${bystanderCluster.clusterId}.status`,
      (e) => void heard.push(e.payload.name),
    );
    const outcomes = new Map<string, number>();
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
        fc.array(frame, { minLength: 1, maxLength: 4 }),
        async (hello, frames) => {
          const l = await link(fuzzed.credential, hello);
          const outcome = await settle(l, fuzzed.clusterId, frames, `m${++round}`);
          if (outcome) {
            outcomes.set(`close ${outcome.code}`, (outcomes.get(`close ${outcome.code}`) ?? 0) + 1);
            expect(
              [
                LINK_CLOSE_CODES.protocolError,
                LINK_CLOSE_CODES.superseded,
                LINK_CLOSE_CODES.protocolTooOld,
              ],
              `closed ${outcome.code} ${outcome.reason} ${failures().join('\n').slice(0, 2_000)}`,
            ).toContain(outcome.code);
          } else {
            outcomes.set('open', (outcomes.get('open') ?? 0) + 1);
            l.ws.terminate();
            await l.closed;
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          // The other cluster's link still works.
          const name = `b${round}`;
          bystander.ws.send(
            JSON.stringify({
              type: 'event',
              kind: 'GameServer',
              tenantId: null,
              namespace: NS,
              name,
              eventType: 'Normal',
              reason: 'Alive',
              message: '',
            }),
          );
          await expect.poll(() => heard.includes(name), { interval: 5 }).toBe(true);
          // Nothing failed inside core, on the link or in what listens to it on the bus.
          expect(failures()).toEqual([]);
        },
      ),
      fuzzParameters({ numRuns: 300, timeLimitMs: 12_000, endOnFailure: true }),
    );
    await off();
    // Both outcomes came up (given enough cases ran within the time budget on a busy machine).
    if (round >= 50) {
      expect(outcomes.get('open') ?? 0, JSON.stringify([...outcomes])).toBeGreaterThan(0);
      expect(outcomes.get(`close ${LINK_CLOSE_CODES.protocolError}`) ?? 0).toBeGreaterThan(0);
    }
    bystander.ws.terminate();
  }, 90_000);

  it('handles every well-formed frame, hostile values and all, without closing or failing', async () => {
    const cluster = await approvedCluster('well-formed');
    const valid = message
      .map((m) => JSON.stringify(m))
      .filter((f) => {
        try {
          parseOperatorMessage(f);
        } catch {
          return false;
        }
        // A second hello closes the link by design; NUL characters are refused (4400).
        return !f.includes('"type":"hello"') && !f.includes('\\u0000');
      });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(valid, { minLength: 1, maxLength: 5 }), async (frames) => {
        const l = await link(cluster.credential, true);
        const outcome = await settle(l, cluster.clusterId, frames, `v${++round}`);
        expect(
          outcome,
          `${JSON.stringify(outcome)} ${failures().join('\n').slice(0, 2_000)}`,
        ).toBeNull();
        expect(failures()).toEqual([]);
        l.ws.terminate();
        await l.closed;
      }),
      fuzzParameters({ numRuns: 200, timeLimitMs: 8_000, endOnFailure: true }),
    );
    expect(round).toBeGreaterThan(20);
  }, 60_000);

  // Counterexamples the fuzzers found, kept as plain tests.
  describe('regressions found by fuzzing', () => {
    it('records an acknowledged revision past 2^31 (a bigint, not an integer)', async () => {
      const cluster = await approvedCluster('big-revision');
      const l = await link(cluster.credential, true);
      const big = 2 ** 31 + 5;
      l.ws.send(JSON.stringify({ type: 'ack', revision: big }));
      expect(await settle(l, cluster.clusterId, [], 'after-ack')).toBeNull();
      expect(
        (await core().app.pn.operatorGateway.getCluster(cluster.clusterId)).appliedRevision,
      ).toBe(big);
      expect(failures()).toEqual([]);
      l.ws.terminate();
    });

    it.each([
      ['a NUL character', { reason: 'a\u0000b' }],
      ['a namespace no Kubernetes namespace can have', { namespace: 'x'.repeat(100) }],
      ['an event kind longer than core keeps', { kind: 'x'.repeat(300) }],
    ])('refuses an event with %s with 4400, not an internal error', async (_what, change) => {
      const cluster = await approvedCluster('bad-event');
      const l = await link(cluster.credential, true);
      const event = {
        type: 'event',
        kind: 'GameServer',
        tenantId: null,
        namespace: NS,
        name: 'x',
        eventType: 'Warning',
        reason: 'Refused',
        message: '',
        ...change,
      };
      const closed = await settle(l, cluster.clusterId, [JSON.stringify(event)], 'never');
      expect(closed?.code).toBe(LINK_CLOSE_CODES.protocolError);
      expect(failures()).toEqual([]);
    });
  });
});
