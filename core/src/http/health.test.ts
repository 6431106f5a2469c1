import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { healthRoutes } from './health.ts';

describe('/readyz', () => {
  it('says which dependency failed without its error text, which goes to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString('utf8'));
        cb();
      },
    });
    const app = Fastify({ logger: { level: 'warn', stream } });
    healthRoutes(app, [
      {
        name: 'database',
        check: async () => {
          throw Object.assign(
            new Error(
              'connect to postgres://pn:hunter2@db.internal.svc:5432/pn failed\n    at Socket.connect (/srv/app/node_modules/pg/lib/client.js:1:1)',
            ),
            { code: 'ECONNREFUSED' },
          );
        },
      },
      { name: 'redis', check: async () => {} },
    ]);
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'unavailable',
      checks: [
        { name: 'database', ok: false },
        { name: 'redis', ok: true },
      ],
    });
    expect(res.body).not.toMatch(/postgres|hunter2|internal|5432|client\.js/);
    const logged = lines.join('');
    expect(logged).toContain('readiness check failed');
    expect(logged).toContain('ECONNREFUSED');
    expect(logged).toContain('db.internal.svc');
    expect(logged).not.toContain('hunter2');
    expect(logged).not.toContain('client.js');
    await app.close();
  });
});
