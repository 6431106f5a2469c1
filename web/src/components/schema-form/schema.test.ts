import { describe, expect, it } from 'vitest';
import {
  coerceInput,
  describeField,
  describeFields,
  initialValues,
  problemFromCore,
  validateField,
  type PropertySchema,
} from './schema.ts';

const field = (schema: PropertySchema, required = false) => describeField('X', schema, required);

describe('describeField', () => {
  it('reads each kind of property', () => {
    expect(field({ type: 'string' }).kind).toBe('string');
    expect(field({ type: ['integer', 'null'] })).toMatchObject({ kind: 'integer', nullable: true });
    expect(field({ type: 'number' }).kind).toBe('number');
    expect(field({ type: 'boolean' }).kind).toBe('boolean');
    expect(field({ type: 'string', enum: ['a', 'b'] })).toMatchObject({
      kind: 'enum',
      options: ['a', 'b'],
    });
    expect(field({ const: 'fixed' })).toMatchObject({ kind: 'const', options: ['fixed'] });
  });

  it('uses the title as label, the description as help and collects every pattern', () => {
    const described = field({
      type: 'string',
      title: 'Server name',
      description: ' Shown in the list. ',
      pattern: '^a',
      allOf: [{ pattern: 'z$' }, { not: { pattern: 'bad' } }],
    });
    expect(described).toMatchObject({
      label: 'Server name',
      help: 'Shown in the list.',
      patterns: ['^a', 'z$'],
      forbiddenPatterns: ['bad'],
    });
  });

  it('hides what server creators may not see and locks what they may not edit', () => {
    const fields = describeFields({
      type: 'object',
      properties: {
        A: { type: 'string', userViewable: true, userEditable: true },
        B: { type: 'string', userViewable: false, userEditable: false },
        C: { type: 'string', userViewable: true, userEditable: false },
      },
      required: ['A'],
    });
    expect(fields.map((f) => [f.name, f.required, f.readonly])).toEqual([
      ['A', true, false],
      ['C', false, true],
    ]);
  });

  it('starts from defaults', () => {
    const fields = describeFields({
      properties: {
        A: { type: 'string', default: 'x' },
        B: { type: 'boolean' },
        C: { type: ['integer', 'null'] },
      },
    });
    expect(initialValues(fields)).toEqual({ A: 'x', B: false, C: null });
  });
});

describe('validateField', () => {
  it('requires a value when required', () => {
    expect(validateField(field({ type: 'string' }, true), '')?.key).toBe('required');
    expect(validateField(field({ type: 'string' }, true), 'x')).toBeNull();
    expect(validateField(field({ type: ['string', 'null'] }), null)).toBeNull();
  });

  it('checks lengths and patterns of strings', () => {
    const name = field({ type: 'string', minLength: 3, maxLength: 5, pattern: '^[a-z]+$' });
    expect(validateField(name, 'ab')).toMatchObject({
      key: 'minLength',
      params: { n: 3 },
      count: 3,
    });
    expect(validateField(name, 'abcdef')).toMatchObject({ key: 'maxLength', count: 5 });
    expect(validateField(name, 'ABC')).toMatchObject({
      key: 'pattern',
      params: { pattern: '^[a-z]+$' },
    });
    expect(validateField(name, 'abc')).toBeNull();
    expect(
      validateField(field({ type: 'string', allOf: [{ not: { pattern: 'x' } }] }), 'axe')?.key,
    ).toBe('forbiddenPattern');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validateField(field({ type: 'string', maxLength: 2 }), '🎮🎮')).toBeNull();
  });

  it('skips a pattern that does not compile instead of blocking the form', () => {
    expect(validateField(field({ type: 'string', pattern: '(' }), 'x')).toBeNull();
  });

  it('checks numbers and their bounds', () => {
    const port = field({ type: 'integer', minimum: 1, maximum: 65535 });
    expect(validateField(port, 'abc')?.key).toBe('number');
    expect(validateField(port, 1.5)?.key).toBe('integer');
    expect(validateField(port, 0)).toMatchObject({ key: 'minimum', params: { limit: 1 } });
    expect(validateField(port, 70000)).toMatchObject({ key: 'maximum', params: { limit: 65535 } });
    expect(validateField(port, 25565)).toBeNull();
    const ratio = field({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 });
    expect(validateField(ratio, 0)?.key).toBe('exclusiveMinimum');
    expect(validateField(ratio, 1)?.key).toBe('exclusiveMaximum');
    expect(validateField(ratio, 0.5)).toBeNull();
  });

  it('checks enums, consts and booleans', () => {
    expect(validateField(field({ enum: ['a', 'b'] }), 'c')).toMatchObject({
      key: 'enum',
      params: { values: 'a, b' },
    });
    expect(validateField(field({ const: 1 }), 2)).toMatchObject({
      key: 'const',
      params: { value: '1' },
    });
    expect(validateField(field({ type: 'boolean' }), 'yes')?.key).toBe('boolean');
    expect(validateField(field({ type: 'boolean' }), true)).toBeNull();
  });

  it('asks for a switch that must be on (an accepted licence) to be turned on', () => {
    const eula = field({ type: 'boolean', const: true }, true);
    expect(eula).toMatchObject({ kind: 'boolean', options: [true] });
    expect(initialValues([eula])).toEqual({ X: false });
    expect(validateField(eula, false)?.key).toBe('accept');
    expect(validateField(eula, true)).toBeNull();
  });
});

describe('coerceInput', () => {
  it('turns number inputs into numbers and empty input into no value', () => {
    const port = field({ type: 'integer' });
    expect(coerceInput(port, '25565')).toBe(25565);
    expect(coerceInput(port, '')).toBeNull();
    expect(coerceInput(port, 'x')).toBe('x');
    expect(coerceInput(field({ type: 'string' }), 'a')).toBe('a');
  });
});

describe("core's parameter refusals", () => {
  it('become problems the panel words itself, and unknown codes stay with core', () => {
    expect(problemFromCore('maximum', { limit: 50 })).toEqual({
      key: 'maximum',
      params: { limit: 50 },
    });
    expect(problemFromCore('exclusiveMinimum', { limit: 0 })).toEqual({
      key: 'exclusiveMinimum',
      params: { limit: 0 },
    });
    expect(problemFromCore('maxLength', { limit: 1 })).toEqual({
      key: 'maxLength',
      params: { n: 1 },
      count: 1,
    });
    expect(problemFromCore('pattern', { pattern: '^a$' })).toEqual({
      key: 'pattern',
      params: { pattern: '^a$' },
    });
    expect(problemFromCore('enum', { values: ['paper', 2, null] })).toEqual({
      key: 'enum',
      params: { values: 'paper, 2' },
    });
    expect(problemFromCore('const', { value: true })).toEqual({
      key: 'const',
      params: { value: 'true' },
    });
    expect(problemFromCore('type', { type: 'integer' })).toEqual({ key: 'integer', params: {} });
    expect(problemFromCore('required', undefined)).toEqual({ key: 'required', params: {} });
    // Not enough to word it, or not a code the panel knows.
    expect(problemFromCore('type', { type: 'string' })).toBeNull();
    expect(problemFromCore('maximum', {})).toBeNull();
    expect(problemFromCore('enum', { values: 'x' })).toBeNull();
    expect(problemFromCore('multipleOf', { limit: 2 })).toBeNull();
  });
});
