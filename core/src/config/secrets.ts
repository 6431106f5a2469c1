import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreConfig } from './schema.ts';

/**
 * The installation's secret: from config, or generated once and kept in the data folder (mode
 * 0600) so that restarts keep sessions and encrypted data readable. Production refuses the
 * generated path at config load.
 */
export async function resolveSecretKey(
  config: Pick<CoreConfig, 'secretKey' | 'dataDir'>,
): Promise<{ key: string; generated: boolean }> {
  if (config.secretKey) return { key: config.secretKey, generated: false };
  const file = join(config.dataDir, 'secret.key');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return { key: existing, generated: false };
  } catch {
    // Not there yet: generate below.
  }
  await mkdir(config.dataDir, { recursive: true });
  const key = randomBytes(48).toString('base64url');
  await writeFile(file, key + '\n', { mode: 0o600 });
  return { key, generated: true };
}
