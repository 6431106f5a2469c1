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

/**
 * Whether a value holds U+0000 anywhere (in a string, or in a key or value of a nested object or
 * array). PostgreSQL text and jsonb cannot store it: check input that will be stored (or compared
 * with stored text) and refuse it with a coded error rather than failing the statement.
 */
export function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v));
  return false;
}
