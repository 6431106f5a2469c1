import { convertPhpRegex } from './regex.ts';
import { parseParameterValue } from '../templates/parameters.ts';
import { checkPattern, MAX_STRING_LENGTH } from '../templates/safety.ts';

/** Warning codes a rule conversion can report. */
export type RuleWarningCode =
  | 'EGG_RULE_UNKNOWN'
  | 'EGG_RULE_ALIAS'
  | 'EGG_RULE_INVALID'
  | 'EGG_RULE_NOT_ENFORCED'
  | 'EGG_REGEX_UNCONVERTIBLE'
  | 'EGG_RULE_UNSAFE_PATTERN';

/** Something about a rule list that the JSON Schema does not carry exactly. */
export interface RuleWarning {
  code: RuleWarningCode;
  message: string;
}

/** The JSON Schema of one parameter value, derived from its Laravel rules. */
export interface RulesConversion {
  /** JSON Schema keywords validating the typed value (see `parseParameterValue`). */
  schema: Record<string, unknown>;
  /** Whether the rules include `required`. */
  required: boolean;
  /** Whether an empty value (`null`) passes. */
  nullable: boolean;
  warnings: RuleWarning[];
}

/**
 * Splits a rule string on `|` as Laravel does, except that a `regex:`/`not_regex:` rule keeps the
 * pipes inside its delimiters (Laravel needs the array form for that; eggs do not always use it).
 */
export function splitRules(input: string): string[] {
  const parts = input.split('|');
  const rules: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    let rule = parts[i] as string;
    if (/^\s*(not_)?regex:/i.test(rule)) {
      while (i + 1 < parts.length && !regexClosed(rule.slice(rule.indexOf(':') + 1))) {
        rule += `|${parts[++i] as string}`;
      }
    }
    rules.push(rule);
  }
  return rules.map((r) => r.trim()).filter((r) => r !== '');
}

