import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isPnError } from '../errors.ts';
import { templateProblems } from '../templates/validate.ts';
import { fuzzParameters } from '@pteronimbus/testing/fuzz';
import { convertEgg } from './convert.ts';
import { parseEgg } from './parse.ts';

const ROOT = join(import.meta.dirname, '__fixtures__', 'community');
const FIXTURES = ['ptdl_v1', 'ptdl_v2', 'plcn'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .map((f) => readFileSync(join(ROOT, dir, f), 'utf8')),
);
// The eggs we ship, each in its game plugin's package (plugins/<plugin>/eggs/egg-*.json). They
// are read as files: the SDK imports no plugin.
const PLUGINS_ROOT = join(import.meta.dirname, '..', '..', '..', 'plugins');
const SHIPPED = readdirSync(PLUGINS_ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(PLUGINS_ROOT, d.name, 'eggs')))
  .flatMap((d) =>
    readdirSync(join(PLUGINS_ROOT, d.name, 'eggs'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(join(PLUGINS_ROOT, d.name, 'eggs', f), 'utf8')),
  );
/** Every real egg, as a plain object. */
const EGGS: Record<string, unknown>[] = [...FIXTURES, ...SHIPPED].map(
  (text) => parseEgg(text).document,
);
const SAMPLE = JSON.parse(
  readFileSync(
    join(ROOT, 'ptdl_v2', 'game_eggs__steamcmd_servers__7_days_to_die__egg-7-days-to-die.json'),
    'utf8',
  ),
) as Record<string, unknown>;

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Nothing the conversion did may have changed what every object inherits. */
function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/**
 * Converting must either succeed with a template the validator accepts, or fail with
 * PN_EGG_INVALID carrying a path; nothing else, and nothing leaks into `Object.prototype`.
 */
function convertsOrFailsCleanly(input: unknown): void {
  try {
    const { template } = convertEgg(input);
    expect(templateProblems(template)).toEqual([]);
    // A template is stored and sent as JSON: it must survive the trip unchanged.
    expect(JSON.parse(JSON.stringify(template))).toEqual(template);
  } catch (err) {
    if (!isPnError(err) || err.code !== 'PN_EGG_INVALID') throw err;
    expect(err.details?.path).toMatch(/^\$/);
    expect(typeof err.details?.expected).toBe('string');
  } finally {
    expectPrototypeUntouched();
  }
}

/** Replaces the value at a random path of `doc` (found by walking `steps`) with `value`. */
function mutate(doc: unknown, steps: readonly number[], value: unknown): unknown {
  return edit(doc, steps, (node, key) => {
    node[key] = value;
  });
}

/** Runs `change` on the object holding the node that `steps` lead to (a copy of `doc`). */
function edit(
  doc: unknown,
  steps: readonly number[],
  change: (node: Record<string, unknown>, key: string) => void,
): unknown {
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
      change(node as Record<string, unknown>, key);
      break;
    }
    node = child;
  }
  return copy;
}

/**
 * `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels deep; printed by its recipe, since a report of
 * the value itself would overflow the stack.
 */
function nested(depth: number, inObject: boolean): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = inObject ? { a: value } : [value];
  Object.defineProperty(value, fc.toStringMethod, {
    value: () => `nested(${depth}, ${inObject})`,
  });
  return value;
}

/** A JSON document (text) whose `key` is a literal own `__proto__`/`constructor` member. */
function withOwnKey(doc: unknown, steps: readonly number[], key: string, value: unknown): string {
  const marker = `pn-own-key-${'x'.repeat(8)}`;
  const text = JSON.stringify(
    edit(doc, steps, (node) => {
      node[marker] = value;
    }),
  );
  // JSON.parse makes `"__proto__"` an own property, exactly as a hostile upload would.
  return text.replace(JSON.stringify(marker), JSON.stringify(key));
}

/**
 * Any value a field could be replaced with. Nesting deeper than `maxDepth` is left out where the
 * test itself must copy or print the document (structuredClone and the YAML writer recurse).
 */
