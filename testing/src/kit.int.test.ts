import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { definePlugin } from '@pteronimbus/sdk';
import {
  asUser,
  createTestDatabase,
  resolveTestRedisUrl,
  testIdentityPlugin,
  useTestCore,
} from './index.ts';

const whoamiFixture = definePlugin({
  name: 'whoami-fixture',
  version: '0.0.1',
  register(app) {
    app.get('/whoami', { config: { authenticated: true } }, async (request) => ({
      name: request.principal?.name,
      superAdmin: request.principal?.superAdmin,
    }));
  },
});

describe('useTestCore', () => {
  const core = useTestCore({ plugins: [testIdentityPlugin(), whoamiFixture] });

  it('starts a core with the given plugins loaded', async () => {
    const res = await core().inject('/api/v1/registry');
    expect(res.statusCode).toBe(200);
    expect(res.json().plugins.map((p: { name: string }) => p.name)).toEqual([
      'test-identity',
      'whoami-fixture',
    ]);
  });

  it('logs a request in as the user asUser names, through the access hook of core', async () => {
    const as = (headers: Record<string, string>) =>
      core().inject({ url: '/api/v1/whoami', headers });
    expect((await as(asUser('alice'))).json()).toEqual({ name: 'alice', superAdmin: false });
    expect((await as(asUser('root', { superAdmin: true }))).json()).toEqual({
      name: 'root',
      superAdmin: true,
    });
    expect((await as({})).statusCode).toBe(401);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('createTestDatabase', () => {
  it('creates a database of its own and drops it', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url! });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('select current_database() as name');
    await client.end();
    expect(rows[0]!.name).toMatch(/^pn_test_/);
    await db.drop();
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const left = await admin.query('select 1 from pg_database where datname = $1', [rows[0]!.name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});

describe('resolveTestRedisUrl', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('says so when TEST_REDIS_URL names a Redis that does not answer', async () => {
    vi.stubEnv('TEST_REDIS_URL', 'redis://127.0.0.1:1');
    await expect(resolveTestRedisUrl()).rejects.toThrow(/nothing answers at 127\.0\.0\.1:1/);
  });

  it('answers null without TEST_REDIS_URL: the in-process services', async () => {
    vi.stubEnv('TEST_REDIS_URL', undefined);
    expect(await resolveTestRedisUrl()).toBeNull();
  });
});