function regexClosed(source: string): boolean {
  const s = source.trim();
  const open = s[0];
  // Without a valid delimiter there is nothing to keep together; the rule will not convert anyway.
  if (open === undefined || /[\sA-Za-z0-9\\]/.test(open)) return true;
  const close =
    ({ '(': ')', '[': ']', '{': '}', '<': '>' } as Record<string, string>)[open] ?? open;
  return new RegExp(`.${escapeRegex(close)}[imsxuADSUXJn]*$`, 's').test(s) && s.length > 1;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Laravel's parameter list: comma separated, double quotes allowed around a value. */
function parseParameters(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"' && (current === '' || quoted)) {
      if (quoted && text[i + 1] === '"') {
        current += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (c === ',' && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

interface ParsedRule {
  raw: string;
  name: string;
  params: string[];
  /** Everything after the first colon, for rules that take one opaque argument. */
  arg: string;
}

function parseRule(raw: string): ParsedRule {
  const colon = raw.indexOf(':');
  const name = (colon === -1 ? raw : raw.slice(0, colon)).trim().toLowerCase();
  const arg = colon === -1 ? '' : raw.slice(colon + 1);
  return { raw, name, params: colon === -1 ? [] : parseParameters(arg), arg };
}

const NO_OP_RULES = new Set([
  'sometimes',
  'bail',
  'present',
  'filled',
  'string',
  'nullable',
  'required',
]);
const TYPE_RULES: Readonly<Record<string, 'integer' | 'number' | 'boolean'>> = {
  integer: 'integer',
  int: 'integer',
  numeric: 'number',
  decimal: 'number',
  boolean: 'boolean',
  bool: 'boolean',
};
const SIZE_RULES = new Set(['min', 'max', 'between', 'size', 'gt', 'gte', 'lt', 'lte']);
const NOT_ENFORCEABLE = new Set([
  'accepted',
  'accepted_if',
  'active_url',
  'after',
  'after_or_equal',
  'before',
  'before_or_equal',
  'confirmed',
  'current_password',
  'date',
  'date_equals',
  'date_format',
  'declined',
  'declined_if',
  'different',
  'distinct',
  'exists',
  'file',
  'image',
  'json',
  'max_digits',
  'mimes',
  'mimetypes',
  'min_digits',
  'missing',
  'prohibited',
  'prohibited_if',
  'prohibited_unless',
  'required_if',
  'required_unless',
  'required_with',
  'required_with_all',
  'required_without',
  'required_without_all',
  'same',
  'timezone',
  'unique',
  'array',
  'list',
]);

const PATTERNS: Readonly<Record<string, string>> = {
  alpha: '^[\\p{L}\\p{M}]+$',
  alpha_num: '^[\\p{L}\\p{M}\\p{N}]+$',
  alpha_dash: '^[\\p{L}\\p{M}\\p{N}_-]+$',
  'alpha:ascii': '^[a-zA-Z]+$',
  'alpha_num:ascii': '^[a-zA-Z0-9]+$',
  'alpha_dash:ascii': '^[a-zA-Z0-9_-]+$',
  ascii: '^[\\x00-\\x7F]*$',
  lowercase: '^\\P{Lu}*$',
  uppercase: '^\\P{Ll}*$',
  ulid: '^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$',
  hex_color: '^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$',
  mac_address: '^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\\1){4}[0-9A-Fa-f]{2}$',
};

const FORMATS: Readonly<Record<string, string>> = {
  url: 'uri',
  email: 'email',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  uuid: 'uuid',
};

const NUMBER = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

function toNumber(text: string | undefined): number | undefined {
  return text !== undefined && NUMBER.test(text) ? Number(text) : undefined;
}

function toCount(text: string | undefined): number | undefined {
  const n = toNumber(text);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Collects constraints, keeping the tightest of repeated bounds. */
class SchemaBuilder {
  readonly keywords: Record<string, unknown> = {};
  readonly patterns: string[] = [];
  readonly notPatterns: string[] = [];
  readonly extra: Record<string, unknown>[] = [];

  lower(key: 'minimum' | 'exclusiveMinimum' | 'minLength', value: number): void {
    const current = this.keywords[key];
    this.keywords[key] = typeof current === 'number' ? Math.max(current, value) : value;
  }

  upper(key: 'maximum' | 'exclusiveMaximum' | 'maxLength', value: number): void {
    const current = this.keywords[key];
    this.keywords[key] = typeof current === 'number' ? Math.min(current, value) : value;
  }
}

function digitBounds(b: SchemaBuilder, isNumber: boolean, min: number, max: number): void {
  if (isNumber) {
    b.lower('minimum', min <= 1 ? 0 : 10 ** (min - 1));
    // Beyond 15 digits the bound is not a safe number, and no safe integer exceeds it anyway.
    if (max <= 15) b.upper('maximum', 10 ** max - 1);
  } else {
    b.patterns.push(min === max ? `^[0-9]{${min}}$` : `^[0-9]{${min},${max}}$`);
  }
}

/**
 * Converts Laravel validation rules (as a `|` string or a list) into the JSON Schema of the typed
 * value, deciding like Laravel whether sizes are lengths or numbers: numbers when `integer` or
 * `numeric` is present, string lengths otherwise. Rules it cannot express stay in the list and
 * come back as warnings; it never fails.
 */
export function rulesToSchema(input: string | readonly string[]): RulesConversion {
  const rules = (typeof input === 'string' ? splitRules(input) : [...input]).map(parseRule);
  const names = new Set(rules.map((r) => r.name));
  const warnings: RuleWarning[] = [];

  let type: 'string' | 'integer' | 'number' | 'boolean' = 'string';
  for (const r of rules) {
    const t = TYPE_RULES[r.name];
    if (
      t === 'integer' ||
      (t === 'number' && type !== 'integer') ||
      (t === 'boolean' && type === 'string')
    )
      type = t;
  }
  // Only digits pass `digits`/`digits_between`, so with `numeric` the value is a whole number.
  if (type === 'number' && (names.has('digits') || names.has('digits_between'))) type = 'integer';
  const isNumber = type === 'integer' || type === 'number';

  const b = new SchemaBuilder();
  let enumValues: unknown[] | undefined;

  for (const r of rules) {
    const [p0, p1] = r.params;
    if (NO_OP_RULES.has(r.name) || (TYPE_RULES[r.name] && r.name !== 'int')) continue;
    if (r.name === 'int') {
      warnings.push({
        code: 'EGG_RULE_ALIAS',
        message: 'Rule "int" is not a Laravel rule; read as "integer".',
      });
      continue;
    }
    if (SIZE_RULES.has(r.name)) {
      const a = toNumber(p0);
      const c = toNumber(p1);
      if (a === undefined || (r.name === 'between' && c === undefined)) {
        const what = r.name === 'between' ? 'two numbers' : 'a number';
        const code = /^(gt|gte|lt|lte)$/.test(r.name)
          ? 'EGG_RULE_NOT_ENFORCED'
          : 'EGG_RULE_INVALID';
        warnings.push({ code, message: `Rule "${r.raw}" is not enforced: it needs ${what}.` });
        continue;
      }
      if (type === 'boolean') {
        warnings.push({
          code: 'EGG_RULE_NOT_ENFORCED',
          message: `Rule "${r.raw}" has no meaning for a boolean.`,
        });
        continue;
      }
      applySize(b, r.name, a, c, isNumber);
      continue;
    }
    switch (r.name) {
      case 'in':
      case 'not_in': {
        // JSON Schema wants enum items unique; Laravel does not care, and eggs repeat them.
        const values = [
          ...new Set(r.params.map((v) => (v === '' ? null : parseParameterValue({ type }, v)))),
        ];
        if (r.name === 'in')
          enumValues = enumValues
            ? enumValues.filter((v) => values.includes(v as (typeof values)[number]))
            : values;
        else b.extra.push({ not: { enum: values } });
        break;
      }
      case 'regex':
      case 'not_regex': {
        const converted = convertPhpRegex(r.arg);
        const verdict = converted.ok ? checkPattern(converted.pattern) : undefined;
        if (verdict && !verdict.safe) {
          // Core runs parameter patterns on its own event loop: one that backtracks without bound
          // would stall it for every tenant, so it is dropped rather than enforced.
          warnings.push({
            code: 'EGG_RULE_UNSAFE_PATTERN',
            message: `Rule "${r.raw}" is not enforced: ${verdict.reason}.`,
          });
        } else if (converted.ok)
          (r.name === 'regex' ? b.patterns : b.notPatterns).push(converted.pattern);
        else {
          warnings.push({
            code: 'EGG_REGEX_UNCONVERTIBLE',
            message: `Rule "${r.raw}" is not enforced: ${converted.reason}.`,
          });
        }
        break;
      }
      case 'digits': {
        const n = toCount(p0);
        if (n === undefined)
          warnings.push({ code: 'EGG_RULE_INVALID', message: `Rule "${r.raw}" needs a count.` });
        else digitBounds(b, isNumber, n, n);
        break;
      }
      case 'digits_between': {
        const lo = toCount(p0);
        const hi = toCount(p1);
        if (lo === undefined || hi === undefined) {
          warnings.push({ code: 'EGG_RULE_INVALID', message: `Rule "${r.raw}" needs two counts.` });
        } else digitBounds(b, isNumber, lo, hi);
        break;
      }
      case 'multiple_of': {
        const n = toNumber(p0);
        if (isNumber && n !== undefined && n > 0) b.keywords.multipleOf = n;
        else
          warnings.push({
            code: 'EGG_RULE_NOT_ENFORCED',
            message: `Rule "${r.raw}" is not enforced.`,
          });
        break;
      }
      case 'starts_with':
      case 'ends_with':
      case 'doesnt_start_with':
      case 'doesnt_end_with': {
        const alternatives = r.params.map(escapeRegex).join('|');
        const pattern = r.name.includes('start') ? `^(?:${alternatives})` : `(?:${alternatives})$`;
        (r.name.startsWith('doesnt') ? b.notPatterns : b.patterns).push(pattern);
        break;
      }
      case 'ip':
        b.extra.push({ anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] });
        break;
      default: {
        const key = r.name in PATTERNS && p0 === 'ascii' ? `${r.name}:ascii` : r.name;
        if (PATTERNS[key] !== undefined) b.patterns.push(PATTERNS[key]);
        else if (FORMATS[r.name] !== undefined) b.keywords.format = FORMATS[r.name];
        else if (NOT_ENFORCEABLE.has(r.name)) {
          warnings.push({
            code: 'EGG_RULE_NOT_ENFORCED',
            message: `Rule "${r.raw}" cannot be expressed in JSON Schema; it is kept but not enforced.`,
          });
          if (r.name === 'json') b.keywords.contentMediaType = 'application/json';
        } else {
          warnings.push({
            code: 'EGG_RULE_UNKNOWN',
            message: `Unknown rule "${r.raw}" is kept but not enforced.`,
          });
        }
      }
    }
  }

  const required = names.has('required');
  const constraining = rules.some((r) => !['sometimes', 'bail', 'nullable'].includes(r.name));
  const nullable = (names.has('nullable') && !required) || !constraining;

  // Without a `max` rule, core applies `DEFAULT_STRING_MAX_LENGTH` when it validates; a longer
  // one than anybody may use is cut to the ceiling here, so the template says what holds.
  if (type === 'string') {
    const max = b.keywords.maxLength;
    if (typeof max === 'number' && max > MAX_STRING_LENGTH) {
      warnings.push({
        code: 'EGG_RULE_NOT_ENFORCED',
        message: `A length over ${MAX_STRING_LENGTH} is not allowed; values are limited to ${MAX_STRING_LENGTH} characters.`,
      });
      b.keywords.maxLength = MAX_STRING_LENGTH;
    }
  }

  const schema: Record<string, unknown> = { type: nullable ? [type, 'null'] : type };
  if (enumValues)
    schema.enum = nullable && !enumValues.includes(null) ? [...enumValues, null] : enumValues;
  Object.assign(schema, b.keywords);
  const [first, ...more] = b.patterns;
  if (first !== undefined) schema.pattern = first;
  const all = [
    ...more.map((pattern) => ({ pattern })),
    ...b.notPatterns.map((pattern) => ({ not: { pattern } })),
    ...b.extra,
  ];
  if (all.length === 1) Object.assign(schema, mergeable(schema, all[0] as Record<string, unknown>));
  else if (all.length > 1) schema.allOf = all;
  return { schema, required, nullable, warnings };
}

/** Puts a single extra constraint at top level when that does not clash with a keyword there. */
function mergeable(
  schema: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return Object.keys(extra).some((k) => k in schema) ? { allOf: [extra] } : extra;
}

function applySize(
  b: SchemaBuilder,
  name: string,
  a: number,
  c: number | undefined,
  isNumber: boolean,
): void {
  if (isNumber) {
    if (name === 'min' || name === 'gte') b.lower('minimum', a);
    else if (name === 'max' || name === 'lte') b.upper('maximum', a);
    else if (name === 'gt') b.lower('exclusiveMinimum', a);
    else if (name === 'lt') b.upper('exclusiveMaximum', a);
    else if (name === 'size') {
      b.lower('minimum', a);
      b.upper('maximum', a);
    } else {
      b.lower('minimum', a);
      b.upper('maximum', c as number);
    }
    return;
  }
  // String lengths are whole numbers: `max:2.5` allows 2 characters, `min:2.5` needs 3.
  const floor = Math.floor(a);
  const ceil = Math.ceil(a);
  if (name === 'min' || name === 'gte') b.lower('minLength', Math.max(0, ceil));
  else if (name === 'max' || name === 'lte') b.upper('maxLength', Math.max(0, floor));
  else if (name === 'gt') b.lower('minLength', Math.max(0, floor + 1));
  else if (name === 'lt') b.upper('maxLength', Math.max(0, ceil - 1));
  else if (name === 'size') {
    b.lower('minLength', Math.max(0, ceil));
    b.upper('maxLength', Math.max(0, floor));
  } else {
    b.lower('minLength', Math.max(0, ceil));
    b.upper('maxLength', Math.max(0, Math.floor(c as number)));
  }
}
