/** A JSON Schema object whose properties become form fields. */
export interface ObjectSchema {
  type?: 'object';
  properties: Record<string, PropertySchema>;
  required?: string[];
}

/** The JSON Schema keywords of one property that the form understands; others are ignored. */
export interface PropertySchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  readOnly?: boolean;
  allOf?: unknown[];
  [keyword: string]: unknown;
}

/** Which control a property renders as. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'const';

/** A value a field holds. `null` is "no value". */
export type FieldValue = string | number | boolean | null;

/** One field, derived from a property schema. */
export interface FieldModel {
  name: string;
  kind: FieldKind;
  label: string;
  help: string;
  required: boolean;
  /** Whether "no value" passes (`type` lists `null`, or the schema says nothing at all). */
  nullable: boolean;
  readonly: boolean;
  /** The choices of an enum, the one value of a const, or `[true]` for a switch that must be on. */
  options: FieldValue[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  /** Every pattern the value must match (the top-level one and those under `allOf`). */
  patterns: string[];
  /** Patterns the value must not match (`allOf: [{ not: { pattern } }]`). */
  forbiddenPatterns: string[];
  default: FieldValue | undefined;
}

/** A validation failure: a message key under `schemaForm.errors` and its parameters. */
export interface FieldProblem {
  key:
    | 'required'
    | 'integer'
    | 'number'
    | 'boolean'
    | 'minLength'
    | 'maxLength'
    | 'minimum'
    | 'maximum'
    | 'exclusiveMinimum'
    | 'exclusiveMaximum'
    | 'pattern'
    | 'forbiddenPattern'
    | 'enum'
    | 'const'
    | 'accept'
    | 'unknown';
  params: Record<string, string | number>;
  /** For plural messages (lengths). */
  count?: number;
}

/** Options of {@link describeFields}. */
export interface DescribeOptions {
  /** Properties to leave out of the form (by default those saying `userViewable: false`). */
  isHidden?: (property: PropertySchema) => boolean;
  /** Properties shown but not editable (by default `readOnly` or `userEditable: false`). */
  isReadonly?: (property: PropertySchema) => boolean;
}

function typesOf(schema: PropertySchema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((t) => typeof t === 'string');
  return [];
}

function isFieldValue(value: unknown): value is FieldValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function collectPatterns(schema: PropertySchema): { must: string[]; mustNot: string[] } {
  const must = typeof schema.pattern === 'string' ? [schema.pattern] : [];
  const mustNot: string[] = [];
  const notPattern = (schema.not as { pattern?: unknown } | undefined)?.pattern;
  if (typeof notPattern === 'string') mustNot.push(notPattern);
  for (const part of schema.allOf ?? []) {
    if (typeof part !== 'object' || part === null) continue;
    const { pattern, not } = part as { pattern?: unknown; not?: { pattern?: unknown } };
    if (typeof pattern === 'string') must.push(pattern);
    if (typeof not?.pattern === 'string') mustNot.push(not.pattern);
  }
  return { must, mustNot };
}

const defaultHidden = (property: PropertySchema) => property.userViewable === false;
const defaultReadonly = (property: PropertySchema) =>
  property.readOnly === true || property.userEditable === false;

/** Reads one property schema as a field. */
export function describeField(
  name: string,
  schema: PropertySchema,
  required: boolean,
  isReadonly: (property: PropertySchema) => boolean = defaultReadonly,
): FieldModel {
  const types = typesOf(schema);
  const nullable = types.length === 0 || types.includes('null');
  let kind: FieldKind;
  let options: FieldValue[] = [];
  if (schema.const === true && types.includes('boolean')) {
    // "Must be true" is something to agree to (a licence, a risk): a switch the user turns on.
    kind = 'boolean';
    options = [true];
  } else if (schema.const !== undefined && isFieldValue(schema.const)) {
    kind = 'const';
    options = [schema.const];
  } else if (Array.isArray(schema.enum)) {
    kind = 'enum';
    options = schema.enum.filter(isFieldValue);
  } else if (types.includes('boolean')) kind = 'boolean';
  else if (types.includes('integer')) kind = 'integer';
  else if (types.includes('number')) kind = 'number';
  else kind = 'string';

  const { must, mustNot } = collectPatterns(schema);
  const field: FieldModel = {
    name,
    kind,
    label: typeof schema.title === 'string' && schema.title !== '' ? schema.title : name,
    help: typeof schema.description === 'string' ? schema.description.trim() : '',
    required,
    nullable,
    readonly: isReadonly(schema),
    options,
    patterns: must,
    forbiddenPatterns: mustNot,
    default: isFieldValue(schema.default) ? schema.default : undefined,
  };
  for (const key of [
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
  ] as const) {
    const value = numberOrUndefined(schema[key]);
    if (value !== undefined) field[key] = value;
  }
  return field;
}

/** The fields of an object schema, in the order of its properties. */
export function describeFields(schema: ObjectSchema, options: DescribeOptions = {}): FieldModel[] {
  const isHidden = options.isHidden ?? defaultHidden;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .filter(([, property]) => !isHidden(property))
    .map(([name, property]) =>
      describeField(name, property, required.has(name), options.isReadonly),
    );
}

/** The starting values: each field's default, else "no value" (`false` for a switch). */
export function initialValues(fields: readonly FieldModel[]): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const field of fields) {
    if (field.default !== undefined) values[field.name] = field.default;
    else if (field.kind === 'const') values[field.name] = field.options[0] ?? null;
    else values[field.name] = field.kind === 'boolean' && !field.nullable ? false : null;
  }
  return values;
}

