import { describe, expect, it } from 'vitest';
import { createAjv } from './__fixtures__/ajv.ts';
import { parseParameterValue } from '../templates/parameters.ts';
import { MAX_STRING_LENGTH } from '../templates/safety.ts';
import { rulesToSchema, splitRules } from './rules.ts';

const ajv = createAjv({ strict: false });

describe('splitRules', () => {
  it.each([
    ['required|string|max:20', ['required', 'string', 'max:20']],
    ['required|regex:/^(a|b)$/|max:5', ['required', 'regex:/^(a|b)$/', 'max:5']],
    ['regex:#x|y#i', ['regex:#x|y#i']],
    ['regex:{a|b}', ['regex:{a|b}']],
    [' nullable | string ', ['nullable', 'string']],
    ['', []],
    ['||required||', ['required']],
    ['regex:abc|max:2', ['regex:abc', 'max:2']],
  ])('splits %j', (input, expected) => {
    expect(splitRules(input)).toEqual(expected);
  });
});

describe('rulesToSchema', () => {
  it.each<[string | string[], Record<string, unknown>, boolean]>([
    ['required|string|max:20', { type: 'string', maxLength: 20 }, true],
    [['required', 'string', 'max:20'], { type: 'string', maxLength: 20 }, true],
    ['nullable|string|max:20', { type: ['string', 'null'], maxLength: 20 }, false],
    ['required|integer|between:0,5', { type: 'integer', minimum: 0, maximum: 5 }, true],
    ['required|numeric|min:1', { type: 'number', minimum: 1 }, true],
    ['required|numeric|integer', { type: 'integer' }, true],
    ['required|boolean', { type: 'boolean' }, true],
    ['bool', { type: 'boolean' }, false],
    ['required|string|between:3,7', { type: 'string', minLength: 3, maxLength: 7 }, true],
    ['required|string|size:88', { type: 'string', minLength: 88, maxLength: 88 }, true],
    ['required|integer|size:3', { type: 'integer', minimum: 3, maximum: 3 }, true],
    [
      'required|integer|gt:0|lt:10',
      { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 },
      true,
    ],
    ['required|integer|gte:1|lte:9', { type: 'integer', minimum: 1, maximum: 9 }, true],
    ['required|string|gt:2|lt:5', { type: 'string', minLength: 3, maxLength: 4 }, true],
    [
      'required|string|min:2|min:4|max:9|max:6',
      { type: 'string', minLength: 4, maxLength: 6 },
      true,
    ],
    ['required|string|in:True,False', { type: 'string', enum: ['True', 'False'] }, true],
    ['required|numeric|in:0,1,2', { type: 'number', enum: [0, 1, 2] }, true],
    ['boolean|in:1', { type: 'boolean', enum: [true] }, false],
    ['nullable|string|in:,beta', { type: ['string', 'null'], enum: [null, 'beta'] }, false],
    ['nullable|string|in:a,b', { type: ['string', 'null'], enum: ['a', 'b', null] }, false],
    ['required|in:"a,b",c', { type: 'string', enum: ['a,b', 'c'] }, true],
    ['required|in:a,b,a', { type: 'string', enum: ['a', 'b'] }, true],
    ['required|string|in:a,b,c|in:b,c,d', { type: 'string', enum: ['b', 'c'] }, true],
    [
      'required|string|not_in:root,admin',
      { type: 'string', not: { enum: ['root', 'admin'] } },
      true,
    ],
    ['required|numeric|digits_between:1,6', { type: 'integer', minimum: 0, maximum: 999999 }, true],
    [
      'required|numeric|digits_between:6,7',
      { type: 'integer', minimum: 100000, maximum: 9999999 },
      true,
    ],
    ['required|numeric|digits_between:1,100', { type: 'integer', minimum: 0 }, true],
    ['required|integer|digits:4', { type: 'integer', minimum: 1000, maximum: 9999 }, true],
    ['required|string|digits:4', { type: 'string', pattern: '^[0-9]{4}$' }, true],
    ['required|digits_between:2,3', { type: 'string', pattern: '^[0-9]{2,3}$' }, true],
    ['required|alpha', { type: 'string', pattern: '^[\\p{L}\\p{M}]+$' }, true],
    ['required|alpha_num', { type: 'string', pattern: '^[\\p{L}\\p{M}\\p{N}]+$' }, true],
    ['required|alpha_dash', { type: 'string', pattern: '^[\\p{L}\\p{M}\\p{N}_-]+$' }, true],
    ['required|alpha_dash:ascii', { type: 'string', pattern: '^[a-zA-Z0-9_-]+$' }, true],
    ['required|regex:/^(\\w{1,20})$/', { type: 'string', pattern: '^(\\w{1,20})$' }, true],
    [
      'required|regex:/^[\\w.-]*$/|max:64',
      { type: 'string', pattern: '^[\\w.-]*$', maxLength: 64 },
      true,
    ],
    [
      'required|alpha_num|regex:/^a/',
      { type: 'string', pattern: '^[\\p{L}\\p{M}\\p{N}]+$', allOf: [{ pattern: '^a' }] },
      true,
    ],
    ['required|not_regex:/^x/', { type: 'string', not: { pattern: '^x' } }, true],
    ['required|string|starts_with:foo,b.r', { type: 'string', pattern: '^(?:foo|b\\.r)' }, true],
    ['required|string|ends_with:==', { type: 'string', pattern: '(?:==)$' }, true],
    [
      'required|string|doesnt_end_with:.exe',
      { type: 'string', not: { pattern: '(?:\\.exe)$' } },
      true,
    ],
    ['nullable|url', { type: ['string', 'null'], format: 'uri' }, false],
    ['required|email', { type: 'string', format: 'email' }, true],
    ['required|uuid', { type: 'string', format: 'uuid' }, true],
    ['required|ipv4', { type: 'string', format: 'ipv4' }, true],
    ['required|ip', { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] }, true],
    ['required|numeric|multiple_of:5', { type: 'number', multipleOf: 5 }, true],
    ['sometimes|nullable|string', { type: ['string', 'null'] }, false],
    ['', { type: ['string', 'null'] }, false],
    ['required|nullable|string', { type: 'string' }, true],
    ['REQUIRED|String|MAX:3', { type: 'string', maxLength: 3 }, true],
  ])('converts %j', (rules, schema, required) => {
    const result = rulesToSchema(rules);
    expect(result.schema).toEqual(schema);
    expect(result.required).toBe(required);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['required|string|foo_bar:1', 'EGG_RULE_UNKNOWN', 'foo_bar:1'],
    ['required|int', 'EGG_RULE_ALIAS', '"int"'],
    ['required|regex:/a++/', 'EGG_REGEX_UNCONVERTIBLE', 'possessive'],
    ['required|regex:/(?<n>a)(?&n)/', 'EGG_REGEX_UNCONVERTIBLE', 'regex'],
    ['required|json', 'EGG_RULE_NOT_ENFORCED', 'json'],
    ['required|confirmed', 'EGG_RULE_NOT_ENFORCED', 'confirmed'],
    ['required|string|between:a', 'EGG_RULE_INVALID', 'between:a'],
    ['required|integer|gt:other_field', 'EGG_RULE_NOT_ENFORCED', 'gt:other_field'],
    ['required|digits:x', 'EGG_RULE_INVALID', 'digits:x'],
    ['required|digits_between:1', 'EGG_RULE_INVALID', 'digits_between:1'],
    ['required|boolean|max:1', 'EGG_RULE_NOT_ENFORCED', 'boolean'],
    ['required|string|multiple_of:3', 'EGG_RULE_NOT_ENFORCED', 'multiple_of'],
  ])('keeps %j and warns %s', (rules, code, text) => {
    const { warnings } = rulesToSchema(rules);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code, message: expect.stringContaining(text) });
  });

  it.each([
    ['required|string|regex:/^(a+)+$/', '/^(a+)+$/'],
    ['required|string|regex:/^(\\w+\\s?)*$/', '/^(\\w+\\s?)*$/'],
    ['required|string|regex:/^(a|a)*$/i', '/^(a|a)*$/i'],
    ['required|string|not_regex:/(x+x+)+y/', '/(x+x+)+y/'],
    [`required|string|regex:/^${'[a-z]'.repeat(200)}$/`, 'longer than'],
  ])('drops the unsafe pattern of %j and warns EGG_RULE_UNSAFE_PATTERN', (rules, text) => {
    const result = rulesToSchema(rules);
    expect(result.warnings).toEqual([
      { code: 'EGG_RULE_UNSAFE_PATTERN', message: expect.stringContaining(text) },
    ]);
    expect(result.schema).toEqual({ type: 'string' });
  });

  it('keeps the safe patterns eggs use, beside an unsafe one it drops', () => {
    const result = rulesToSchema([
      'required',
      'string',
      'regex:/^([\\w\\d._-]+)(\\.jar)$/',
      'regex:/^(a+)+$/',
      'alpha_dash',
    ]);
    expect(result.schema).toEqual({
      type: 'string',
      pattern: '^([\\w\\d._-]+)(\\.jar)$',
      allOf: [{ pattern: '^[\\p{L}\\p{M}\\p{N}_-]+$' }],
    });
    expect(result.warnings.map((w) => w.code)).toEqual(['EGG_RULE_UNSAFE_PATTERN']);
  });

  it('cuts a length over the ceiling to the ceiling, and says so', () => {
    const result = rulesToSchema('required|string|max:100000');
    expect(result.schema).toEqual({ type: 'string', maxLength: MAX_STRING_LENGTH });
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'EGG_RULE_NOT_ENFORCED' })]);
  });

  it('still converts the rules around one it does not know', () => {
    const result = rulesToSchema('required|string|max:5|whatever');
    expect(result.schema).toEqual({ type: 'string', maxLength: 5 });
    expect(result.warnings.map((w) => w.code)).toEqual(['EGG_RULE_UNKNOWN']);
  });

  it('marks a json rule with its media type', () => {
    expect(rulesToSchema('required|json').schema).toMatchObject({
      contentMediaType: 'application/json',
    });
  });
});

