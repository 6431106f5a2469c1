import type { ApiError } from '../../api/errors.ts';
import {
  newIdempotencyKey,
  serverErrorCodes,
  type CreateServerBody,
  type PortExposure,
  type ServerResources,
} from '../../api/servers.ts';
import {
  initialValues,
  problemFromCore,
  type FieldModel,
  type FieldProblem,
  type FieldValue,
} from '../schema-form/schema.ts';

/** The steps of the create wizard, in order. */
export const wizardSteps = ['template', 'parameters', 'resources', 'review'] as const;
/** See {@link wizardSteps}. */
export type WizardStep = (typeof wizardSteps)[number];

/** What the wizard collects; resource inputs stay text until sent (empty = template default). */
export interface WizardDraft {
  name: string;
  templateId: string;
  templateVersion: number | null;
  parameters: Record<string, FieldValue>;
  resources: Record<keyof ServerResources, string>;
  exposure: PortExposure;
  /** Empty: the tenant's default cluster. */
  clusterId: string;
  start: boolean;
}

/** A fresh draft. */
export function emptyDraft(): WizardDraft {
  return {
    name: '',
    templateId: '',
    templateVersion: null,
    parameters: {},
    resources: { cpu: '', memory: '', disk: '' },
    exposure: 'ClusterIP',
    clusterId: '',
    start: true,
  };
}

/** A resource input: empty (the default), a positive whole number, or invalid. */
export function resourceValue(text: string): number | null | 'invalid' {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  const value = Number(trimmed);
  return value >= 1 && Number.isSafeInteger(value) ? value : 'invalid';
}

/**
 * The values worth sending: what the form shows (the user's entries over its starting values)
 * wherever it differs from the template's default. Defaults stay implicit, so the server follows
 * the template's defaults later on; a field without a default is sent as soon as it holds a
 * value, even one the user never touched (an unchecked switch is `false`, not "unset"), and a
 * constant always is.
 */
export function explicitParameters(
  fields: readonly FieldModel[],
  entered: Record<string, FieldValue>,
): Record<string, FieldValue> {
  const values = { ...initialValues(fields), ...entered };
  const out: Record<string, FieldValue> = {};
  for (const field of fields) {
    // A constant (an accepted licence, a fixed version) has one value, sent as it is; other
    // read-only fields keep the template's default.
    if (field.readonly && field.kind !== 'const') continue;
    const value = field.kind === 'const' ? (field.options[0] ?? null) : values[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (value === field.default) continue;
    out[field.name] = value;
  }
  return out;
}

/** The `POST /servers` body of a complete draft. */
export function createBody(draft: WizardDraft, fields: readonly FieldModel[]): CreateServerBody {
  const resources: Partial<ServerResources> = {};
  for (const key of ['cpu', 'memory', 'disk'] as const) {
    const value = resourceValue(draft.resources[key]);
    if (typeof value === 'number') resources[key] = value;
  }
  const parameters = explicitParameters(fields, draft.parameters);
  return {
    name: draft.name.trim(),
    templateId: draft.templateId,
    ...(draft.templateVersion !== null ? { templateVersion: draft.templateVersion } : {}),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
    exposure: draft.exposure,
    ...(draft.clusterId !== '' ? { clusterId: draft.clusterId } : {}),
    start: draft.start,
  };
}

/**
 * One idempotency key per distinct request: a retry of the same body (after a timeout, a lost
 * answer, a double click) sends the same key, so core creates the server at most once; a changed
 * body is a new request with a new key.
 */
export function idempotencyKeys(make: () => string = newIdempotencyKey) {
  let last: { body: string; key: string } | null = null;
  return {
    keyFor(body: unknown): string {
      const text = JSON.stringify(body);
      if (last?.body !== text) last = { body: text, key: make() };
      return last.key;
    },
  };
}

/** The step where a refusal of core can be fixed. */
export function stepOfError(error: ApiError): WizardStep {
  switch (error.code) {
    case serverErrorCodes.parametersInvalid:
      return 'parameters';
    case serverErrorCodes.templateNotFound:
      return 'template';
    case serverErrorCodes.quotaExceeded:
      return quotaOf(error)?.quota === 'servers' ? 'review' : 'resources';
    case serverErrorCodes.clusterRequired:
    case serverErrorCodes.clusterUnavailable:
      return 'resources';
    default:
      return 'review';
  }
}

/** The quota a `PN_QUOTA_EXCEEDED` names. */
export interface QuotaProblem {
  quota: 'servers' | 'cpu' | 'memory' | 'disk';
  limit: number;
  used: number;
  requested: number;
}

const quotas: ReadonlySet<string> = new Set(['servers', 'cpu', 'memory', 'disk']);

/** Every quota a refusal names (core lists each one exceeded). */
export function quotasOf(error: ApiError): QuotaProblem[] {
  const details = error.details as { exceeded?: unknown } | undefined;
  const list = Array.isArray(details?.exceeded) ? details.exceeded : [details];
  return list.filter(
    (item): item is QuotaProblem =>
      typeof item === 'object' &&
      item !== null &&
      quotas.has(String((item as { quota?: unknown }).quota)) &&
      typeof (item as { limit?: unknown }).limit === 'number',
  );
}

function quotaOf(error: ApiError): QuotaProblem | undefined {
  return quotasOf(error)[0];
}

/** One refused parameter of `PN_SERVER_PARAMETERS_INVALID`. */
export interface ParameterIssue {
  name: string;
  /** Core's English wording, shown when the panel cannot word `problem` itself. */
  message: string;
  /** What failed, for the panel to say in its own language; null for a code it does not know. */
  problem: FieldProblem | null;
}

/** The refused parameters, by name (`/parameters/MAX_PLAYERS` → `MAX_PLAYERS`). */
export function parameterIssues(error: ApiError): ParameterIssue[] {
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const { path, message, code, params } = issue as {
      path?: unknown;
      message?: unknown;
      code?: unknown;
      params?: unknown;
    };
    if (typeof message !== 'string') return [];
    const name =
      typeof path === 'string'
        ? path
            .replace(/^\/parameters\/?/, '')
            .replace(/~1/g, '/')
            .replace(/~0/g, '~')
        : '';
    return [{ name, message, problem: problemFromCore(code, params) }];
  });
}

/** The resources a server asks for, in the order the wizard shows them. */
export const resourceKeys = ['cpu', 'memory', 'disk'] as const satisfies ReadonlyArray<
  keyof ServerResources
>;
