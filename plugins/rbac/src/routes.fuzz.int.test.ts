import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSeed,
  startDiscordEmulator,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import { LINK_PATH, STREAM_PATH } from '@pteronimbus/sdk';
import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { gameGenericPlugin } from '@pteronimbus/plugin-game-generic';
import { gameMinecraftPlugin } from '@pteronimbus/plugin-game-minecraft';
import { gameSteamPlugin } from '@pteronimbus/plugin-game-steam';
import { gameTerrariaPlugin } from '@pteronimbus/plugin-game-terraria';
import { templatesPlugin } from '@pteronimbus/plugin-templates';
import { communityEggs, fuzzParameters, startTestCore, type TestCore } from '@pteronimbus/testing';
import { as, discordIdentityPlugin } from './__fixtures__/identity.ts';
import { rbacPlugin } from './plugin.ts';

// Every HTTP route of a fully loaded app, called with generated hostile input by callers who get
// past the access hook (the guild's owner and a super admin), so that validation and handlers
// see it. Whatever the input, the answer is a coded error or a success, never a 500.

interface RouteInfo {
  method: string;
  url: string;
  access: string;
}

// Core's codes are listed in docs/reference/errors.md, each first-party plugin's in its README.
const REPO = join(import.meta.dirname, '..', '..', '..');
const DOCUMENTED = new Set(
  [
    join(REPO, 'docs', 'reference', 'errors.md'),
    ...readdirSync(join(REPO, 'plugins')).map((p) => join(REPO, 'plugins', p, 'README.md')),
  ]
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').match(/PN_[A-Z0-9_]+/g) ?? []),
);

const seed = generateSeed({ guilds: 1, membersPerGuild: 5, rolesPerGuild: 3 });
const A = seed.guilds[0]!.id;
const OWNER = seed.users[0]!.id;
const ROOT = '999999999999999999';

let discord: DiscordEmulator;
let core: TestCore;
let routes: RouteInfo[];
let openapi: { paths: Record<string, Record<string, Operation>> };
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  discord = await startDiscordEmulator({ seed, port: 0 });
  core = await startTestCore({
    plugins: [
      authDiscordPlugin,
      rbacPlugin,
      templatesPlugin,
      gameGenericPlugin,
      gameMinecraftPlugin,
      gameSteamPlugin,
      gameTerrariaPlugin,
      discordIdentityPlugin,
    ] as never[],
    config: { discord: discord.coreConfig },
    pluginConfig: { rbac: { syncIntervalSeconds: 3600 } },
  });
  routes = (core.app.pn.routes as RouteInfo[]).filter(
    // HEAD mirrors GET; the two WebSocket upgrades have fuzzers of their own.
    (r) => r.method !== 'HEAD' && r.url !== STREAM_PATH && r.url !== LINK_PATH,
  );
  openapi = (core.app as unknown as { swagger(): typeof openapi }).swagger();
  await core.app.pn.db.query(`insert into pn_tenants (id, name, owner_id) values ($1, $2, $3)`, [
    A,
    `Guild ${A}`,
    OWNER,
  ]);
  await core.app.pn.shared.events.publish('tenant.installed', { tenantId: A });
}, 120_000);

afterAll(async () => {
  await core?.close();
  await discord?.close();
});

