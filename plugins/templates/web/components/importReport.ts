import type { ImportResult } from '../api.ts';

/** One egg's outcome, labelled by where it came from (a file name, "Egg 1", a URL). */
export interface ReportEntry {
  label: string;
  result: ImportResult;
}

/** A failed entry made by the panel itself (a file too large to send, an unreadable file). */
export function localFailure(
  label: string,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): ReportEntry {
  return {
    label,
    result: { index: -1, ok: false, error: { code, message, ...(details ? { details } : {}) } },
  };
}

/** The JSON path of a failed egg's problem, as core reports it in `details.path`. */
export function errorPath(result: ImportResult): string | null {
  if (result.ok) return null;
  const path = result.error.details?.path;
  return typeof path === 'string' && path !== '' ? path : null;
}
