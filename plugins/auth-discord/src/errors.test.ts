import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as errors from './errors.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it('are documented in the README, all and only', () => {
    const codes = Object.values(errors)
      .map((f) => f.code)
      .sort();
    const documented = [...readme.matchAll(/^\| `(PN_AUTH_[A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(codes);
  });
});