/** Hostile values for one path parameter (a real tenant id often, so handlers are reached). */
const pathValue = fc.oneof(
  { weight: 3, arbitrary: fc.constant(A) },
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.constantFrom(
    '0',
    '-1',
    '1e309',
    'NaN',
    '9'.repeat(400),
    'x'.repeat(5_000),
    '..',
    '../..',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '%',
    '__proto__',
    'constructor',
    'null',
    '{}',
    'ü🎮\u202e',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.uuid(),
  fc.nat().map(String),
);

const QUERY_KEYS = [
  'limit',
  'cursor',
  'before',
  'after',
  'member',
  'game',
  'q',
  'since',
  'version',
  'page',
  'status',
  'action',
  'actor',
  'from',
  'to',
  '__proto__',
  'constructor',
];
const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
  fc.constantFrom('', '-1', '1e400', 'true', 'x'.repeat(10_000), '[]', '{}', '%', '%zz'),
);
const query = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ minLength: 1, maxLength: 8 })),
      queryValue,
    ),
    {
      maxLength: 5,
    },
  )
  .map((pairs) =>
    pairs
      .map(([k, v]) => `${encodeURIComponent(k)}=${v.startsWith('%') ? v : encodeURIComponent(v)}`)
      .join('&'),
  );

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const EGG_TEXTS = communityEggs().map((e) => e.text);
/** An egg import: a real egg, cut short, with a prototype key, or with a field blanked. */
const eggImport = fc
  .tuple(
    fc.constantFrom(...EGG_TEXTS),
    fc.constantFrom('as-is', 'cut', 'proto', 'blank', 'list'),
    fc.nat(),
  )
  .map(([text, how, n]) => {
    if (how === 'cut') return JSON.stringify({ content: text.slice(0, n % text.length) });
    if (how === 'proto')
      return `{"eggs":[${text.trimStart().startsWith('{') ? text.replace('{', '{"__proto__":{"polluted":true},') : JSON.stringify(text)}]}`;
    if (how === 'blank') {
      const keys = ['name', 'startup', 'variables', 'config', 'docker_images', 'meta'];
      return JSON.stringify({
        content: text.replace(new RegExp(`"${keys[n % keys.length]}"`), '"x"'),
      });
    }
    if (how === 'list') return JSON.stringify({ eggs: Array(1 + (n % 30)).fill(text) });
    return JSON.stringify({ content: text });
  });

/** A JSON body (as text) that is wrong in some way, or raw text sent as JSON. */
const body = fc.oneof(
  eggImport,
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .dictionary(
      fc.constantFrom(
        'name',
        'permissions',
        'roles',
        'mappings',
        'egg',
        'templateId',
        'version',
        'parameters',
        'game',
        'confirm',
        'settings',
        'locale',
        'servers',
        'member',
        'token',
        'id',
      ),
      fc.oneof(
        fc.jsonValue(),
        fc.constantFrom(null, '', [], {}, -1, 1e308, 'x'.repeat(100_000)),
        fc.constant(Array.from({ length: 20_000 }, (_, i) => i)),
      ),
      { maxKeys: 4 },
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"permissions":{"__proto__":["x"]}}',
    nested(5_000),
    `[${'['.repeat(5_000)}${']'.repeat(5_000)}]`,
    '{',
    'not json',
    '',
    '\u0000',
    'null',
    '1',
    '"x"',
    '[]',
    '{"a":1,"a":2}',
    '\ufeff{}',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
};

/**
 * Values a route's own schema accepts (as far as a small generator can tell): they get past
 * validation, so the handler behind it sees them, and with one field made hostile, its checks.
 */
