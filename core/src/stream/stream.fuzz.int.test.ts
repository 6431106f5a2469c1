import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STREAM_PATH,
  publishToStream,
  streamTopics,
  type StreamServerMessage,
} from '@pteronimbus/sdk';
import { fuzzParameters, startTestCore, type TestCore } from '@pteronimbus/testing';
import { TenantStore } from '../tenants/index.ts';
import {
  SESSION_COOKIE,
  TENANT_A,
  TENANT_B,
  USERS,
  grant,
  startDiscordStub,
  streamAccessFixture,
} from './__fixtures__/access.ts';
import { StreamClient, refusedUpgrade } from './__fixtures__/client.ts';

// Generated frames from one socket: each is answered (with a coded error when refused), or the
// socket is closed with a documented code; the process stays up and other sockets keep working.

const PUBLIC_URL = 'http://panel.test';
const as = (user: string) => ({ cookie: `${SESSION_COOKIE}=${user}`, origin: PUBLIC_URL });
const status = streamTopics.serverStatus(TENANT_A, 's1');
const DOCUMENTED = new Set(
  readFileSync(join(import.meta.dirname, '../../../docs/reference/errors.md'), 'utf8').match(
    /PN_[A-Z0-9_]+/g,
  ),
);
// docs/reference/stream.md, "close code".
const CLOSE_CODES = new Set([1000, 1001, 1009, 4000, 4001, 4008, 4029]);
const ANSWERS = new Set(['subscribed', 'unsubscribed', 'error', 'event', 'pong']);

const topic = fc.oneof(
  fc.constantFrom(
    status,
    streamTopics.serverStatus(TENANT_B, 's1'),
    `history/${TENANT_A}/x`,
    `history/${TENANT_A}/broken`,
    `history/${TENANT_B}/x`,
    `tenant/${TENANT_A}/events`,
    'server/*/s1/status',
    'server/>/status',
    `server/${TENANT_A}/../status`,
    `history/__proto__/constructor`,
    `history/${TENANT_A}/__proto__`,
    '',
    '/',
    '//',
    'a'.repeat(257),
    `history/${TENANT_A}/${'a'.repeat(64)}`,
    'ü/🎮/\u0000',
  ),
  fc.string({ maxLength: 40 }),
  fc
    .array(fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/), { minLength: 1, maxLength: 5 })
    .map((s) => s.join('/')),
);
const id = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 70 }),
  fc.constantFrom(1.5, -0, 2 ** 60, null, true, [], {}, '', 'x'.repeat(65)),
);
const message = fc.record(
  {
    id,
    type: fc.oneof(
      fc.constantFrom('subscribe', 'unsubscribe', 'ping', 'publish', 'SUBSCRIBE', '__proto__'),
      fc.string({ maxLength: 10 }),
    ),
    topic,
    since: fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, 1e300, '0', null, 2 ** 53)),
    epoch: fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom(0, null, '')),
  },
  { requiredKeys: ['type'] },
);

/** One frame as the socket sends it. */
type Frame = { text: string } | { binary: Uint8Array };
/** Messages the server accepts, so that subscriptions are held while the rest arrives. */
const wellFormed = fc.record(
  {
    id: fc.nat(),
    type: fc.constantFrom('subscribe', 'unsubscribe'),
    topic: fc.constantFrom(
      status,
      streamTopics.serverStatus(TENANT_B, 's1'),
      `history/${TENANT_A}/x`,
      `history/${TENANT_A}/broken`,
      `history/${TENANT_B}/x`,
    ),
    since: fc.nat(5),
  },
  { requiredKeys: ['id', 'type', 'topic'] },
);
const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 3, arbitrary: wellFormed.map((m) => ({ text: JSON.stringify(m) })) },
  { weight: 6, arbitrary: message.map((m) => ({ text: JSON.stringify(m) })) },
  fc.string({ maxLength: 100 }).map((text) => ({ text })),
  fc
    .constantFrom(
      '{"__proto__":{"type":"subscribe"},"id":1,"topic":"x"}',
      '{"type":"subscribe","id":1,"topic":"x","constructor":{"prototype":{"polluted":1}}}',
      `${'['.repeat(1_000)}${']'.repeat(1_000)}`,
      '\ud800',
      'null',
      '[]',
      '"ping"',
    )
    .map((text) => ({ text })),
  fc.uint8Array({ maxLength: 64 }).map((binary) => ({ binary })),
  // Over the 4 KiB limit: the socket is closed with 1009.
  fc.constant({ text: JSON.stringify({ type: 'ping', pad: 'x'.repeat(5_000) }) }),
);

