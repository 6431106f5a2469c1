// Fault: PostgreSQL restarted under load. Core runs on a PostgreSQL cluster of this test's own
// (initdb + pg_ctl in a temporary folder, never the machine's shared server), which is stopped
// with `pg_ctl -m immediate` (every backend aborted, no checkpoint, as a crash) and started again.
// What must hold: during the outage every request answers at once with a coded 503
// (PN_DATABASE_UNAVAILABLE), never hangs and never a 500 or a driver message; readiness says
// 503; afterwards requests succeed on the same process; and every request that was answered 201
// left its row, every request that failed left none.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { buildApp, defineConfig } from '@pteronimbus/core';
import { asUser, testIdentityPlugin } from '@pteronimbus/testing';
import { startPostgres, type PostgresProcess } from '../src/index.ts';

const ROOT = asUser('root', { superAdmin: true });

describe('fault: PostgreSQL restarted under load', () => {
  let postgres: PostgresProcess;
  let app: FastifyInstance;
  let dataDir: string;
  let seq = 0;
  const outcomes = new Map<string, number>();

  const createToken = async (): Promise<LightMyRequestResponse> => {
    const name = `load-${seq++}`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/cluster-join-tokens',
      headers: ROOT,
      payload: { name },
    });
    outcomes.set(name, res.statusCode);
    return res;
  };
  /** Requests in a loop until `stop` resolves, a few at a time. */
  const load = async (stop: Promise<unknown>) => {
    let done = false;
    void stop.then(() => (done = true));
    const answers: LightMyRequestResponse[] = [];
    const worker = async () => {
      while (!done) answers.push(await createToken());
    };
    await Promise.all([worker(), worker(), worker()]);
    return answers;
  };

  beforeAll(async () => {
    postgres = await startPostgres();
    dataDir = await mkdtemp(join(tmpdir(), 'pn-fault-pg-core-'));
    app = await buildApp(
      defineConfig({
        databaseUrl: postgres.url,
        redisUrl: null,
        dataDir,
        webRoot: false,
        logLevel: 'silent',
        plugins: [],
      }),
      {
        plugins: [testIdentityPlugin()],
        rateLimitPerMinute: 1_000_000,
        logStream: new Writable({ write: (_c, _e, cb) => cb() }),
      },
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await postgres?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 201 under load before the outage', async () => {
    const answers = await load(new Promise((r) => setTimeout(r, 500)));
    expect(answers.length).toBeGreaterThan(3);
    expect(answers.every((a) => a.statusCode === 201)).toBe(true);
  });

  it('answers a coded 503 at once while the database is down, and readiness says so', async () => {
    const during = load(new Promise((r) => setTimeout(r, 1_500)));
    await new Promise((r) => setTimeout(r, 100));
    await postgres.stop('immediate');
    const answers = await during;
    const failed = answers.filter((a) => a.statusCode !== 201);
    expect(failed.length).toBeGreaterThan(0);
    for (const a of failed) {
      expect(a.statusCode).toBe(503);
      expect(a.json()).toEqual({
        error: { code: 'PN_DATABASE_UNAVAILABLE', message: expect.any(String) },
      });
      // No driver internals: no host, port, SQL or stack in what the caller reads.
      expect(a.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|insert|select|at .*\.ts/i);
    }
    // Not a hang: a request while the server is down is answered within the pool's timeout.
    const started = Date.now();
    const one = await createToken();
    expect(one.statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toContainEqual(
      expect.objectContaining({ name: 'database', ok: false }),
    );
  });

  it('succeeds again once the database is back, with no lost or half-written rows', async () => {
    await postgres.start();
    await expect
      .poll(async () => (await createToken()).statusCode, { timeout: 30_000, interval: 200 })
      .toBe(201);
    const answers = await load(new Promise((r) => setTimeout(r, 500)));
    expect(answers.every((a) => a.statusCode === 201)).toBe(true);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);

    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        'select "name" from "pn_cluster_join_tokens"',
      );
      const stored = new Set(rows.map((r) => r.name));
      for (const [name, status] of outcomes) {
        // Acknowledged means stored; refused means nothing was written.
        if (status === 201) expect(stored.has(name), `${name} was answered 201`).toBe(true);
        else expect(stored.has(name), `${name} was answered ${status}`).toBe(false);
      }
      // Each stored token has its one audit entry: the change and its audit commit together.
      const { rows: audited } = await client.query<{ target_id: string }>(
        `select "target_id" from "pn_audit_log" where "action" = 'cluster.join-token.create'`,
      );
      expect(audited.map((r) => r.target_id).sort()).toEqual([...stored].sort());
    } finally {
      await client.end();
    }
  });
});
