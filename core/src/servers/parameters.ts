import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  parameterDefaults,
  stringLengthLimit,
  withoutUnsafePatterns,
  type ParameterProperty,
  type ParameterValue,
  type TemplateParameters,
} from '@pteronimbus/sdk';
import { ServerParameterLocked, ServerParametersInvalid } from '../errors/codes.ts';

/**
 * One problem with a parameter value, where it is in the request. `code` and `params` say it
 * in a form the panel translates (`unknown`, `required`, or the JSON Schema keyword that failed:
 * `maximum` with `limit`, `pattern` with `pattern`, `enum` with `values`…); `message` says it in
 * English for everyone else.
 */
export interface ParameterIssue {
  path: string;
  message: string;
  code: string;
  params: Record<string, unknown>;
}

/** The keyword's parameters under stable names: `limit`, `pattern`, `values`, `value`, `type`. */
function issueParams(keyword: string, params: Record<string, unknown>): Record<string, unknown> {
  switch (keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
      return { limit: params.limit };
    case 'pattern':
      return { pattern: params.pattern };
    case 'enum':
      return { values: params.allowedValues };
    case 'const':
      return { value: params.allowedValue };
    case 'type':
      return { type: params.type };
    default:
      return {};
  }
}

/** A value the move to another template version could not keep (R8.5). */
export interface DroppedParameter {
  name: string;
  value: ParameterValue;
  reason: 'removed' | 'invalid';
  message: string;
}

const escape = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/** Values as the request gave them: `null` means "back to the default", so it is left out. */
export function explicitValues(
  values: Readonly<Record<string, unknown>>,
): Record<string, ParameterValue> {
  const out: Record<string, ParameterValue> = {};
  for (const [name, value] of Object.entries(values))
    if (value !== null && value !== undefined) out[name] = value as ParameterValue;
  return out;
}

const safeSchemas = new WeakMap<TemplateParameters, TemplateParameters>();

/**
 * The schema values are validated against: the template's, with every string held to its length
 * limit (`stringLengthLimit`: its own `maxLength`, a default without one, never above the
 * ceiling) and without patterns that may backtrack without bound. The template library refuses
 * such patterns; this keeps one from a template stored earlier, or from another catalog, off
 * core's event loop.
 */
export function validationSchema(parameters: TemplateParameters): TemplateParameters {
  const cached = safeSchemas.get(parameters);
  if (cached) return cached;
  const properties: Record<string, ParameterProperty> = {};
  for (const [name, property] of Object.entries(parameters.properties))
    properties[name] = {
      ...(withoutUnsafePatterns(property) as ParameterProperty),
      maxLength: stringLengthLimit(property),
    };
  const schema = { ...parameters, properties };
  safeSchemas.set(parameters, schema);
  return schema;
}

/** The issue of a string longer than its parameter allows, if `value` is one. */
function lengthIssue(
  name: string,
  property: ParameterProperty,
  value: unknown,
): ParameterIssue | undefined {
  const limit = stringLengthLimit(property);
  if (typeof value !== 'string' || value.length <= limit) return undefined;
  return {
    path: `/parameters/${escape(name)}`,
    message: `must NOT have more than ${limit} characters`,
    code: 'maxLength',
    params: { limit },
  };
}

/**
 * Every problem of `values` (explicit values only; defaults fill the rest) against the template's
 * parameter schema, with paths under `/parameters`. Names the template does not have are
 * problems too, so that a typo never passes silently. A string over its length limit is reported
 * as `maxLength` and checked no further: patterns only ever run on strings of bounded length.
 */
