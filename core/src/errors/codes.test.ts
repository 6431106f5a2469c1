import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CanonicalJsonError,
  EggInvalidError,
  isPnError,
  LinkMessageInvalidError,
  PlayerQueryMalformed,
  PlayerQueryTimeout,
  PlayerQueryUnreachable,
  PlayerQueryUnsupported,
  PnError,
  ShippedEggsMissing,
  SigningKeyInvalidError,
  TemplateInvalidError,
} from '@pteronimbus/sdk';
import * as codes from './codes.ts';
import { toPnError } from './handler.ts';

const doc = readFileSync(new URL('../../../docs/reference/errors.md', import.meta.url), 'utf8');

/** The codes listed in one `## <title>` section of the reference. */
function documented(title: string): string[] {
  const start = doc.indexOf(`## ${title}`);
  if (start < 0) return [];
  const next = doc.indexOf('\n## ', start + 3);
  const section = doc.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/^\| `(PN_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
}

const sdkCodes = [
  EggInvalidError,
  TemplateInvalidError,
  PlayerQueryTimeout,
  PlayerQueryUnreachable,
  PlayerQueryMalformed,
  PlayerQueryUnsupported,
  ShippedEggsMissing,
  CanonicalJsonError,
  LinkMessageInvalidError,
  SigningKeyInvalidError,
].map((f) => f.code);
const coreCodes = Object.values(codes).map((f) => f.code);

describe('error codes', () => {
  it('are unique', () => {
    const all = [...coreCodes, ...sdkCodes];
    expect(new Set(all).size).toBe(all.length);
  });

  it('of core are exactly those in the "Core codes" section of docs/reference/errors.md', () => {
    expect(documented('Core codes').sort()).toEqual([...coreCodes].sort());
  });

  it('of the SDK are exactly those in the "SDK codes" section', () => {
    expect(documented('SDK codes').sort()).toEqual([...sdkCodes].sort());
  });
});

describe('toPnError', () => {
  it('keeps coded errors and recognises them across module copies', () => {
    const e = codes.Forbidden('server.read');
    expect(toPnError(e)).toBe(e);
    expect(isPnError({ name: 'PnError', code: 'PN_X' })).toBe(true);
    expect(isPnError(new Error('x'))).toBe(false);
  });

  it('maps framework errors onto coded ones', () => {
    expect(
      toPnError(
        Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }),
      ).code,
    ).toBe('PN_BODY_TOO_LARGE');
    expect(toPnError(Object.assign(new Error('x'), { statusCode: 429 })).code).toBe(
      'PN_RATE_LIMITED',
    );
    expect(toPnError(Object.assign(new Error('x'), { statusCode: 405 })).code).toBe(
      'PN_METHOD_NOT_ALLOWED',
    );
    expect(toPnError(Object.assign(new Error('nope'), { statusCode: 400 })).code).toBe(
      'PN_BAD_REQUEST',
    );
    expect(
      toPnError(
        Object.assign(new Error('x'), { code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 }),
      ).code,
    ).toBe('PN_MALFORMED_BODY');
    expect(toPnError(Object.assign(new Error('x'), { code: 'FST_ERR_NOT_FOUND' })).code).toBe(
      'PN_NOT_FOUND',
    );
    expect(toPnError(new TypeError('boom')).code).toBe('PN_INTERNAL');
  });

  it("maps the router's own refusals (a parameter too long, a malformed URL) onto coded ones", () => {
    const long = toPnError(
      Object.assign(new Error(`'/a/${'9'.repeat(300)}' is exceeding the max param length`), {
        code: 'FST_ERR_MAX_PARAM_LENGTH',
        statusCode: 414,
      }),
    );
    expect(long.code).toBe('PN_VALIDATION_FAILED');
    expect(long.statusCode).toBe(400);
    // The message does not echo the URL back.
    expect(long.message).not.toContain('999');
    const bad = toPnError(
      Object.assign(new Error("'/%zz' is not a valid url component"), {
        code: 'FST_ERR_BAD_URL',
        statusCode: 400,
      }),
    );
    expect([bad.code, bad.message]).toEqual(['PN_BAD_REQUEST', 'The URL is malformed']);
  });

  it('lists every validation issue with where it was', () => {
    const e = toPnError(
      Object.assign(new Error('x'), {
        validationContext: 'querystring',
        validation: [{ instancePath: '/limit', message: 'must be <= 100' }],
      }),
    );
    expect(e).toBeInstanceOf(PnError);
    expect(e.message).toBe('querystring/limit must be <= 100');
    expect(e.details).toEqual({
      issues: [{ in: 'querystring', path: '/limit', message: 'must be <= 100' }],
    });
  });
});
