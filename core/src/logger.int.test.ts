import { hostname } from 'node:os';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '@pteronimbus/testing';
import { createError, definePlugin, redactUrl } from '@pteronimbus/sdk';
import { createLogger } from './logger.ts';

describe('logging', () => {
  // The operator's lines have this shape too (operator/src/logger.test.ts): keep them alike.
  it('writes pino lines: numeric level, epoch-ms time, pid, hostname, fields, msg, a serialized err', () => {
    const stream = new PassThrough();
    const logger = createLogger({ level: 'info', stream });
    const Refused = createError<[string]>('PN_TEST_REFUSED', 'Refused %s', 403);
    logger.warn({ err: Refused('the link'), credential: 'cred-SECRET' }, 'apply failed');
    const line = JSON.parse(String(stream.read())) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'err',
      'credential',
      'msg',
    ]);
    expect(line).toMatchObject({
      level: 40,
      pid: process.pid,
      hostname: hostname(),
      credential: '***',
      msg: 'apply failed',
      err: { type: 'PnError', message: 'Refused the link', code: 'PN_TEST_REFUSED' },
    });
    expect(typeof line.time).toBe('number');
  });

  it('masks credentials in logged URLs', () => {
    expect(redactUrl('/auth/callback?code=abc123&state=xyz&x=1')).toBe(
      '/auth/callback?code=***&state=***&x=1',
    );
    expect(redactUrl('postgres://user:pw@db/x')).toBe('postgres://***@db/x');
  });

  it('never writes tokens, cookies or secrets that pass through a request', async () => {
    const secrets = [
      'Bearer-tok-SECRET-1',
      'cookie-SECRET-2',
      'code-SECRET-3',
      'refresh-SECRET-4',
      'client-SECRET-5',
    ];
    const leaky = definePlugin({
      name: 'leaky',
      version: '0.0.1',
      register(app) {
        app.post('/leaky', { config: { public: true } }, async (request) => {
          // A careless plugin logging whole objects must still not leak.
          request.log.info({ body: request.body, headers: request.headers }, 'got it');
          request.log.info({ refreshToken: secrets[3], clientSecret: secrets[4] }, 'tokens');
          return { ok: true };
        });
      },
    });
    const core = await startTestCore({ plugins: [leaky], captureLogs: true });
    try {
      const res = await core.inject({
        method: 'POST',
        url: `/api/v1/leaky?code=${secrets[2]}`,
        headers: { authorization: `Bearer ${secrets[0]}`, cookie: `pn_session=${secrets[1]}` },
        payload: { token: 'body-token', password: 'pw' },
      });
      expect(res.statusCode).toBe(200);
      const logs = core.logs().join('\n');
      expect(logs).toContain('got it');
      expect(logs).toContain(res.headers['x-request-id'] as string);
      for (const s of [...secrets, 'body-token']) expect(logs).not.toContain(s);
    } finally {
      await core.close();
    }
  });
});
