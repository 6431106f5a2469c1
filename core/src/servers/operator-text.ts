/**
 * What tenants see of the text an operator reports (status messages, condition messages, console
 * and log failures). The operator runs in a cluster the panel does not control and may be
 * compromised; its text may name internal hosts, addresses, paths or carry a stack trace. Tenants
 * get a bounded, one-line summary with those replaced; the codes (`reason`, `operatorCode`) stay
 * as they are when they look like codes. The full text goes to core's log only.
 */

/** Longest summary a tenant sees. */
export const OPERATOR_TEXT_MAX = 200;

// Control characters (terminal escapes included) become spaces.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const INTERNAL_HOST =
  /\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:svc|cluster\.local|internal|local|localdomain|lan)\b(?::\d+)?/gi;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g;
// Colon groups with a `::` or four colons or more: an IPv6 address, not a time of day.
const IPV6 = /\[?\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b\]?(?::\d+)?/gi;
const ipv6 = (match: string) =>
  match.includes('::') || match.split(':').length > 4 ? '<address>' : match;
// An absolute path (two segments or more), not the `3` of `0/3`.
const PATH = /(?<![\w/.])\/(?:[\w.@+-]+\/)+[\w.@+-]*/g;
const STACK = /\s+at\s+\S+\s*\(.*$/;

/** A tenant-safe summary of operator text; `null` stays `null`. */
export function operatorSummary(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const line = (text.split(/\r?\n/)[0] ?? '')
    .replace(STACK, '')
    .replace(CONTROL, ' ')
    .replace(URL_LIKE, '<url>')
    .replace(INTERNAL_HOST, '<host>')
    .replace(IPV4, '<address>')
    .replace(IPV6, ipv6)
    .replace(PATH, '<path>')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > OPERATOR_TEXT_MAX ? `${line.slice(0, OPERATOR_TEXT_MAX - 1)}…` : line;
}

const CODE = /^PN_[A-Z0-9_]{1,60}$/;
const REASON = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** An operator's error code as tenants may see it: a `PN_…` code, or the generic one. */
export function operatorCode(code: unknown): string | null {
  if (code === undefined || code === null) return null;
  return typeof code === 'string' && CODE.test(code) ? code : 'PN_OPERATOR_ERROR';
}

/** A reported condition (Kubernetes style) with only its known fields, each bounded. */
export function operatorCondition(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const c = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof c.type === 'string' && REASON.test(c.type)) out.type = c.type;
  else return null;
  if (c.status === 'True' || c.status === 'False' || c.status === 'Unknown') out.status = c.status;
  if (typeof c.reason === 'string') out.reason = REASON.test(c.reason) ? c.reason : 'Unknown';
  if (typeof c.message === 'string') out.message = operatorSummary(c.message);
  if (typeof c.lastTransitionTime === 'string' && !Number.isNaN(Date.parse(c.lastTransitionTime)))
    out.lastTransitionTime = c.lastTransitionTime.slice(0, 40);
  if (Number.isSafeInteger(c.observedGeneration)) out.observedGeneration = c.observedGeneration;
  return out;
}

/** Every condition of a status, as tenants may see them (at most 20). */
export function operatorConditions(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, 20)
    .map(operatorCondition)
    .filter((c): c is Record<string, unknown> => c !== null);
}
