import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPnError } from '../errors.ts';
import { fuzzParameters } from '@pteronimbus/testing/fuzz';
import { parseCoreMessage, parseOperatorMessage } from './messages.ts';

const TYPES = [
  'hello',
  'ack',
  'reject',
  'status',
  'event',
  'console.result',
  'logs.data',
  'logs.end',
  'install.output',
  'install.end',
  'document',
  'welcome',
  'console.input',
  'logs.follow',
  'logs.stop',
];

const field = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('x'.repeat(64), 'x'.repeat(65), 'x'.repeat(300), '', 'pn-1'),
  fc.integer(),
  fc.constantFrom(0, 1, -1, 1.5, 2 ** 53, 1e308, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Objects with the protocol's keys, any value in each. */
const frame = fc
  .record(
    {
      type: fc.constantFrom(...TYPES),
      revision: field,
      lastRevision: field,
      headRevision: field,
      generation: field,
      operatorVersion: field,
      kubernetesVersion: field,
      kind: field,
      tenantId: field,
      namespace: field,
      name: field,
      job: field,
      reason: field,
      message: field,
      status: field,
      spec: field,
      deleted: field,
      signature: field,
      eventType: fc.constantFrom('Normal', 'Warning', 'x'),
      requestId: field,
      streamId: field,
      ok: field,
      data: field,
      clusterId: field,
    },
    { requiredKeys: ['type'] },
  )
  .map((v) => JSON.stringify(v));
const text = fc.oneof({ weight: 4, arbitrary: frame }, fc.json(), fc.string({ unit: 'binary' }));

// The fields each kind of frame declares (others pass through unread).
const DECLARED: Record<string, string[]> = {
  hello: ['lastRevision', 'operatorVersion', 'kubernetesVersion'],
  ack: ['revision'],
  reject: ['revision'],
  status: ['generation', 'tenantId', 'namespace'],
  event: ['kind', 'tenantId', 'namespace'],
  'install.output': ['tenantId', 'namespace'],
  'install.end': ['tenantId', 'namespace'],
  document: ['revision', 'tenantId', 'namespace'],
  welcome: ['lastRevision', 'headRevision'],
  'console.input': ['namespace'],
  'logs.follow': ['namespace'],
};
const LONGEST: Record<string, number> = {
  namespace: 63,
  tenantId: 64,
  operatorVersion: 64,
  kubernetesVersion: 64,
  kind: 64,
};

/** Every integer a frame declares is safe, every id, namespace and version fits core's columns. */
function expectStorable(m: Record<string, unknown>): void {
  for (const key of DECLARED[m.type as string] ?? []) {
    const value = m[key];
    if (typeof value === 'number') expect(Number.isSafeInteger(value), key).toBe(true);
    if (typeof value === 'string' && LONGEST[key])
      expect(value.length, key).toBeLessThanOrEqual(LONGEST[key]);
  }
}

describe('link frames on generated input', () => {
  for (const [name, parse] of [
    ['parseOperatorMessage', parseOperatorMessage],
    ['parseCoreMessage', parseCoreMessage],
  ] as const) {
    it(`${name} returns a frame that fits what core stores, or throws PN_LINK_MESSAGE_INVALID`, () => {
      fc.assert(
        fc.property(text, fc.boolean(), (t, asBuffer) => {
          let parsed: Record<string, unknown>;
          try {
            parsed = parse(asBuffer ? Buffer.from(t) : t) as Record<string, unknown>;
          } catch (err) {
            if (!isPnError(err) || err.code !== 'PN_LINK_MESSAGE_INVALID') throw err;
            return;
          }
          expect(TYPES).toContain(parsed.type);
          expectStorable(parsed);
        }),
        fuzzParameters({ numRuns: 3_000, timeLimitMs: 2_000 }),
      );
    });
  }

  it('refuses revisions past the safe integers and texts longer than core keeps', () => {
    const refused = [
      { type: 'ack', revision: 1e308 },
      { type: 'ack', revision: 2 ** 53 },
      { type: 'hello', lastRevision: 0, operatorVersion: 'x'.repeat(65) },
      {
        type: 'event',
        kind: 'x'.repeat(65),
        tenantId: null,
        namespace: 'pn-1',
        name: 'x',
        eventType: 'Normal',
        reason: '',
        message: '',
      },
      {
        type: 'status',
        kind: 'GameServer',
        tenantId: '1'.repeat(65),
        namespace: 'pn-1',
        name: 'x',
        status: null,
      },
      {
        type: 'status',
        kind: 'GameServer',
        tenantId: '1',
        namespace: 'x'.repeat(64),
        name: 'x',
        status: null,
      },
    ];
    for (const m of refused)
      expect(() => parseOperatorMessage(JSON.stringify(m)), JSON.stringify(m).slice(0, 60)).toThrow(
        expect.objectContaining({ code: 'PN_LINK_MESSAGE_INVALID' }),
      );
  });
});
