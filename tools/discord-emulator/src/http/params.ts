import { isSnowflake } from '../snowflake.ts';
import { invalidFormBody } from './discord-errors.ts';

/** A path or query snowflake, or Discord's 50035 `NUMBER_TYPE_COERCE`. */
export function snowflakeParam(name: string, value: string | undefined): string {
  if (!isSnowflake(value)) {
    throw invalidFormBody({
      [name]: { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(value)}" is not snowflake.` },
    });
  }
  return value;
}

/** An optional integer query value within bounds, with Discord's 50035 field errors. */
export function intQuery(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!/^-?[0-9]+$/.test(value)) {
    throw invalidFormBody({
      [name]: { code: 'NUMBER_TYPE_COERCE', message: `Value "${value}" is not int.` },
    });
  }
  const n = Number(value);
  if (n < min) {
    throw invalidFormBody({
      [name]: {
        code: 'NUMBER_TYPE_MIN',
        message: `int value should be greater than or equal to ${min}.`,
      },
    });
  }
  if (n > max) {
    throw invalidFormBody({
      [name]: {
        code: 'NUMBER_TYPE_MAX',
        message: `int value should be less than or equal to ${max}.`,
      },
    });
  }
  return n;
}

/** Discord's truthy query booleans. */
export function boolQuery(value: string | undefined): boolean {
  return value === 'true' || value === '1' || value === 'True';
}
