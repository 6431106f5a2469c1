import { createError, type PnError } from '../errors.ts';

/**
 * The one error an egg that cannot be read raises. `details.path` is the JSON path of the
 * offending value (`$.variables[3].env_variable`), `details.expected` what it should have been.
 */
export const EggInvalidError = createError<[string, string]>(
  'PN_EGG_INVALID',
  'Invalid egg at %s: expected %s',
  400,
);

/** Builds an {@link EggInvalidError} for the value at `path`. */
export function eggInvalid(path: string, expected: string): PnError {
  return EggInvalidError(path, expected, { path, expected });
}