const replacementUpTo = (maxDepth: number) =>
  fc.oneof(
    fc.jsonValue(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(
      null,
      '',
      '{}',
      '[]',
      '{"a":',
      'regex:/(/',
      'regex:/^(a+)+$/',
      '^',
      '^Z',
      '{{SERVER_MEMORY}}',
      '$(id)',
      '`id`; rm -rf /',
      '../../../etc/passwd',
      '\u0000',
      '\u202e\ud83d\ude00',
      7,
      -1,
      1e308,
      true,
      [],
      {},
      { polluted: true },
    ),
    // Huge values: a long string, a long list, a long map.
    fc.constantFrom(
      'A'.repeat(200_000),
      Array.from({ length: 5_000 }, (_, i) => `v${i}`),
      Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, `v${i}`])),
    ),
    // Deep nesting.
    fc.tuple(fc.integer({ min: 50, max: maxDepth }), fc.boolean()).map(([d, o]) => nested(d, o)),
  );
const replacement = replacementUpTo(5_000);

/** One structural change a careless or hostile exporter could make. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: replacementUpTo(400) }),
  fc.record({ kind: fc.constant('drop' as const) }),
  // PHP's json_encode writes an empty array for an empty map and vice versa.
  fc.record({ kind: fc.constant('empty' as const) }),
  fc.record({ kind: fc.constant('swap' as const) }),
);

type Mutation =
  { kind: 'replace'; value: unknown } | { kind: 'drop' } | { kind: 'empty' } | { kind: 'swap' };

function apply(doc: unknown, steps: readonly number[], m: Mutation): unknown {
  return edit(doc, steps, (node, key) => {
    const old = node[key];
    if (m.kind === 'replace') node[key] = m.value;
    else if (m.kind === 'drop') delete node[key];
    else if (m.kind === 'empty') node[key] = Array.isArray(old) ? {} : [];
    else
      node[key] =
        typeof old === 'string'
          ? Number.isNaN(Number(old))
            ? [old]
            : Number(old)
          : typeof old === 'number' || typeof old === 'boolean'
            ? String(old)
            : Array.isArray(old)
              ? Object.fromEntries(old.map((v, i) => [String(i), v]))
              : old === null
                ? {}
                : typeof old === 'object'
                  ? Object.values(old)
                  : null;
  });
}

const steps = fc.array(fc.nat(), { minLength: 1, maxLength: 6 });
const anyEgg = fc.nat(EGGS.length - 1).map((i) => EGGS[i] as Record<string, unknown>);

const YAML_BOMBS = [
  // The billion laughs: nine levels of ten aliases each.
  [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...Array.from({ length: 8 }, (_, i) => {
      const me = String.fromCharCode(98 + i);
      const prev = String.fromCharCode(97 + i);
      return `${me}: &${me} [${Array(10).fill(`*${prev}`).join(',')}]`;
    }),
    'meta: {version: PTDL_v2}',
    'name: bomb',
    'startup: run',
    'docker_images: {x: "img"}',
  ].join('\n'),
  // A big map, aliased a thousand times.
  [
    `big: &big {${Array.from({ length: 2_000 }, (_, i) => `k${i}: v${i}`).join(', ')}}`,
    `many: [${Array(1_000).fill('*big').join(',')}]`,
    'meta: {version: PTDL_v2}',
  ].join('\n'),
  // An alias inside its own anchor.
  'a: &a [*a]\nmeta: {version: PTDL_v2}',
  '&a [*a, *a]',
  // Merge keys over aliases.
  'base: &b {name: x}\negg:\n  <<: [*b, *b, *b]\nmeta: {version: PTDL_v2}',
  // Tags that could build objects.
  '!!js/function "function () { return 1 }"',
  'a: !!binary AAAA\nmeta: {version: PTDL_v2}',
  'meta: !!set {version: PTDL_v2}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `${'a:\n '.repeat(2_000)}b`,
];

describe('convertEgg on arbitrary input', () => {
  it('throws nothing but PN_EGG_INVALID for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), convertsOrFailsCleanly),
      fuzzParameters({ numRuns: 400, timeLimitMs: 3_000 }),
    );
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
    fc.assert(
      fc.property(texts, convertsOrFailsCleanly),
      fuzzParameters({ numRuns: 400, timeLimitMs: 3_000 }),
    );
  });

  it('throws nothing but PN_EGG_INVALID for any value of JavaScript', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true }),
        convertsOrFailsCleanly,
      ),
      fuzzParameters({ numRuns: 300, timeLimitMs: 3_000 }),
    );
  });

  it('throws nothing but PN_EGG_INVALID for a real egg with any field replaced', () => {
    fc.assert(
      fc.property(steps, replacement, (s, value) =>
        convertsOrFailsCleanly(mutate(SAMPLE, s, value)),
      ),
      fuzzParameters({ numRuns: 1_000, timeLimitMs: 5_000 }),
    );
  });

  it('throws nothing but PN_EGG_INVALID for real eggs with a variable field replaced', () => {
    fc.assert(
      fc.property(
        anyEgg,
        fc.nat(),
        fc.constantFrom('env_variable', 'rules', 'default_value', 'user_viewable', 'sort', 'name'),
        fc.oneof(fc.jsonValue(), fc.string(), fc.array(fc.string())),
        (doc, v, field, value) => {
          const egg = structuredClone(doc) as { variables?: Record<string, unknown>[] };
          const vars = Array.isArray(egg.variables) ? egg.variables : [];
          if (vars.length > 0) (vars[v % vars.length] as Record<string, unknown>)[field] = value;
          convertsOrFailsCleanly(egg);
        },
      ),
      fuzzParameters({ numRuns: 500, timeLimitMs: 4_000 }),
    );
  });

  it('converts every real egg, shipped or community, to a valid template', () => {
    expect(EGGS.length).toBeGreaterThan(100);
    for (const egg of EGGS) {
      const { template } = convertEgg(egg);
      expect(templateProblems(template)).toEqual([]);
    }
  });

  it('throws nothing but PN_EGG_INVALID for real eggs mutated as an exporter might', () => {
    fc.assert(
      fc.property(
        anyEgg,
        fc.array(fc.tuple(steps, mutation), { minLength: 1, maxLength: 4 }),
        (doc, changes) => {
          let egg: unknown = doc;
          for (const [s, m] of changes) egg = apply(egg, s, m as Mutation);
          convertsOrFailsCleanly(egg);
        },
      ),
      fuzzParameters({ numRuns: 1_000, timeLimitMs: 6_000 }),
    );
  });

  it('reads mutated real eggs as YAML text, aliases and all, like their JSON', () => {
    fc.assert(
      fc.property(anyEgg, steps, mutation, fc.nat(), (doc, s, m, share) => {
        const egg = apply(doc, s, m as Mutation) as Record<string, unknown>;
        // Reusing one object twice makes the YAML writer emit an anchor and an alias.
        const keys = Object.keys(egg);
        const shared = keys.length > 0 ? egg[keys[share % keys.length] as string] : undefined;
        const text = toYaml(
          { ...egg, 'x-shared': shared, 'x-again': shared },
          {
            aliasDuplicateObjects: true,
          },
        );
        convertsOrFailsCleanly(text);
      }),
      fuzzParameters({ numRuns: 300, timeLimitMs: 4_000 }),
    );
  });

  it('keeps __proto__ and constructor keys of a document as plain data', () => {
    fc.assert(
      fc.property(
        anyEgg,
        steps,
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
        fc.oneof(
          fc.constant({ polluted: true }),
          fc.constant({ prototype: { polluted: true } }),
          fc.constant([{ polluted: true }]),
          fc.jsonValue(),
        ),
        fc.boolean(),
        (doc, s, key, value, asYaml) => {
          const json = withOwnKey(doc, s, key, value);
          convertsOrFailsCleanly(asYaml ? toYaml(JSON.parse(json)) : json);
        },
      ),
      fuzzParameters({ numRuns: 500, timeLimitMs: 4_000 }),
    );
  });

  // The defence is a bound on alias expansion, not a clock: the test's own timeout catches a hang,
  // and no wall-clock bound here can flake on a busy machine.
  it('refuses YAML bombs with PN_EGG_INVALID, expanding no alias past the limit', () => {
    for (const bomb of YAML_BOMBS) convertsOrFailsCleanly(bomb);
    const billion = YAML_BOMBS[0] as string;
    expect(() => convertEgg(billion)).toThrow(expect.objectContaining({ code: 'PN_EGG_INVALID' }));
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
