import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_ERRORS } from './errors.ts';

const doc = readFileSync(new URL('../../../docs/reference/errors.md', import.meta.url), 'utf8');
const start = doc.indexOf('## Templates plugin codes');
const end = doc.indexOf('\n## ', start + 1);
const section = doc.slice(start, end === -1 ? undefined : end);

describe('templates plugin error codes', () => {
  it('are documented, each with its status, and nothing else is', () => {
    expect(start).toBeGreaterThan(-1);
    const documented = [...section.matchAll(/^\| `(PN_[A-Z_]+)` \| (\d+) \|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(documented.sort()).toEqual(
      TEMPLATE_ERRORS.map((e) => `${e.code} ${e.statusCode}`).sort(),
    );
  });
});
