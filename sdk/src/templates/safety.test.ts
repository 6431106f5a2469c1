import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STRING_MAX_LENGTH,
  MAX_STRING_LENGTH,
  checkPattern,
  parameterSafetyProblems,
  stringLengthLimit,
} from './safety.ts';
import type { TemplateParameters } from './schema.ts';

function parameters(properties: Record<string, Record<string, unknown>>): TemplateParameters {
  return {
    type: 'object',
    required: [],
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, schema]) => [
        name,
        {
          title: name,
          description: '',
          envVariable: name,
          userViewable: true,
          userEditable: true,
          rules: [],
          ...schema,
        },
      ]),
    ),
  };
}

describe('checkPattern', () => {
  it.each([
    '^(a+)+$',
    '(a|a)*$',
    '^(\\w+\\s?)*$',
    '^(.*)*$',
    '(?i:^(a+)+$)',
    '(?i:^[\\p{L}]+$)',
    '^(a+)+(?=b)',
    '^(?=(a|a)*b)',
    '^(?:x+x+)+y$',
    `^${'a?'.repeat(600)}$`,
    '(',
  ])('refuses %j', (pattern) => {
    expect(checkPattern(pattern)).toMatchObject({ safe: false, reason: expect.any(String) });
  });

  it.each([
    '^[0-9\\.\\-]+$',
    '^([\\w\\d._-]+)(\\.jar)$',
    '^(\\w{1,20})$',
    '^[A-Za-z0-9_.-]+\\.jar$',
    '^[\\p{L}\\p{M}\\p{N}_-]+$',
    '^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$',
    '^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\\1){4}[0-9A-Fa-f]{2}$',
    '(?i:^[a-z]+$)',
    '(?:\\.jar|\\.zip)$',
    '(?<![\\s\\S])(?:[a-z]+)(?![\\s\\S])',
    '(?<![\\s\\S])(?:[0-9]+)(?=\\n?(?![\\s\\S]))',
  ])('accepts %j', (pattern) => {
    expect(checkPattern(pattern)).toEqual({ safe: true });
  });
});

describe('parameterSafetyProblems', () => {
  it('finds unsafe patterns wherever the schema holds them, and lengths over the ceiling', () => {
    const problems = parameterSafetyProblems(
      parameters({
        A: { type: 'string', pattern: '^(a+)+$' },
        B: { type: 'string', allOf: [{ pattern: '^[a-z]+$' }, { not: { pattern: '(x*)*y' } }] },
        C: { type: 'string', maxLength: MAX_STRING_LENGTH + 1 },
        D: { type: 'string', pattern: '^[a-z]+$', maxLength: 10, default: '^(a+)+$' },
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ path: '/parameters/properties/A/pattern', keyword: 'pattern' }),
      expect.objectContaining({
        path: '/parameters/properties/B/allOf/1/not/pattern',
        keyword: 'pattern',
      }),
      expect.objectContaining({ path: '/parameters/properties/C/maxLength', keyword: 'maxLength' }),
    ]);
  });
});

describe('stringLengthLimit', () => {
  it('is the schema maxLength, a default without one, and never above the ceiling', () => {
    expect(stringLengthLimit({ maxLength: 20 })).toBe(20);
    expect(stringLengthLimit({})).toBe(DEFAULT_STRING_MAX_LENGTH);
    expect(stringLengthLimit({ maxLength: 10 ** 9 })).toBe(MAX_STRING_LENGTH);
  });
});