function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((s) => fromSchema(s, depth + 1)));
  if (schema.allOf?.length) return fromSchema(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = schema.properties ?? {};
      return fc.record(
        Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, depth + 1)])),
        { requiredKeys: (schema.required ?? []).filter((k) => k in props) },
      );
    }
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
      });
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time')
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      // Never a reachable address: an import from a URL must not leave the machine.
      if (schema.format === 'uri') return fc.constant('https://example.invalid/egg.json');
      if (schema.pattern) {
        try {
          return fc
            .stringMatching(new RegExp(schema.pattern))
            .filter(
              (v) => v.length >= (schema.minLength ?? 0) && v.length <= (schema.maxLength ?? 200),
            );
        } catch {
          return fc.string({ maxLength: 20 });
        }
      }
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? 30, 30)),
      });
    }
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? -5,
        max: Math.min(schema.maximum ?? 1_000, 2 ** 31),
      });
    case 'number':
      return fc.double({ min: schema.minimum ?? -5, max: schema.maximum ?? 1_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A schema-valid body with, maybe, one top-level field made hostile or a prototype key added. */
function nearlyValid(schema: JsonSchema): fc.Arbitrary<string> {
  return fc
    .tuple(
      fromSchema(schema),
      fc.constantFrom('valid', 'field', 'proto'),
      fc.nat(),
      fc.oneof(fc.jsonValue(), fc.constantFrom(null, '', -1, 1e308, 'x'.repeat(100_000), [], {})),
    )
    .map(([value, how, n, hostile]) => {
      if (how === 'valid' || typeof value !== 'object' || value === null || Array.isArray(value))
        return JSON.stringify(value);
      const keys = Object.keys(value);
      if (how === 'field' && keys.length > 0)
        return JSON.stringify({ ...value, [keys[n % keys.length]!]: hostile });
      return JSON.stringify(value)
        .replace(/^\{/, '{"__proto__":{"polluted":true},')
        .replace(/,\}$/, '}');
    });
}

interface Operation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const caller = fc.constantFrom(as(OWNER), as(ROOT, true));

async function call(
  r: RouteInfo,
  params: string[],
  q: string,
  payload: string | undefined,
  headers: Record<string, string>,
  strangeTenant = false,
) {
  let i = 0;
  // The tenant is mostly the real one, so that requests reach the handlers behind the guard.
  const path = r.url.replace(/:(\w+)/g, (_m, name: string) =>
    name === 'tenantId' && !strangeTenant
      ? A
      : encodeURIComponent(params[i++ % params.length] ?? A),
  );
  const res = await core.inject({
    method: r.method as 'GET',
    url: q ? `${path}?${q}` : path,
    headers: {
      ...headers,
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload !== undefined ? { payload } : {}),
  });
  return res;
}

/** A refusal is a documented coded error; nothing answers 500. */
const answered = new Map<string, number>();

function expectCodedAnswer(r: RouteInfo, res: { statusCode: number; body: string }) {
  const key =
    res.statusCode < 400
      ? String(res.statusCode)
      : ((JSON.parse(res.body) as { error?: { code?: string } }).error?.code ??
        String(res.statusCode));
  answered.set(key, (answered.get(key) ?? 0) + 1);
  const what = `${r.method} ${r.url} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, what).toBeLessThan(500);
  expect(Object.getOwnPropertyNames(Object.prototype).sort(), what).toEqual(PROTOTYPE_KEYS);
  if (res.statusCode < 400) return;
  const parsed = JSON.parse(res.body) as {
    error: { code: string; message: string; details?: unknown };
  };
  expect(Object.keys(parsed), what).toEqual(['error']);
  expect(parsed.error.code, what).toMatch(/^PN_[A-Z0-9_]+$/);
  expect(
    DOCUMENTED.has(parsed.error.code),
    `${parsed.error.code} is listed in docs/reference/errors.md or the plugin's README`,
  ).toBe(true);
  expect(typeof parsed.error.message, what).toBe('string');
  if (parsed.error.details !== undefined) expect(typeof parsed.error.details, what).toBe('object');
}

describe('every route under generated input', () => {
  it('covers the routes of core and the loaded plugins, public ones included', () => {
    expect(routes.length).toBeGreaterThan(40);
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    for (const route of [
      'POST /api/v1/operator/register',
      'GET /auth/callback',
      'POST /auth/refresh',
    ])
      expect(urls).toContain(route);
  });

  it('answers hostile bodies, params and queries with coded 4xx errors, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(pathValue, { minLength: 1, maxLength: 4 }),
        query,
        fc.option(body, { nil: undefined }),
        caller,
        fc.boolean(),
        fc.boolean(),
        async (n, params, q, payload, headers, strange, noQuery) => {
          const r = routes[n % routes.length]!;
          const withBody = !['GET', 'DELETE'].includes(r.method) || payload !== undefined;
          expectCodedAnswer(
            r,
            await call(
              r,
              params,
              noQuery ? '' : q,
              withBody ? (payload ?? '{}') : undefined,
              headers,
              strange && noQuery,
            ),
          );
        },
      ),
      fuzzParameters({ numRuns: 1_500, timeLimitMs: 20_000, endOnFailure: true }),
    );
    // The callers got past access and validation often enough to exercise the handlers.
    const calls = [...answered.values()].reduce((a, b) => a + b, 0);
    expect(answered.get('200') ?? 0, JSON.stringify([...answered])).toBeGreaterThan(calls / 20);
  }, 120_000);

  it("answers input shaped by each route's own schema, valid or nearly, never with a 500", async () => {
    answered.clear();
    const withSchema = routes.flatMap((r) => {
      const op = openapi.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      return op ? [{ r, op }] : [];
    });
    expect(withSchema.length).toBeGreaterThan(30);
    const request = fc.nat(withSchema.length - 1).chain((i) => {
      const { r, op } = withSchema[i]!;
      const params = op.parameters ?? [];
      const inPath = params.filter((p) => p.in === 'path' && p.name !== 'tenantId');
      const inQuery = params.filter((p) => p.in === 'query');
      const body = op.requestBody?.content?.['application/json']?.schema;
      return fc.record({
        r: fc.constant(r),
        path: fc.tuple(...inPath.map((p) => fc.oneof(fromSchema(p.schema).map(String), pathValue))),
        query: fc.record(
          Object.fromEntries(inQuery.map((p) => [p.name, fromSchema(p.schema).map(String)])),
          { requiredKeys: [] },
        ),
        body: body ? nearlyValid(body).map((b) => b as string | undefined) : fc.constant(undefined),
        headers: caller,
      });
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ r, path, query, body, headers }) => {
        const q = new URLSearchParams(query as Record<string, string>).toString();
        expectCodedAnswer(r, await call(r, path.length ? path : [A], q, body, headers));
      }),
      fuzzParameters({ numRuns: 600, timeLimitMs: 12_000, endOnFailure: true }),
    );
    // Schema-shaped input gets through to the handlers far more often than random input.
    const calls = [...answered.values()].reduce((a, b) => a + b, 0);
    expect(answered.get('200') ?? 0, JSON.stringify([...answered])).toBeGreaterThan(calls / 10);
  }, 90_000);

  it('answers every route a raw non-JSON, a prototype-polluting and a deeply nested body with coded errors', async () => {
    for (const r of routes) {
      for (const payload of ['not json', '{"__proto__":{"polluted":true}}', nested(5_000), '']) {
        for (const headers of [as(OWNER), as(ROOT, true)]) {
          expectCodedAnswer(r, await call(r, [A], '', payload, headers));
        }
      }
    }
  }, 120_000);
});