// Patterns come from templates anyone may import; one that does not compile is skipped rather
// than blocking the form (core validates again on submit).
function matches(pattern: string, value: string): boolean | null {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    try {
      return new RegExp(pattern).test(value);
    } catch {
      return null;
    }
  }
}

function formatOption(value: FieldValue): string {
  return value === null ? '' : String(value);
}

/** The values a choice allows, as the `enum` message lists them ("none" left out). */
function formatOptions(values: readonly FieldValue[]): string {
  return values
    .filter((v) => v !== null)
    .map(formatOption)
    .join(', ');
}

/**
 * Core's refusal of one parameter (an issue of `PN_SERVER_PARAMETERS_INVALID`: its `code` and
 * `params`) as a problem the panel words itself; null for a code it does not know, whose English
 * message is then shown as core sent it.
 */
export function problemFromCore(code: unknown, params: unknown): FieldProblem | null {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<
    string,
    unknown
  >;
  const limit = typeof p.limit === 'number' ? p.limit : undefined;
  switch (code) {
    case 'required':
    case 'unknown':
      return { key: code, params: {} };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return limit === undefined ? null : { key: code, params: { limit } };
    case 'minLength':
    case 'maxLength':
      return limit === undefined ? null : { key: code, params: { n: limit }, count: limit };
    case 'pattern':
      return typeof p.pattern === 'string'
        ? { key: 'pattern', params: { pattern: p.pattern } }
        : null;
    case 'enum':
      return Array.isArray(p.values)
        ? { key: 'enum', params: { values: formatOptions(p.values as FieldValue[]) } }
        : null;
    case 'const':
      return { key: 'const', params: { value: formatOption((p.value ?? null) as FieldValue) } };
    case 'type':
      return p.type === 'integer' || p.type === 'number' || p.type === 'boolean'
        ? { key: p.type, params: {} }
        : null;
    default:
      return null;
  }
}

/**
 * Checks a value against its field. Empty strings count as "no value", as the panel submits
 * them. Returns the first problem, or `null` when the value is acceptable.
 */
export function validateField(field: FieldModel, raw: FieldValue | undefined): FieldProblem | null {
  const value = raw === '' || raw === undefined ? null : raw;
  if (value === null) {
    if (field.required) return { key: 'required', params: {} };
    if (field.kind === 'enum' && !field.nullable && !field.options.includes(null))
      return { key: 'required', params: {} };
    return null;
  }
  if (field.kind === 'const') {
    return value === field.options[0]
      ? null
      : { key: 'const', params: { value: formatOption(field.options[0] ?? null) } };
  }
  if (field.kind === 'enum') {
    return field.options.includes(value)
      ? null
      : {
          key: 'enum',
          params: { values: formatOptions(field.options) },
        };
  }
  if (field.kind === 'boolean') {
    if (typeof value !== 'boolean') return { key: 'boolean', params: {} };
    return field.options[0] === true && !value ? { key: 'accept', params: {} } : null;
  }
  if (field.kind === 'integer' || field.kind === 'number') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    if (typeof value === 'boolean' || String(value).trim() === '' || !Number.isFinite(n))
      return { key: 'number', params: {} };
    if (field.kind === 'integer' && !Number.isInteger(n)) return { key: 'integer', params: {} };
    if (field.minimum !== undefined && n < field.minimum)
      return { key: 'minimum', params: { limit: field.minimum } };
    if (field.maximum !== undefined && n > field.maximum)
      return { key: 'maximum', params: { limit: field.maximum } };
    if (field.exclusiveMinimum !== undefined && n <= field.exclusiveMinimum)
      return { key: 'exclusiveMinimum', params: { limit: field.exclusiveMinimum } };
    if (field.exclusiveMaximum !== undefined && n >= field.exclusiveMaximum)
      return { key: 'exclusiveMaximum', params: { limit: field.exclusiveMaximum } };
    return null;
  }
  const text = String(value);
  const length = [...text].length;
  if (field.minLength !== undefined && length < field.minLength)
    return { key: 'minLength', params: { n: field.minLength }, count: field.minLength };
  if (field.maxLength !== undefined && length > field.maxLength)
    return { key: 'maxLength', params: { n: field.maxLength }, count: field.maxLength };
  for (const pattern of field.patterns) {
    if (matches(pattern, text) === false) return { key: 'pattern', params: { pattern } };
  }
  for (const pattern of field.forbiddenPatterns) {
    if (matches(pattern, text) === true) return { key: 'forbiddenPattern', params: { pattern } };
  }
  return null;
}

/** Turns what a text input holds into the field's typed value. */
export function coerceInput(field: FieldModel, input: string | number | null): FieldValue {
  if (input === null || input === '') return null;
  if (field.kind === 'integer' || field.kind === 'number') {
    const n = typeof input === 'number' ? input : Number(input.trim());
    // Left as typed when it is not a number, so validation can say so.
    return Number.isFinite(n) && String(input).trim() !== '' ? n : String(input);
  }
  return String(input);
}
