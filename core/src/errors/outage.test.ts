import { describe, expect, it } from 'vitest';
import { outageError } from './outage.ts';

const withCode = (message: string, code?: string, name?: string) =>
  Object.assign(new Error(message), code ? { code } : {}, name ? { name } : {});

describe('outageError', () => {
  it('maps a lost or refused PostgreSQL connection onto PN_DATABASE_UNAVAILABLE without its text', () => {
    for (const err of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('Connection terminated unexpectedly'),
      withCode('timeout exceeded when trying to connect'),
      // MikroORM wraps the driver's error.
      Object.assign(new Error('wrapped'), { cause: withCode('x', '08006') }),
    ]) {
      const pn = outageError(err);
      expect(pn).toMatchObject({ code: 'PN_DATABASE_UNAVAILABLE', statusCode: 503 });
      expect(pn!.message).not.toMatch(/127\.0\.0\.1|administrator|ECONNREFUSED/);
    }
  });

  it('maps an ioredis command that gave up onto PN_REDIS_UNAVAILABLE', () => {
    for (const err of [
      withCode(
        'Reached the max retries per request limit (which is 2).',
        undefined,
        'MaxRetriesPerRequestError',
      ),
      withCode('Connection is closed.'),
      withCode('Command timed out'),
    ])
      expect(outageError(err)).toMatchObject({ code: 'PN_REDIS_UNAVAILABLE', statusCode: 503 });
  });

  it('does not blame the database for another socket failure (a fetch to elsewhere)', () => {
    const fetchFailed = Object.assign(new TypeError('fetch failed'), {
      cause: withCode('connect ECONNREFUSED 10.0.0.9:443', 'ECONNREFUSED'),
    });
    expect(outageError(fetchFailed)).toBeNull();
    const orm = Object.assign(new Error('x'), {
      name: 'ConnectionException',
      cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED'),
    });
    expect(outageError(orm)).toMatchObject({ code: 'PN_DATABASE_UNAVAILABLE' });
  });

  it('leaves query errors alone: a constraint violation is not an outage', () => {
    expect(outageError(withCode('duplicate key value', '23505'))).toBeNull();
    expect(outageError(new Error('boom'))).toBeNull();
  });
});