describe('the stream under generated frames', () => {
  let core: TestCore;
  let discord: Awaited<ReturnType<typeof startDiscordStub>>;
  let url: string;
  const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    discord = await startDiscordStub();
    core = await startTestCore({
      plugins: [streamAccessFixture],
      listen: true,
      // Room for the generated bursts; the rate limit has its own tests.
      stream: { messageBurst: 100_000 },
      config: {
        publicUrl: PUBLIC_URL,
        discord: { botToken: 'stub-token', apiUrl: discord.apiUrl },
      },
    });
    url = `${core.baseUrl!.replace('http', 'ws')}${STREAM_PATH}`;
    const tenants = new TenantStore(core.app.pn.db);
    for (const [tenant, owner] of [
      [TENANT_A, 'alice'],
      [TENANT_B, 'bob'],
    ] as const)
      await tenants.install({
        id: tenant,
        name: tenant,
        icon: null,
        ownerId: USERS[owner]!,
        installedBy: USERS[owner]!,
      });
    grant('alice', TENANT_A, 'server.read', 's1');
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await discord?.close();
  });

  it('answers or closes with a documented code, and other sockets keep working', async () => {
    const bystander = await StreamClient.open(url, as('alice'));
    expect(await bystander.request({ id: 'b', type: 'subscribe', topic: status })).toMatchObject({
      type: 'subscribed',
    });
    let published = 0;
    const seen = new Map<string, number>();
    const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('alice', 'bob', 'mallory', 'root'),
        fc.array(frame, { minLength: 1, maxLength: 8 }),
        async (user, frames) => {
          const client = await StreamClient.open(url, as(user));
          try {
            for (const f of frames) {
              if ('binary' in f) client.ws.send(f.binary, { binary: true });
              else client.ws.send(f.text);
            }
            const closed = await Promise.race([client.closed, client.barrier().then(() => null)]);
            if (closed) {
              count(`close ${closed.code}`);
              expect(CLOSE_CODES, `closed with ${closed.code}`).toContain(closed.code);
            }
            for (const m of client.received as Array<
              StreamServerMessage & { error?: { code: string } }
            >) {
              expect(ANSWERS, JSON.stringify(m)).toContain(m.type);
              count(m.type === 'error' ? m.error!.code : m.type);
              if (m.type === 'error') {
                expect(m.error?.code, JSON.stringify(m)).toMatch(/^PN_[A-Z0-9_]+$/);
                expect(DOCUMENTED.has(m.error!.code), m.error!.code).toBe(true);
              }
            }
          } finally {
            client.ws.terminate();
          }
          expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
          // The bystander still gets its events, in order.
          const payload = { n: ++published };
          const from = bystander.received.length;
          await publishToStream(core.app.pn.shared.events, status, payload);
          await bystander.next(
            (m) => m.type === 'event' && (m.payload as { n: number }).n === payload.n,
            from,
          );
        },
      ),
      fuzzParameters({ numRuns: 500, timeLimitMs: 12_000, endOnFailure: true }),
    );
    // The frames reached every outcome: subscriptions, refusals and closes (given enough cases
    // ran within the time budget on a busy machine).
    const tally = JSON.stringify([...seen]);
    if (published >= 100)
      for (const outcome of [
        'subscribed',
        'PN_STREAM_MESSAGE_INVALID',
        'PN_STREAM_TOPIC_UNKNOWN',
        'close 1009',
      ])
        expect(seen.get(outcome) ?? 0, `${outcome} in ${tally}`).toBeGreaterThan(0);
    expect((await bystander.request({ id: 'last', type: 'ping' })).type).toBe('pong');
    bystander.ws.terminate();
    for (let i = 0; i < 100 && core.app.pn.stream.stats().connections > 0; i++) await sleep(20);
    expect(core.app.pn.stream.stats().connections).toBe(0);
  }, 90_000);

  it('refuses an upgrade with a generated ticket or origin with a coded 401 or 403', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.constantFrom('', 'x'.repeat(5_000), '%00', '%', '../', '__proto__', 'ü🎮'),
        ),
        fc.option(fc.constantFrom('http://evil.test', PUBLIC_URL, 'null', ''), { nil: undefined }),
        fc.boolean(),
        async (ticket, origin, withCookie) => {
          const headers: Record<string, string> = {
            ...(origin !== undefined ? { origin } : {}),
            // A cookie of nobody the identity knows: neither it nor the ticket gets in.
            ...(withCookie ? { cookie: `${SESSION_COOKIE}=nobody` } : {}),
          };
          const refused = await refusedUpgrade(
            `${url}?ticket=${encodeURIComponent(ticket)}`,
            headers,
          );
          expect([401, 403], JSON.stringify(refused)).toContain(refused.status);
          expect(refused.code).toMatch(
            /^PN_(UNAUTHENTICATED|STREAM_TICKET_INVALID|STREAM_ORIGIN_REFUSED)$/,
          );
        },
      ),
      fuzzParameters({ numRuns: 100, timeLimitMs: 4_000, endOnFailure: true }),
    );
  }, 60_000);
});
