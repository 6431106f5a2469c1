/** Discord's epoch, the first second of 2015, in Unix milliseconds. */
export const DISCORD_EPOCH = 1_420_070_400_000;

const MAX_SNOWFLAKE = (1n << 64n) - 1n;

/** Whether a value is a decimal snowflake Discord would accept in a path or query. */
export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9]{1,20}$/.test(value) && BigInt(value) <= MAX_SNOWFLAKE;
}

/** Compares two snowflakes numerically, for sorting. */
export function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Makes snowflakes from a clock: timestamp, worker 1, process 0, increment. */
export function createSnowflakeGenerator(now: () => number): () => string {
  let increment = 0n;
  return () => {
    increment = (increment + 1n) & 0xfffn;
    const ms = BigInt(Math.max(0, Math.floor(now()) - DISCORD_EPOCH));
    return ((ms << 22n) | (1n << 17n) | increment).toString();
  };
}

/** The creation time encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}
