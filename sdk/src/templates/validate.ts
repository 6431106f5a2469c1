import { Value } from 'typebox/value';
import { createError } from '../errors.ts';
import { GameTemplateSpecSchema, type GameTemplateSpec } from './schema.ts';

/** Raised for a GameTemplate spec that breaks its schema; `details.problems` lists where. */
export const TemplateInvalidError = createError<[string]>(
  'PN_TEMPLATE_INVALID',
  'Invalid GameTemplate: %s',
  422,
);

/** One problem found in a template, with the JSON pointer of the value. */
export interface TemplateProblem {
  path: string;
  message: string;
}

/**
 * Checks a spec against {@link GameTemplateSpecSchema} and the rules a schema cannot state: stop
 * has exactly one of command or signal, names are unique, required parameters and the image
 * parameter exist, and each parameter is keyed by its own environment variable.
 */
export function templateProblems(spec: unknown): TemplateProblem[] {
  const problems: TemplateProblem[] = [...Value.Errors(GameTemplateSpecSchema, spec)].map((e) => ({
    path: e.instancePath || '/',
    message: e.message,
  }));
  if (problems.length > 0) return problems;
  const t = spec as GameTemplateSpec;
  if ((t.stop.command === undefined) === (t.stop.signal === undefined)) {
    problems.push({ path: '/stop', message: 'must set exactly one of command and signal' });
  }
  const portNames = new Set<string>();
  t.ports.forEach((p, i) => {
    if (portNames.has(p.name))
      problems.push({ path: `/ports/${i}/name`, message: `duplicate port name ${p.name}` });
    portNames.add(p.name);
  });
  for (const [key, property] of Object.entries(t.parameters.properties)) {
    if (property.envVariable !== key) {
      problems.push({
        path: `/parameters/properties/${key}/envVariable`,
        message: 'must equal the property key',
      });
    }
  }
  if (t.imageParameter !== undefined && !Object.hasOwn(t.parameters.properties, t.imageParameter))
    problems.push({ path: '/imageParameter', message: `names no parameter (${t.imageParameter})` });
  t.parameters.required.forEach((name, i) => {
    if (!Object.hasOwn(t.parameters.properties, name)) {
      problems.push({ path: `/parameters/required/${i}`, message: `names no parameter (${name})` });
    }
  });
  return problems;
}

/** Throws {@link TemplateInvalidError} unless `spec` is a valid GameTemplate spec. */
export function assertTemplateSpec(spec: unknown): asserts spec is GameTemplateSpec {
  const problems = templateProblems(spec);
  if (problems.length > 0) {
    const first = problems[0] as TemplateProblem;
    throw TemplateInvalidError(`${first.path} ${first.message}`, { problems });
  }
}
