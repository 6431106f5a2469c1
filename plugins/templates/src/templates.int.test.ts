import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseService, EventBus, Logger } from '@pteronimbus/sdk';
import { asUser, startTestCore, useTestCore, type TestCore } from '@pteronimbus/testing';
import { inUse, testAccessPlugin, testUsagePlugin } from './__fixtures__/access.ts';
import { brokenEggText, PLCN_YAML, ptdlEgg } from './__fixtures__/eggs.ts';
import { testShippedPlugin } from './__fixtures__/shipped.ts';
import { createLibrary } from './library.ts';
import { templatesPlugin } from './plugin.ts';
import { inTransaction, insertTemplate, insertVersion } from './store.ts';

const ALICE = asUser('user-alice');
const BOB = asUser('user-bob');
const READER = asUser('user-reader');
const ADMIN = asUser('user-admin');
const TA = '/api/v1/tenants/ta/templates';
const TB = '/api/v1/tenants/tb/templates';
const GLOBAL = '/api/v1/templates';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const silent: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
  child: () => silent,
};

function dbOf(core: TestCore): DatabaseService {
  return (core.app as unknown as { pn: { db: DatabaseService } }).pn.db;
}

describe('templates plugin', () => {
  const core = useTestCore({
    plugins: [testAccessPlugin, testUsagePlugin, testShippedPlugin, templatesPlugin],
  });
  const db = () => dbOf(core());

  async function importContent(base: string, content: string, headers = ALICE) {
    return core().inject({ method: 'POST', url: `${base}/import`, headers, payload: { content } });
  }

  async function created(name: string, base = TA, headers = ALICE): Promise<Json> {
    const res = await importContent(base, JSON.stringify(ptdlEgg(name)), headers);
    expect(res.statusCode).toBe(201);
    return res.json().results[0].template;
  }

  async function audit(action: string, targetId: string) {
    return db().query<Json>(
      'select tenant_id, actor_id, action, target_id, changes, source, request_id from pn_audit_log where action = $1 and target_id = $2',
      [action, targetId],
    );
  }

  afterEach(() => inUse.clear());

  describe('access', () => {
    it('requires a login and the template permissions', async () => {
      expect((await core().inject(TA)).statusCode).toBe(401);
      expect((await core().inject({ url: TA, headers: READER })).statusCode).toBe(200);
      const denied = await importContent(TA, JSON.stringify(ptdlEgg('Nope')), READER);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error).toMatchObject({
        code: 'PN_FORBIDDEN',
        details: { permission: 'template.manage' },
      });
      expect((await core().inject({ url: GLOBAL, headers: ALICE })).statusCode).toBe(403);
      expect((await core().inject({ url: GLOBAL, headers: ADMIN })).statusCode).toBe(200);
    });

    it('declares a permission on every route', () => {
      const routes = (
        core().app as unknown as {
          pn: { routes: Array<{ url: string; access: string; permission?: string }> };
        }
      ).pn.routes.filter((r) => r.url.includes('/templates'));
      expect(routes.length).toBeGreaterThanOrEqual(18);
      for (const r of routes) expect(r.permission).toMatch(/^template\.(read|manage)$/);
    });

    it('keeps tenants apart', async () => {
      const mine = await created('Alice Only');
      const asBob = await core().inject({ url: `${TB}/${mine.id}`, headers: BOB });
      expect(asBob.statusCode).toBe(404);
      expect(asBob.json().error.code).toBe('PN_TEMPLATE_NOT_FOUND');
      for (const path of ['versions', 'versions/1', 'diff', 'export']) {
        expect(
          (await core().inject({ url: `${TB}/${mine.id}/${path}`, headers: BOB })).statusCode,
        ).toBe(404);
      }
      const patch = await core().inject({
        method: 'PATCH',
        url: `${TB}/${mine.id}`,
        headers: BOB,
        payload: { name: 'Stolen' },
      });
      expect(patch.statusCode).toBe(404);
      const del = await core().inject({ method: 'DELETE', url: `${TB}/${mine.id}`, headers: BOB });
      expect(del.statusCode).toBe(404);
      expect((await core().inject({ url: `${TA}/${mine.id}`, headers: BOB })).statusCode).toBe(403);
      const list = await core().inject({ url: `${TB}?limit=100`, headers: BOB });
      expect(list.json().items.map((t: Json) => t.id)).not.toContain(mine.id);
      // tenant templates are not global ones
      expect(
        (await core().inject({ url: `${GLOBAL}/${mine.id}`, headers: ADMIN })).statusCode,
      ).toBe(404);
    });
  });

  describe('shipped eggs', () => {
    it('imports the eggs game plugins ship as global templates at start-up', async () => {
      const res = await core().inject({ url: `${GLOBAL}?q=shipped`, headers: ADMIN });
      expect(res.json().items).toEqual([
        expect.objectContaining({
          name: 'Shipped Game',
          scope: 'global',
          tenantId: null,
          slug: 'shipped-game',
        }),
      ]);
      const rows = await db().query<Json>(
        `select origin from templates_templates where origin like 'shipped:test-shipped:%'`,
      );
      // the broken egg is logged and skipped, the good one is there
      expect(rows).toEqual([{ origin: 'shipped:test-shipped:shipped.json' }]);
    });

    it('imports idempotently, adds a version when the egg changes, leaves deleted ones deleted', async () => {
      const library = createLibrary({
        db: db(),
        audit: { record: async () => {} },
        logger: silent,
        providers: () => [],
        usage: () => [],
      });
      const offer = (name: string) => [
        {
          plugin: 'test-again',
          eggs: [{ file: 'a.json', content: JSON.stringify(ptdlEgg(name)) }],
        },
      ];
      expect(await library.importShipped(offer('Again'))).toEqual({
        created: 1,
        updated: 0,
        unchanged: 0,
        failed: 0,
      });
      expect(await library.importShipped(offer('Again'))).toEqual({
        created: 0,
        updated: 0,
        unchanged: 1,
        failed: 0,
      });
      expect(await library.importShipped(offer('Again Renamed'))).toEqual({
        created: 0,
        updated: 1,
        unchanged: 0,
        failed: 0,
      });
      const [row] = await db().query<Json>(
        `select id, current_version, name from templates_templates where origin = 'shipped:test-again:a.json'`,
      );
      expect(row).toMatchObject({ current_version: 2, name: 'Again Renamed' });
      await db().query('update templates_templates set deleted = true where id = $1', [row!.id]);
      expect(await library.importShipped(offer('Again Third'))).toEqual({
        created: 0,
        updated: 0,
        unchanged: 1,
        failed: 0,
      });
      const [after] = await db().query<Json>(
        'select current_version from templates_templates where id = $1',
        [row!.id],
      );
      expect(after!.current_version).toBe(2);
    });
  });

  describe('import', () => {
    it('imports one egg with its conversion report and audits it', async () => {
      const res = await core().inject({
        method: 'POST',
        url: `${TA}/import`,
        headers: { ...ALICE, 'x-request-id': 'import-request-1' },
        payload: { content: JSON.stringify(ptdlEgg('Single Game')), note: 'first' },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ created: 1, failed: 0 });
      expect(body.results[0]).toMatchObject({
        index: 0,
        ok: true,
        version: 1,
        template: {
          scope: 'tenant',
          tenantId: 'ta',
          slug: 'single-game',
          name: 'Single Game',
          gameId: 'single-game',
          currentVersion: 1,
        },
        report: { format: 'PTDL_v2', warnings: [] },
      });
      const id = body.results[0].template.id;
      expect(await audit('template.import', id)).toEqual([
        expect.objectContaining({
          tenant_id: 'ta',
          actor_id: 'user-alice',
          source: 'api',
          request_id: 'import-request-1',
          changes: expect.objectContaining({
            version: 1,
            format: 'PTDL_v2',
            via: 'content',
            slug: 'single-game',
          }),
        }),
      ]);
      const got = await core().inject({ url: `${TA}/${id}`, headers: READER });
      expect(got.statusCode).toBe(200);
      expect(got.json().version).toMatchObject({
        version: 1,
        note: 'first',
        createdBy: 'user-alice',
        sourceFormat: 'PTDL_v2',
      });
      // the original egg is kept with the spec
      expect(got.json().version.spec.source).toEqual({
        format: 'PTDL_v2',
        egg: ptdlEgg('Single Game'),
      });
      expect(got.json().version.spec.parameters.properties.MAX_PLAYERS).toMatchObject({
        type: 'integer',
        minimum: 1,
        maximum: 100,
      });
    });

    it('stores any text the egg holds, exactly', async () => {
      const odd = `quote ' double " backslash \\ \\u0000 question ? ?? dollar $1 é 🎮`;
      const res = await importContent(
        TA,
        JSON.stringify(ptdlEgg('Odd Text', { description: odd })),
      );
      expect(res.statusCode).toBe(201);
      const got = await core().inject({
        url: `${TA}/${res.json().results[0].template.id}`,
        headers: ALICE,
      });
      expect(got.json().version.spec.game.description).toBe(odd);
      expect(got.json().version.spec.source.egg.description).toBe(odd);
    });

    it('imports YAML', async () => {
      const res = await importContent(TA, PLCN_YAML);
      expect(res.statusCode).toBe(201);
      expect(res.json().results[0]).toMatchObject({
        template: { name: 'Yaml Game' },
        report: { format: 'PLCN_v3' },
      });
    });

    it('gives a second import of a game the next free slug', async () => {
      const a = await created('Twice');
      const b = await created('Twice');
      expect([a.slug, b.slug]).toEqual(['twice', 'twice-2']);
      expect((await created('Twice', TB, BOB)).slug).toBe('twice');
      const long = 'A Very Long Game Name '.repeat(4).trim();
      const first = await created(long);
      const second = await created(long);
      expect(first.slug.length).toBeLessThanOrEqual(56);
      expect(first.slug).toMatch(/^a-very-long-game-name-.*[a-z]$/);
      expect(second.slug).toBe(`${first.slug}-2`);
      expect(first.gameId).not.toBe(first.slug);
    });

    it('imports a batch, one result per egg; a bad egg does not stop the others', async () => {
      const res = await core().inject({
        method: 'POST',
        url: `${TA}/import`,
        headers: ALICE,
        payload: {
          eggs: [
            ptdlEgg('Batch One'),
            brokenEggText(),
            PLCN_YAML.replace('Yaml Game', 'Batch Three'),
          ],
        },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ created: 2, failed: 1 });
      expect(body.results.map((r: Json) => [r.index, r.ok])).toEqual([
        [0, true],
        [1, false],
        [2, true],
      ]);
      expect(body.results[1].error).toMatchObject({
        code: 'PN_EGG_INVALID',
        details: { path: '$.variables[1].env_variable' },
      });
      const names = (await core().inject({ url: `${TA}?q=batch&scope=tenant`, headers: ALICE }))
        .json()
        .items.map((t: Json) => t.name);
      expect(names).toEqual(['Batch One', 'Batch Three']);
    });

    it('answers an invalid egg with the JSON path of the problem', async () => {
      const res = await importContent(TA, brokenEggText());
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'PN_EGG_INVALID',
        details: { path: '$.variables[1].env_variable', expected: expect.any(String) },
      });
      const yaml = await importContent(TA, 'meta: [unclosed');
      expect(yaml.json().error).toMatchObject({ code: 'PN_EGG_INVALID', details: { path: '$' } });
    });

    it('refuses an egg over 1 MiB, and bodies it cannot read', async () => {
      const big = ptdlEgg('Big', { description: 'x'.repeat(1024 * 1024) });
      const res = await importContent(TA, JSON.stringify(big));
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('PN_TEMPLATE_IMPORT_TOO_LARGE');
      const inBatch = await core().inject({
        method: 'POST',
        url: `${TA}/import`,
        headers: ALICE,
        payload: { eggs: [big] },
      });
      expect(inBatch.json().results[0].error.code).toBe('PN_TEMPLATE_IMPORT_TOO_LARGE');
      const type = await core().inject({
        method: 'POST',
        url: `${TA}/import`,
        headers: { ...ALICE, 'content-type': 'application/x-egg' },
        payload: JSON.stringify(ptdlEgg('Typed')),
      });
      expect(type.statusCode).toBe(415);
      expect(type.json().error.code).toBe('PN_UNSUPPORTED_MEDIA_TYPE');
      const both = await core().inject({
        method: 'POST',
        url: `${TA}/import`,
        headers: ALICE,
        payload: { content: 'x', url: 'https://example.com' },
      });
      expect(both.statusCode).toBe(400);
      expect(both.json().error.code).toBe('PN_VALIDATION_FAILED');
    });

    it.each([
      'http://eggs.example.com/egg.json',
      'https://127.0.0.1/egg.json',
      'https://localhost/egg.json',
      'https://10.0.0.8/egg.json',
      'https://172.20.1.1/egg.json',
      'https://192.168.1.20/egg.json',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/egg.json',
      'https://[fe80::1]/egg.json',
    ])('refuses to fetch %s', async (url) => {
      const res = await core().inject({
        method: 'POST',
        url: `${TA}/import`,
        headers: ALICE,
        payload: { url },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('PN_TEMPLATE_URL_FORBIDDEN');
    });

    it('writes nothing of an egg that cannot be stored', async () => {
      const res = await importContent(
        TA,
        JSON.stringify(ptdlEgg('Nul Game', { description: 'a\u0000b' })),
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('PN_TEMPLATE_UNSTORABLE');
      expect(
        await db().query(`select id from templates_templates where name = 'Nul Game'`),
      ).toEqual([]);
    });

    it('rolls back the template row when its version cannot be written', async () => {
      const id = '00000000-0000-4000-8000-000000000001';
      const spec = (
        await core().inject({ url: `${TA}/${(await created('Source')).id}`, headers: ALICE })
      ).json().version.spec;
      await expect(
        inTransaction(db(), async (sql) => {
          await insertTemplate(sql, {
            id,
            owner: { scope: 'tenant', tenantId: 'ta' },
            slug: 'half',
            name: 'Half',
            gameId: 'half',
            icon: null,
            version: 1,
          });
          expect(await sql('select id from templates_templates where id = $1', [id])).toHaveLength(
            1,
          );
          // jsonb (the source egg) refuses \u0000: the second statement fails after the first succeeded
          await insertVersion(sql, {
            templateId: id,
            version: 1,
            spec: { ...spec, source: { format: 'PTDL_v2', egg: { name: 'a\u0000b' } } },
            report: null,
            createdBy: null,
            note: null,
          });
        }),
      ).rejects.toThrow();
      expect(await db().query('select id from templates_templates where id = $1', [id])).toEqual(
        [],
      );
      expect(
        await db().query('select template_id from templates_versions where template_id = $1', [id]),
      ).toEqual([]);
    });
  });

  describe('unsafe parameter schemas', () => {
    const EVIL = '^(a+)+$';

    it('refuses an edit that sets a pattern which may backtrack without bound, and keeps the template', async () => {
      const t = await created('Patterned');
      const url = `${TA}/${t.id}`;
      const spec = (await core().inject({ url, headers: READER })).json().version.spec;
      spec.parameters.properties.SERVER_JARFILE.pattern = EVIL;
      const refused = await core().inject({
        method: 'PATCH',
        url,
        headers: ALICE,
        payload: { spec },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({
        code: 'PN_TEMPLATE_PARAMETER_UNSAFE',
        details: {
          problems: [
            expect.objectContaining({
              path: '/parameters/properties/SERVER_JARFILE/pattern',
              keyword: 'pattern',
            }),
          ],
        },
      });
      delete spec.parameters.properties.SERVER_JARFILE.pattern;
      spec.parameters.properties.MAX_PLAYERS.allOf = [{ not: { pattern: '(x*)*y' } }];
      const nested = await core().inject({
        method: 'PATCH',
        url,
        headers: ALICE,
        payload: { spec },
      });
      expect(nested.statusCode).toBe(400);
      expect(nested.json().error.code).toBe('PN_TEMPLATE_PARAMETER_UNSAFE');
      delete spec.parameters.properties.MAX_PLAYERS.allOf;
      spec.parameters.properties.SERVER_JARFILE.maxLength = 1_000_000;
      const long = await core().inject({ method: 'PATCH', url, headers: ALICE, payload: { spec } });
      expect(long.statusCode).toBe(400);
      expect(long.json().error).toMatchObject({
        code: 'PN_TEMPLATE_PARAMETER_UNSAFE',
        details: { problems: [expect.objectContaining({ keyword: 'maxLength' })] },
      });
      const after = await core().inject({ url, headers: READER });
      expect(after.json().template.currentVersion).toBe(1);
      // A safe pattern is an ordinary edit.
      spec.parameters.properties.SERVER_JARFILE.maxLength = 40;
      spec.parameters.properties.SERVER_JARFILE.pattern = '^[A-Za-z0-9_.-]+\\.jar$';
      const fine = await core().inject({ method: 'PATCH', url, headers: ALICE, payload: { spec } });
      expect(fine.statusCode).toBe(200);
      expect(fine.json().template.currentVersion).toBe(2);
    });

    it('refuses to roll back to a stored version with an unsafe pattern', async () => {
      const t = await created('Old Unsafe');
      const url = `${TA}/${t.id}`;
      // A version stored before patterns were checked.
      const spec = (await core().inject({ url, headers: READER })).json().version.spec;
      spec.parameters.properties.SERVER_JARFILE.pattern = EVIL;
      await inTransaction(db(), async (sql) => {
        await sql(
          'update templates_versions set spec = $1 where template_id = $2 and version = 1',
          [spec, t.id],
        );
      });
      const rollback = await core().inject({
        method: 'POST',
        url: `${url}/rollback`,
        headers: ALICE,
        payload: { version: 1 },
      });
      expect(rollback.statusCode).toBe(400);
      expect(rollback.json().error.code).toBe('PN_TEMPLATE_PARAMETER_UNSAFE');
    });

    it('imports an egg with an unsafe rule, dropping the pattern with a warning', async () => {
      const egg = ptdlEgg('Unsafe Rule');
      const variables = egg.variables as Json[];
      variables[0] = { ...variables[0], rules: `required|string|max:40|regex:/${EVIL}/` };
      const res = await importContent(TA, JSON.stringify(egg));
      expect(res.statusCode).toBe(201);
      const result = res.json().results[0];
      expect(result.report.warnings).toEqual([
        expect.objectContaining({
          code: 'EGG_RULE_UNSAFE_PATTERN',
          path: '$.variables[0].rules',
        }),
      ]);
      const stored = (
        await core().inject({ url: `${TA}/${result.template.id}`, headers: READER })
      ).json().version.spec.parameters.properties.SERVER_JARFILE;
      expect(stored.pattern).toBeUndefined();
      expect(stored.maxLength).toBe(40);
      expect(stored.rules).toContain(`regex:/${EVIL}/`);
    });
  });

  describe('versions', () => {
    it('versions every change, diffs and rolls back', async () => {
      const t = await created('Versioned');
      const url = `${TA}/${t.id}`;
      const renamed = await core().inject({
        method: 'PATCH',
        url,
        headers: ALICE,
        payload: { name: 'Versioned Two', note: 'rename' },
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({
        template: { name: 'Versioned Two', slug: 'versioned', currentVersion: 2 },
        version: { version: 2, note: 'rename' },
      });
      const same = await core().inject({
        method: 'PATCH',
        url,
        headers: ALICE,
        payload: { name: 'Versioned Two' },
      });
      expect(same.json().template.currentVersion).toBe(2);

      const spec = renamed.json().version.spec;
      spec.startup.command = 'java -jar {{SERVER_JARFILE}} nogui';
      const replaced = await core().inject({
        method: 'PATCH',
        url,
        headers: ALICE,
        payload: { spec, icon: 'https://example.com/i.png' },
      });
      expect(replaced.statusCode).toBe(200);
      expect(replaced.json()).toMatchObject({
        template: { currentVersion: 3, icon: 'https://example.com/i.png' },
      });

      const invalid = await core().inject({
        method: 'PATCH',
        url,
        headers: ALICE,
        payload: { spec: { ...spec, images: [] } },
      });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.json().error).toMatchObject({
        code: 'PN_TEMPLATE_INVALID',
        details: { problems: [expect.objectContaining({ path: '/images' })] },
      });

      const versions = await core().inject({ url: `${url}/versions`, headers: READER });
      expect(versions.json().versions.map((v: Json) => [v.version, v.note])).toEqual([
        [3, null],
        [2, 'rename'],
        [1, null],
      ]);
      expect(
        (await core().inject({ url: `${url}/versions/1`, headers: READER })).json().spec.game.name,
      ).toBe('Versioned');
      const missing = await core().inject({ url: `${url}/versions/9`, headers: READER });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('PN_TEMPLATE_VERSION_NOT_FOUND');

      const diff = await core().inject({ url: `${url}/diff?from=1&to=3`, headers: READER });
      expect(diff.json()).toEqual({
        from: 1,
        to: 3,
        changes: [
          { path: '$.game.name', op: 'changed', before: 'Versioned', after: 'Versioned Two' },
          { path: '$.game.icon', op: 'added', after: 'https://example.com/i.png' },
          {
            path: '$.startup.command',
            op: 'changed',
            before: 'java -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}',
            after: 'java -jar {{SERVER_JARFILE}} nogui',
          },
        ],
      });
      const latest = await core().inject({ url: `${url}/diff`, headers: READER });
      expect(latest.json()).toMatchObject({ from: 2, to: 3 });
      expect(latest.json().changes.map((c: Json) => c.path)).toEqual([
        '$.game.icon',
        '$.startup.command',
      ]);

      const rollback = await core().inject({
        method: 'POST',
        url: `${url}/rollback`,
        headers: ALICE,
        payload: { version: 1 },
      });
      expect(rollback.statusCode).toBe(201);
      expect(rollback.json()).toMatchObject({
        template: { currentVersion: 4, name: 'Versioned', icon: null },
        version: { version: 4, note: 'rollback to version 1' },
      });
      expect(
        (await core().inject({ url: `${url}/diff?from=1&to=4`, headers: READER })).json().changes,
      ).toEqual([]);
      expect(
        (await core().inject({ url: `${url}/versions`, headers: READER })).json().versions,
      ).toHaveLength(4);
      const nowhere = await core().inject({
        method: 'POST',
        url: `${url}/rollback`,
        headers: ALICE,
        payload: { version: 7 },
      });
      expect(nowhere.json().error.code).toBe('PN_TEMPLATE_VERSION_NOT_FOUND');

      expect((await audit('template.update', t.id)).map((a) => a.changes)).toEqual([
        { version: 2, from: 1, fields: ['name'] },
        { version: 3, from: 2, fields: ['icon', 'spec'] },
      ]);
      expect((await audit('template.rollback', t.id)).map((a) => a.changes)).toEqual([
        { from: 3, to: 1, version: 4 },
      ]);
    });

    it('refuses changes to global templates through a tenant', async () => {
      const global = await created('Global Game', GLOBAL, ADMIN);
      expect(global).toMatchObject({ scope: 'global', tenantId: null });
      expect((await core().inject({ url: `${TA}/${global.id}`, headers: ALICE })).statusCode).toBe(
        200,
      );
      const listed = await core().inject({ url: `${TA}?q=global%20game`, headers: ALICE });
      expect(listed.json().items.map((t: Json) => t.id)).toEqual([global.id]);
      expect(
        (await core().inject({ url: `${TA}?q=global%20game&scope=tenant`, headers: ALICE })).json()
          .items,
      ).toEqual([]);
      const patch = await core().inject({
        method: 'PATCH',
        url: `${TA}/${global.id}`,
        headers: ALICE,
        payload: { name: 'Mine' },
      });
      expect(patch.statusCode).toBe(403);
      expect(patch.json().error.code).toBe('PN_TEMPLATE_READ_ONLY');
      const ok = await core().inject({
        method: 'PATCH',
        url: `${GLOBAL}/${global.id}`,
        headers: ADMIN,
        payload: { name: 'Global Game 2' },
      });
      expect(ok.json().template.currentVersion).toBe(2);
      const [entry] = await audit('template.update', global.id);
      expect(entry).toMatchObject({ tenant_id: null, actor_id: 'user-admin' });
    });
  });

  describe('export', () => {
    it('exports an egg that imports back to the same template', async () => {
      const t = await created('Round Trip');
      const original = (await core().inject({ url: `${TA}/${t.id}`, headers: ALICE })).json()
        .version.spec;
      for (const format of ['ptdl_v2', 'plcn_v3']) {
        const res = await core().inject({
          url: `${TA}/${t.id}/export?format=${format}`,
          headers: READER,
        });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-disposition']).toBe(
          'attachment; filename="egg-round-trip.json"',
        );
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.json().meta.version).toBe(format.toUpperCase().replace('_V', '_v'));
        const again = await importContent(TA, res.body);
        expect(again.statusCode).toBe(201);
        const spec = (
          await core().inject({
            url: `${TA}/${again.json().results[0].template.id}`,
            headers: ALICE,
          })
        ).json().version.spec;
        const { source: _a, ...a } = original;
        const { source: _b, ...b } = spec;
        expect(b).toEqual(a);
      }
      const bad = await core().inject({ url: `${TA}/${t.id}/export?format=zip`, headers: READER });
      expect(bad.statusCode).toBe(400);
      const old = await core().inject({ url: `${TA}/${t.id}/export?version=1`, headers: READER });
      expect(old.json().name).toBe('Round Trip');
    });
  });

  describe('delete', () => {
    it('refuses to delete a template in use, then deletes it softly', async () => {
      const t = await created('Used Game');
      inUse.set(t.id, [{ type: 'server', id: 's1', name: 'survival', version: 1 }]);
      const refused = await core().inject({
        method: 'DELETE',
        url: `${TA}/${t.id}`,
        headers: ALICE,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({
        code: 'PN_TEMPLATE_IN_USE',
        details: { count: 1, users: [{ type: 'server', id: 's1' }] },
      });
      inUse.clear();
      const res = await core().inject({ method: 'DELETE', url: `${TA}/${t.id}`, headers: ALICE });
      expect(res.statusCode).toBe(204);
      expect((await core().inject({ url: `${TA}/${t.id}`, headers: ALICE })).statusCode).toBe(404);
      expect(
        (await core().inject({ method: 'DELETE', url: `${TA}/${t.id}`, headers: ALICE }))
          .statusCode,
      ).toBe(404);
      // kept for the record, and the slug is free again
      expect(
        await db().query('select deleted from templates_templates where id = $1', [t.id]),
      ).toEqual([{ deleted: true }]);
      expect((await created('Used Game')).slug).toBe('used-game');
      expect(await audit('template.delete', t.id)).toHaveLength(1);
    });

    it("deletes a tenant's templates for good when it is uninstalled without its data", async () => {
      const kept = await created('Kept Game', TB, BOB);
      const templateCount = async (tenantId: string) =>
        Number(
          (
            await db().query<{ n: string }>(
              `select count(*)::text as n from templates_templates t join templates_versions v on v.template_id = t.id where t.tenant_id = $1`,
              [tenantId],
            )
          )[0]!.n,
        );
      const events = (core().app as unknown as { pn: { shared: { events: EventBus } } }).pn.shared
        .events;
      await events.publish('tenant.uninstalled', { tenantId: 'tb', keepData: true });
      await events.publish('tenant.uninstalled', { tenantId: 'ta', keepData: false });
      await expect.poll(() => templateCount('ta'), { timeout: 5_000, interval: 25 }).toBe(0);
      // Kept data stays; global templates are nobody's to delete.
      expect((await core().inject({ url: `${TB}/${kept.id}`, headers: BOB })).statusCode).toBe(200);
      const globals = await db().query(`select 1 from templates_templates where scope = 'global'`);
      expect(globals.length).toBeGreaterThan(0);
    });
  });

  describe('list', () => {
    it('searches, filters by game and pages with a cursor', async () => {
      for (const name of ['Page A', 'Page B', 'Page C', 'Page D', 'Page E'])
        await created(name, TB, BOB);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?q=page&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await core().inject({ url: `${TB}${query}`, headers: BOB });
        expect(res.statusCode).toBe(200);
        expect(res.json().items.length).toBeLessThanOrEqual(2);
        seen.push(...res.json().items.map((t: Json) => t.name));
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(seen).toEqual(['Page A', 'Page B', 'Page C', 'Page D', 'Page E']);
      const game = await core().inject({ url: `${TB}?game=page-c`, headers: BOB });
      expect(game.json().items.map((t: Json) => t.name)).toEqual(['Page C']);
      const wild = await core().inject({ url: `${TB}?q=%25`, headers: BOB });
      expect(wild.json().items).toEqual([]);
      const bad = await core().inject({ url: `${TB}?cursor=nonsense`, headers: BOB });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('PN_TEMPLATE_CURSOR_INVALID');
    });
  });

  it('documents every route in OpenAPI', async () => {
    const spec = (await core().inject('/docs/json')).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/templates',
        '/api/v1/templates/import',
        '/api/v1/tenants/{tenantId}/templates/{templateId}/diff',
        '/api/v1/tenants/{tenantId}/templates/{templateId}/versions/{version}',
      ]),
    );
  });
});

