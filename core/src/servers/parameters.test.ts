import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_STRING_MAX_LENGTH,
  MAX_STRING_LENGTH,
  type ParameterProperty,
  type TemplateParameters,
} from '@pteronimbus/sdk';
import {
  assertUnlocked,
  carryOver,
  hiddenParameters,
  lockedParameters,
  parameterIssues,
  validationSchema,
} from './parameters.ts';

const EVIL = '^(a+)+$';

function property(name: string, schema: Record<string, unknown>): ParameterProperty {
  return {
    title: name,
    description: '',
    envVariable: name,
    userViewable: true,
    userEditable: true,
    rules: [],
    ...schema,
  };
}

function parameters(properties: Record<string, Record<string, unknown>>): TemplateParameters {
  return {
    type: 'object',
    required: [],
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, schema]) => [name, property(name, schema)]),
    ),
  };
}

/**
 * Records the patterns and inputs every regex match runs with. Matching goes through `test` or
 * `exec`, so this shows what ran without timing anything.
 */
function watchRegexes() {
  const test = vi.spyOn(RegExp.prototype, 'test');
  const exec = vi.spyOn(RegExp.prototype, 'exec');
  return {
    ran: () => [...test.mock.contexts, ...exec.mock.contexts].map((r) => (r as RegExp).source),
    inputs: (source: string) =>
      [
        ...test.mock.calls.filter((_, i) => (test.mock.contexts[i] as RegExp).source === source),
        ...exec.mock.calls.filter((_, i) => (exec.mock.contexts[i] as RegExp).source === source),
      ].map(([input]) => String(input)),
  };
}

describe('parameter validation', () => {
  afterEach(() => vi.restoreAllMocks());

  it('never runs a pattern that may backtrack without bound, wherever the template holds it', () => {
    const template = parameters({
      JAR: { type: 'string', pattern: EVIL },
      NAME: { type: 'string', allOf: [{ not: { pattern: EVIL } }, { pattern: '^[a-z!]+$' }] },
    });
    const watch = watchRegexes();
    const issues = parameterIssues(template, { JAR: `${'a'.repeat(12)}!`, NAME: 'bob!' });
    expect(issues).toEqual([]);
    expect(watch.ran()).toContain('^[a-z!]+$');
    expect(watch.ran()).not.toContain(EVIL);
  });

  it('holds every string to its length limit before any pattern sees it', () => {
    const template = parameters({
      SHORT: { type: 'string', maxLength: 5, pattern: '^[a-z]+$' },
      PLAIN: { type: 'string', pattern: '^[a-z]+$' },
      HUGE: { type: 'string', maxLength: 10 ** 9, pattern: '^[a-z]+$' },
    });
    const watch = watchRegexes();
    const issues = parameterIssues(template, {
      SHORT: 'abcdef',
      PLAIN: 'a'.repeat(DEFAULT_STRING_MAX_LENGTH + 1),
      HUGE: 'a'.repeat(MAX_STRING_LENGTH + 1),
    });
    expect(issues).toEqual([
      expect.objectContaining({
        path: '/parameters/SHORT',
        code: 'maxLength',
        params: { limit: 5 },
      }),
      expect.objectContaining({
        path: '/parameters/PLAIN',
        code: 'maxLength',
        params: { limit: DEFAULT_STRING_MAX_LENGTH },
      }),
      expect.objectContaining({
        path: '/parameters/HUGE',
        code: 'maxLength',
        params: { limit: MAX_STRING_LENGTH },
      }),
    ]);
    expect(watch.inputs('^[a-z]+$')).toEqual([]);
    // Within the limit, the pattern does run.
    expect(parameterIssues(template, { SHORT: 'ab1' })).toEqual([
      expect.objectContaining({ path: '/parameters/SHORT', code: 'pattern' }),
    ]);
  });

  it('checks carried-over values with the same limits', () => {
    const template = parameters({ JAR: { type: 'string', pattern: EVIL } });
    const watch = watchRegexes();
    const { kept, dropped } = carryOver(template, {
      JAR: `${'a'.repeat(12)}!`,
    });
    expect(kept).toEqual({ JAR: `${'a'.repeat(12)}!` });
    expect(dropped).toEqual([]);
    expect(watch.ran()).not.toContain(EVIL);
    const long = carryOver(template, { JAR: 'a'.repeat(DEFAULT_STRING_MAX_LENGTH + 1) });
    expect(long.dropped).toEqual([expect.objectContaining({ name: 'JAR', reason: 'invalid' })]);
  });

  it('gives every string parameter a maxLength in the schema it validates with', () => {
    const schema = validationSchema(
      parameters({ A: { type: 'string' }, B: { type: 'string', maxLength: 7 } }),
    );
    expect(schema.properties.A?.maxLength).toBe(DEFAULT_STRING_MAX_LENGTH);
    expect(schema.properties.B?.maxLength).toBe(7);
  });
});

describe('parameters kept from members', () => {
  const template = parameters({
    OPEN: { type: 'string' },
    SHOWN: { type: 'string', userEditable: false },
    FIXED: { type: 'string', userEditable: false, default: 'eula' },
    SECRET: { type: 'string', userViewable: false, userEditable: false },
    ODD: { type: 'string', userViewable: false, userEditable: true },
  });

  it('hides what is not viewable and locks what is not editable or not viewable', () => {
    expect([...hiddenParameters(template)].sort()).toEqual(['ODD', 'SECRET']);
    expect([...lockedParameters(template)].sort()).toEqual(['FIXED', 'ODD', 'SECRET', 'SHOWN']);
  });

  it('refuses a change to a locked parameter, and passes one that changes nothing', () => {
    expect(() => assertUnlocked(template, {}, { OPEN: 'x' })).not.toThrow();
    expect(() => assertUnlocked(template, { SHOWN: 'a' }, { SHOWN: 'a', OPEN: 'y' })).not.toThrow();
    // The default sent back (a form's constant) is no change either.
    expect(() => assertUnlocked(template, {}, { FIXED: 'eula' })).not.toThrow();
    for (const [before, after] of [
      [{}, { SHOWN: 'a' }],
      [{ SHOWN: 'a' }, {}],
      [{ SECRET: 's' }, { SECRET: 't' }],
      [{}, { FIXED: 'other' }],
      [{ FIXED: 'other' }, {}],
    ] as const)
      expect(() => assertUnlocked(template, before, after)).toThrowError(
        expect.objectContaining({ code: 'PN_SERVER_PARAMETER_LOCKED' }),
      );
  });
});
