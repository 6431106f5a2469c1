import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { parameterDefaults, type ParameterValue, type TemplateParameters } from '@pteronimbus/sdk';
import { ServerParametersInvalid } from '../errors/codes.ts';

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

/**
 * Every problem of `values` (explicit values only; defaults fill the rest) against the template's
 * parameter schema, with paths under `/parameters`. Names the template does not have are
 * problems too, so that a typo never passes silently.
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
  const effective = { ...parameterDefaults(parameters), ...values };
  for (const error of Value.Errors(parameters as unknown as TSchema, effective)) {
    if (error.keyword === 'required') {
      const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      for (const name of missing)
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
    const first = Value.Errors(property as unknown as TSchema, value)[0];
    if (first) {
      dropped.push({ name, value, reason: 'invalid', message: first.message });
      continue;
    }
    kept[name] = value;
  }
  return { kept, dropped };
}