/**
 * What Laravel decides for a submitted form value under these rules (an empty field is `null`,
 * as Laravel's ConvertEmptyStringsToNull middleware makes it).
 */
const LARAVEL: [rules: string, input: string, accepted: boolean][] = [
  ['required|string|max:20', 'abc', true],
  ['required|string|max:20', 'a'.repeat(21), false],
  ['required|string|max:20', '', false],
  ['nullable|string|max:20', '', true],
  ['nullable|string|max:20', 'a'.repeat(21), false],
  ['required|string|max:3', 'äöü', true],
  ['required|string|max:3', 'äöüß', false],
  ['required|integer|between:0,5', '3', true],
  ['required|integer|between:0,5', '0', true],
  ['required|integer|between:0,5', '6', false],
  ['required|integer|between:0,5', '-1', false],
  ['required|integer|between:0,5', '2.5', false],
  ['required|integer|between:0,5', 'abc', false],
  ['required|numeric|min:1', '96', true],
  ['required|numeric|min:1', '0.5', false],
  ['required|numeric|min:1', '1e3', true],
  ['required|numeric|min:1', 'x', false],
  ['required|boolean', '1', true],
  ['required|boolean', '0', true],
  ['required|boolean', 'true', false],
  ['required|boolean', 'yes', false],
  ['required|boolean', '', false],
  ['boolean', '', false],
  ['required|string|in:true,false', 'true', true],
  ['required|string|in:true,false', 'True', false],
  ['required|numeric|in:0,1,2', '1', true],
  ['required|numeric|in:0,1,2', '3', false],
  ['required|alpha_num|between:1,6', 'latest', true],
  ['required|alpha_num|between:1,6', 'la st', false],
  ['required|alpha_num|between:1,6', 'toolong1', false],
  ['alpha_dash|between:1,100', 'my-world_1', true],
  ['alpha_dash|between:1,100', 'my world', false],
  ['required|numeric|digits_between:1,6', '264710', true],
  ['required|numeric|digits_between:1,6', '1234567', false],
  ['required|numeric|digits_between:1,6', '12.5', false],
  ['required|string|digits:4', '0123', true],
  ['required|string|digits:4', '123', false],
  ['required|string|digits:4', '12a4', false],
  ['required|regex:/^([\\w\\d._-]+)(\\.jar)$/', 'server.jar', true],
  ['required|regex:/^([\\w\\d._-]+)(\\.jar)$/', 'server.zip', false],
  ['required|regex:/^abc$/i', 'ABC', true],
  ['required|regex:/^abc$/', 'ABC', false],
  ['nullable|url', '', true],
  ['nullable|url', 'http://pterodactyl.io', true],
  ['nullable|url', 'not a url', false],
  ['required|ip', '10.0.0.1', true],
  ['required|ip', '::1', true],
  ['required|ip', '999.1.1.1', false],
  ['required|ipv4', '::1', false],
  ['required|email', 'a@b.co', true],
  ['required|email', 'nope', false],
  ['required|uuid', '49adec15-ccfe-45c3-ac3f-2fc20582739d', true],
  ['required|uuid', 'x', false],
  ['required|integer|gt:0', '0', false],
  ['required|integer|gt:0', '1', true],
  ['required|integer|lte:10', '10', true],
  ['required|integer|lte:10', '11', false],
  ['required|string|size:3', 'abc', true],
  ['required|string|size:3', 'ab', false],
  ['required|integer|size:3', '3', true],
  ['required|integer|size:3', '4', false],
  ['required|string|not_in:admin,root', 'admin', false],
  ['required|string|not_in:admin,root', 'bob', true],
  ['required|string|starts_with:foo,bar', 'barx', true],
  ['required|string|starts_with:foo,bar', 'xfoo', false],
  ['required|string|ends_with:==', 'abc==', true],
  ['required|string|ends_with:==', 'abc', false],
  ['required|string|min:5|max:20', '', false],
  ['required|string|min:5|max:20', 'abcd', false],
  ['required|string|min:5|max:20', 'abcde', true],
  ['sometimes|nullable|string', '', true],
  ['', '', true],
  ['', 'anything', true],
  ['required|alpha', 'héllo', true],
  ['required|alpha', 'abc1', false],
  ['nullable|numeric|between:1,32', '', true],
  ['nullable|numeric|between:1,32', '33', false],
  ['required|int|max:64', '65', false],
  ['required|int|max:64', '64', true],
  ['required|mac_address', '00:1A:2b:3c:4D:5e', true],
  ['required|mac_address', '00:1A:2b-3c:4D:5e', false],
  ['required|lowercase', 'abc-1', true],
  ['required|lowercase', 'aBc', false],
  ['required|hex_color', '#a0f', true],
  ['required|hex_color', 'a0f', false],
];

describe('parameter schemas judge values as Laravel does', () => {
  it.each(LARAVEL)('%s with %j: accepted=%s', (rules, input, accepted) => {
    const { schema } = rulesToSchema(rules);
    const value = parseParameterValue(schema, input);
    expect(ajv.validate(schema, value), JSON.stringify(ajv.errors)).toBe(accepted);
  });
});
