import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isPnError } from '../errors.ts';
import { convertEgg } from './convert.ts';

const ROOT = join(import.meta.dirname, '__fixtures__', 'community');
const FIXTURES = ['ptdl_v1', 'ptdl_v2', 'plcn'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .map((f) => readFileSync(join(ROOT, dir, f), 'utf8')),
);
const SAMPLE = JSON.parse(
  readFileSync(
    join(ROOT, 'ptdl_v2', 'game_eggs__steamcmd_servers__7_days_to_die__egg-7-days-to-die.json'),
    'utf8',
  ),
) as Record<string, unknown>;

/** Converting must either succeed or fail with PN_EGG_INVALID carrying a path; nothing else. */
function convertsOrFailsCleanly(input: unknown): void {
  try {
    convertEgg(input);
  } catch (err) {
    if (!isPnError(err) || err.code !== 'PN_EGG_INVALID') throw err;
    expect(err.details?.path).toMatch(/^\$/);
    expect(typeof err.details?.expected).toBe('string');
  }
}

/** Replaces the value at a random path of `doc` (found by walking `steps`) with `value`. */
function mutate(doc: unknown, steps: readonly number[], value: unknown): unknown {
  const copy = structuredClone(doc) as unknown;
  let node = copy;
  for (const [i, step] of steps.entries()) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length] as string;
    const last = i === steps.length - 1;
    const child = (node as Record<string, unknown>)[key];
    if (last || typeof child !== 'object' || child === null) {
      (node as Record<string, unknown>)[key] = value;
      break;
    }
    node = child;
  }
  return copy;
}

describe('convertEgg on arbitrary input', () => {
  it('throws nothing but PN_EGG_INVALID for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), convertsOrFailsCleanly), { numRuns: 400 });
  });

  it('throws nothing but PN_EGG_INVALID for any text, JSON or YAML', () => {
    const texts = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => toYaml(v)),
      fc.constantFrom(
        '{',
        '[',
        'meta:\n  version: PTDL_v2',
        '&a [*a]',
        '!!binary AAAA',
        '---\n...',
        'a: b: c',
      ),
    );
    fc.assert(fc.property(texts, convertsOrFailsCleanly), { numRuns: 400 });
  });

  it('throws nothing but PN_EGG_INVALID for any value of JavaScript', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true }),
        convertsOrFailsCleanly,
      ),
      {
        numRuns: 300,
      },
    );
  });

  it('throws nothing but PN_EGG_INVALID for a real egg with any field replaced', () => {
    const replacement = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.constantFrom(null, '', '{}', '[]', '{"a":', 'regex:/(/', '^', '^Z', 7, true, [], {}),
    );
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), replacement, (steps, value) =>
        convertsOrFailsCleanly(mutate(SAMPLE, steps, value)),
      ),
      { numRuns: 1500 },
    );
  });

  it('throws nothing but PN_EGG_INVALID for real eggs with a variable field replaced', () => {
    const eggs = FIXTURES.filter((t) => t.trimStart().startsWith('{')).map(
      (t) => JSON.parse(t) as Record<string, unknown>,
    );
    fc.assert(
      fc.property(
        fc.nat(eggs.length - 1),
        fc.nat(),
        fc.constantFrom('env_variable', 'rules', 'default_value', 'user_viewable', 'sort', 'name'),
        fc.oneof(fc.jsonValue(), fc.string(), fc.array(fc.string())),
        (e, v, field, value) => {
          const egg = structuredClone(eggs[e]) as { variables?: Record<string, unknown>[] };
          const vars = egg.variables ?? [];
          if (vars.length > 0) (vars[v % vars.length] as Record<string, unknown>)[field] = value;
          convertsOrFailsCleanly(egg);
        },
      ),
      { numRuns: 800 },
    );
  });

  it('reports the JSON path of a bad variable', () => {
    const egg = structuredClone(SAMPLE) as { variables: Record<string, unknown>[] };
    (egg.variables[3] as Record<string, unknown>).env_variable = 'NOT A NAME';
    expect(() => convertEgg(egg)).toThrow(
      expect.objectContaining({
        code: 'PN_EGG_INVALID',
        details: {
          path: '$.variables[3].env_variable',
          expected: expect.stringContaining('environment variable'),
        },
      }),
    );
  });
});
