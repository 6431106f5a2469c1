import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EggInvalidError, isPnError, PnError, TemplateInvalidError } from '@pteronimbus/sdk';
import * as codes from './codes.ts';
import { toPnError } from './handler.ts';

const fullDoc = readFileSync(new URL('../../../docs/reference/errors.md', import.meta.url), 'utf8');
// Core's and the SDK's sections must match the code exactly; plugin and tool sections follow them.
const doc = fullDoc.slice(fullDoc.indexOf('## Core codes'), fullDoc.indexOf('## Development tool codes'));

describe('error codes', () => {
  const all = [...Object.values(codes), EggInvalidError, TemplateInvalidError].map((f) => f.code);

  it('are unique', () => {
    expect(new Set(all).size).toBe(all.length);
  });

  it.each(all.map((code) => [code]))('%s is documented in docs/reference/errors.md', (code) => {
    expect(doc).toContain(`| \`${code}\` |`);
  });

  it('documents no code that does not exist', () => {
    const documented = [...doc.matchAll(/^\| `(PN_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...all].sort());
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
