import type { TemplateParameters, ParameterProperty } from './schema.ts';

/** A parameter value as a form or API holds it, before it becomes an environment string. */
export type ParameterValue = string | number | boolean | null | undefined;

/**
 * The environment form of a value. Booleans become `1`/`0`, the only forms Laravel's `boolean`
 * rule accepts from a string, so scripts written for eggs (`[ "$X" == "1" ]`) keep working.
 */
export function formatParameterValue(value: ParameterValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

const INTEGER = /^\s*[+-]?\d+\s*$/;
const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

function typesOf(property: Pick<ParameterProperty, 'type'> | Record<string, unknown>): string[] {
  const type = property.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return ['string'];
}

/**
 * Reads an environment string as the typed value the parameter's schema describes, the way the
 * panel reads a submitted form field: an empty string is "no value" (`null`), a canonical integer
 * or number becomes a number, `1`/`0` become booleans. Anything that does not fit stays a string,
 * so validation then rejects it.
 */
export function parseParameterValue(
  property: Record<string, unknown>,
  raw: string,
): ParameterValue {
  if (raw === '') return null;
  const types = typesOf(property);
  if (types.includes('integer') && INTEGER.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n)) return n;
  }
  if (types.includes('number') && NUMERIC.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  if (types.includes('boolean') && (raw === '1' || raw === '0')) return raw === '1';
  return raw;
}

/** The default value of every parameter that has one, keyed by environment variable. */
export function parameterDefaults(parameters: TemplateParameters): Record<string, ParameterValue> {
  const out: Record<string, ParameterValue> = {};
  for (const [name, property] of Object.entries(parameters.properties)) {
    if (property.default !== undefined) out[name] = property.default as ParameterValue;
  }
  return out;
}

/**
 * The environment a server gets from its parameters: every parameter, from `values` when given
 * there, else its default, else empty.
 */
export function parameterEnvironment(
  parameters: TemplateParameters,
  values: Readonly<Record<string, ParameterValue>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, property] of Object.entries(parameters.properties)) {
    const value = Object.hasOwn(values, name) ? values[name] : (property.default as ParameterValue);
    env[property.envVariable] = formatParameterValue(value);
  }
  return env;
}
