import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createError, EmulatorErrorCodes } from '../errors.ts';
import { parseSeed, type Seed } from './schema.ts';

/** Absolute path of the bundled demo seed. */
export const demoSeedPath = fileURLToPath(new URL('../../seeds/demo.json', import.meta.url));

/** Reads and validates a seed file (JSON). */
export async function loadSeedFile(path: string): Promise<Seed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw createError(
      EmulatorErrorCodes.seedUnreadable,
      `Cannot read seed file ${path}: ${String(cause)}`,
      400,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw createError(
      EmulatorErrorCodes.invalidSeed,
      `Seed file ${path} is not valid JSON: ${String(cause)}`,
      400,
    );
  }
  return parseSeed(value);
}