describe('templates plugin with private URLs allowed', () => {
  let server: Server;
  let base: string;
  let core: TestCore;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/egg.json') res.end(JSON.stringify(ptdlEgg('Fetched Game')));
      else if (req.url === '/moved') {
        res.statusCode = 302;
        res.setHeader('location', '/egg.json');
        res.end();
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    core = await startTestCore({
      plugins: [testAccessPlugin, templatesPlugin],
      pluginConfig: {
        templates: { allowPrivateUrls: true, urlImportLimit: { max: 3, windowSeconds: 600 } },
      },
    });
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('imports from a URL on the local network, following redirects', async () => {
    const res = await core.inject({
      method: 'POST',
      url: `${TA}/import`,
      headers: ALICE,
      payload: { url: `${base}/moved` },
    });
    expect(res.statusCode).toBe(201);
    const template = res.json().results[0].template;
    expect(template.name).toBe('Fetched Game');
    const [entry] = await dbOf(core).query<Json>(
      `select changes from pn_audit_log where action = 'template.import' and target_id = $1`,
      [template.id],
    );
    expect(entry!.changes).toMatchObject({ via: 'url', url: `${base}/egg.json` });
    const missing = await core.inject({
      method: 'POST',
      url: `${TA}/import`,
      headers: ALICE,
      payload: { url: `${base}/nothing` },
    });
    expect(missing.statusCode).toBe(502);
    expect(missing.json().error).toMatchObject({
      code: 'PN_TEMPLATE_URL_FAILED',
      details: { status: 404 },
    });
  });

  it('limits URL imports per tenant, with 429, Retry-After and a coded error', async () => {
    const fromUrl = (tenantBase: string, headers: Record<string, string>) =>
      core.inject({
        method: 'POST',
        url: `${tenantBase}/import`,
        headers,
        payload: { url: `${base}/nothing` },
      });
    for (let i = 0; i < 3; i++) expect((await fromUrl(TB, BOB)).statusCode).toBe(502);
    const refused = await fromUrl(TB, BOB);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json().error).toMatchObject({
      code: 'PN_TEMPLATE_URL_RATE_LIMITED',
      details: { limit: 3, windowSeconds: 600 },
    });
    // Tenant A's budget is its own (two used above, one left).
    expect((await fromUrl(TA, ALICE)).statusCode).toBe(502);
    expect((await fromUrl(TA, ALICE)).statusCode).toBe(429);
    // Imports of given content are not URL imports.
    const given = await core.inject({
      method: 'POST',
      url: `${TB}/import`,
      headers: BOB,
      payload: { content: JSON.stringify(ptdlEgg('Given Game')) },
    });
    expect(given.statusCode).toBe(201);
  });
});
