import type { EntityManager } from '@mikro-orm/core';

/** One schema change of a plugin, written as SQL. Names sort in the order they apply. */
export interface PluginMigration {
  /** Unique within the plugin, sortable, e.g. `0001_create_backups`. */
  name: string;
  /** SQL statements applied in one transaction. */
  up: string[];
  /** SQL statements that undo `up`. */
  down?: string[];
}

/** Database access for a plugin. */
export interface DatabaseService {
  /** A fresh entity manager (unit of work) for one request or job. */
  em(): EntityManager;
  /** Runs `fn` in a transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /** Runs one parameterised SQL statement (`$1`, `$2`, …) and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}
