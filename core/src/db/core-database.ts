import type { Logger } from '@pteronimbus/sdk';
import { AuditEntry } from '../audit/entity.ts';
import type { CoreConfig } from '../config/schema.ts';
import type { LoadedPlugin } from '../plugins/loader.ts';
import { coreMigrations } from './migrations/index.ts';
import { openDatabase, type Database } from './orm.ts';

/** Core's own entities; plugins add theirs through their declaration. */
export const CORE_ENTITIES: unknown[] = [AuditEntry];

/**
 * Opens the installation's database with core's and every plugin's entities and migrations
 * (core's first, then each plugin's in load order). The server and `pteronimbus migrate` share it.
 */
export function openCoreDatabase(
  config: Pick<CoreConfig, 'databaseUrl' | 'dataDir'>,
  plugins: LoadedPlugin[],
  logger: Logger,
): Promise<Database> {
  return openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    entities: [...CORE_ENTITIES, ...plugins.flatMap((p) => p.plugin.database?.entities ?? [])],
    migrations: [
      { owner: 'core', migrations: coreMigrations },
      ...plugins.map((p) => ({
        owner: p.plugin.name,
        migrations: p.plugin.database?.migrations ?? [],
      })),
    ],
  });
}