export function parameterIssues(
  parameters: TemplateParameters,
  values: Readonly<Record<string, ParameterValue>>,
): ParameterIssue[] {
  const issues: ParameterIssue[] = [];
  for (const name of Object.keys(values))
    if (!Object.hasOwn(parameters.properties, name))
      issues.push({
        path: `/parameters/${escape(name)}`,
        message: 'is not a parameter of this template',
        code: 'unknown',
        params: {},
      });
  const effective: Record<string, ParameterValue> = { ...parameterDefaults(parameters), ...values };
  const overLong = new Set<string>();
  for (const [name, property] of Object.entries(parameters.properties)) {
    const issue = lengthIssue(name, property, effective[name]);
    if (!issue) continue;
    issues.push(issue);
    overLong.add(name);
    delete effective[name];
  }
  for (const error of Value.Errors(validationSchema(parameters) as unknown as TSchema, effective)) {
    if (error.keyword === 'required') {
      const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      for (const name of missing)
        if (!overLong.has(name))
          issues.push({
            path: `/parameters/${escape(name)}`,
            message: 'is required',
            code: 'required',
            params: {},
          });
      continue;
    }
    issues.push({
      path: `/parameters${error.instancePath}`,
      message: error.message,
      code: error.keyword,
      params: issueParams(error.keyword, error.params as Record<string, unknown>),
    });
  }
  return issues;
}

/** Throws `PN_SERVER_PARAMETERS_INVALID` with every issue when there is any. */
export function assertParameters(
  parameters: TemplateParameters,
  values: Readonly<Record<string, ParameterValue>>,
): void {
  const issues = parameterIssues(parameters, values);
  if (issues.length === 0) return;
  throw ServerParametersInvalid(issues.map((i) => `${i.path} ${i.message}`).join('; '), { issues });
}

/**
 * Carries values over to another version of the template: a value is kept when the new version
 * still has that parameter and accepts it; every other one is reported and dropped.
 */
export function carryOver(
  target: TemplateParameters,
  values: Readonly<Record<string, ParameterValue>>,
): { kept: Record<string, ParameterValue>; dropped: DroppedParameter[] } {
  const kept: Record<string, ParameterValue> = {};
  const dropped: DroppedParameter[] = [];
  for (const [name, value] of Object.entries(values)) {
    const property = target.properties[name];
    if (!property) {
      dropped.push({
        name,
        value,
        reason: 'removed',
        message: 'the new version has no such parameter',
      });
      continue;
    }
    const tooLong = lengthIssue(name, property, value);
    const first = tooLong
      ? tooLong
      : Value.Errors(validationSchema(target).properties[name] as unknown as TSchema, value)[0];
    if (first) {
      dropped.push({ name, value, reason: 'invalid', message: first.message });
      continue;
    }
    kept[name] = value;
  }
  return { kept, dropped };
}

/**
 * Parameters a member without `template.manage` may not see: those the template marks
 * `userViewable: false`.
 */
export function hiddenParameters(parameters: TemplateParameters): Set<string> {
  return new Set(
    Object.entries(parameters.properties)
      .filter(([, p]) => p.userViewable === false)
      .map(([name]) => name),
  );
}

/**
 * Parameters a member without `template.manage` may not set: those marked `userEditable: false`,
 * and those they may not see, since a value one cannot read is not one to change.
 */
export function lockedParameters(parameters: TemplateParameters): Set<string> {
  return new Set(
    Object.entries(parameters.properties)
      .filter(([, p]) => p.userEditable === false || p.userViewable === false)
      .map(([name]) => name),
  );
}

/** `values` without the names in `hidden`. */
export function withoutHidden<T>(
  values: Readonly<Record<string, T>>,
  hidden: ReadonlySet<string>,
): Record<string, T> {
  if (hidden.size === 0) return { ...values };
  return Object.fromEntries(Object.entries(values).filter(([name]) => !hidden.has(name)));
}

/**
 * Refuses (`PN_SERVER_PARAMETER_LOCKED`) a change by a member without `template.manage` to a
 * locked parameter (see {@link lockedParameters}): `before` and `after` are the explicit values
 * without and with the change, each falling back to the template's default. A value that stays
 * what it was (the default, for a new server) is no change, so a form may send it back.
 */
export function assertUnlocked(
  parameters: TemplateParameters,
  before: Readonly<Record<string, ParameterValue>>,
  after: Readonly<Record<string, ParameterValue>>,
): void {
  const defaults = parameterDefaults(parameters);
  const effective = (values: Readonly<Record<string, ParameterValue>>, name: string) =>
    Object.hasOwn(values, name) ? values[name] : defaults[name];
  const changed = [...lockedParameters(parameters)].filter(
    (name) => !Object.is(effective(before, name), effective(after, name)),
  );
  if (changed.length > 0)
    throw ServerParameterLocked(changed.join(', '), { parameters: changed.sort() });
}