// Counterexamples the fuzzers found, kept as plain tests.
describe('regressions found by fuzzing', () => {
  it('answers a path parameter over the router limit with PN_VALIDATION_FAILED, not an uncoded 414', async () => {
    const res = await core.inject({
      method: 'DELETE',
      url: `/api/v1/tenants/${A}/servers/${'9'.repeat(400)}`,
      headers: as(ROOT, true),
    });
    expect(res.statusCode).toBe(400);
    // The router answered before any hook ran, with the headers of every answer all the same.
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json()).toEqual({
      error: {
        code: 'PN_VALIDATION_FAILED',
        message: 'params a path parameter is too long',
        details: { issues: [{ in: 'params', path: '/', message: 'is too long' }] },
      },
    });
  });

  it.each(['members', 'audit', 'servers'])(
    'answers GET /tenants/:tenantId/%s?limit=1e400 (Infinity once coerced) with PN_VALIDATION_FAILED, not a 500',
    async (what) => {
      for (const limit of ['1e400', '-1e400']) {
        const res = await core.inject({
          method: 'GET',
          url: `/api/v1/tenants/${A}/${what}?limit=${limit}`,
          headers: as(ROOT, true),
        });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().error).toEqual({
          code: 'PN_VALIDATION_FAILED',
          message: 'querystring/limit must be a finite number',
          details: {
            issues: [{ in: 'querystring', path: '/limit', message: 'must be a finite number' }],
          },
        });
      }
    },
  );

  it('answers a malformed URL with PN_BAD_REQUEST', async () => {
    const res = await core.inject({
      method: 'GET',
      url: `/api/v1/tenants/%zz`,
      headers: as(OWNER),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('PN_BAD_REQUEST');
  });

  it('answers GET /auth/me for a principal no Discord login made with a coded 401, not a 500', async () => {
    const res = await core.inject({ method: 'GET', url: '/auth/me', headers: as(ROOT, true) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toMatch(/^PN_/);
  });
});
