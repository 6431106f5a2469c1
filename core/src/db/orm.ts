import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Migration, Migrator } from '@mikro-orm/migrations';
import type { Pool } from 'pg';
import type { DatabaseService, Logger, PluginMigration } from '@pteronimbus/sdk';
import { DatabaseUnavailable, MigrationFailed } from '../errors/codes.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts';

/** A set of migrations owned by one module (core or a plugin). */
export interface MigrationSet {
  owner: string;
  migrations: PluginMigration[];
}

export interface DatabaseOptions {
  /** `null` starts the embedded PostgreSQL under `dataDir`. */
  url: string | null;
  dataDir: string;
  logger: Logger;
  entities: unknown[];
  migrations: MigrationSet[];
  /** Largest pool size against a real PostgreSQL. */
  poolMax?: number;
}

/** Core's handle on the database. */
export interface Database extends DatabaseService {
  readonly orm: MikroORM;
  readonly embedded: boolean;
  /** Applies every pending migration; returns the names applied. */
  migrate(): Promise<string[]>;
  pending(): Promise<string[]>;
  ping(): Promise<void>;
  /**
   * Runs `fn` in one transaction on one pooled connection, with `$n` SQL as `query` takes it: a
   * change and its audit entry commit together or not at all.
   */
  inTransaction<T>(fn: (query: Database['query']) => Promise<T>): Promise<T>;
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** Turns SQL migrations into MikroORM migration classes named `<owner>/<name>`. */
function toMikroMigrations(sets: MigrationSet[]) {
  return sets.flatMap((set) =>
    set.migrations.map((m) => {
      const name = `${set.owner}/${m.name}`;
      class SqlMigration extends Migration {
        override up() {
          for (const sql of m.up) this.addSql(sql);
        }
        override down() {
          for (const sql of m.down ?? []) this.addSql(sql);
        }
      }
      return { name, class: SqlMigration };
    }),
  );
}

/** Connects (starting the embedded PostgreSQL when no URL is given) and returns the database handle. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let url = options.url;
  if (!url) {
    embedded = await startEmbeddedPostgres(options.dataDir);
    url = embedded.url;
  }
  let pool: Pool | null = null;
  let orm: MikroORM;
  try {
    orm = await MikroORM.init({
      clientUrl: url,
      entities: options.entities as never[],
      extensions: [Migrator],
      // PGlite has a single session: concurrent transactions over several connections would interleave.
      pool: embedded ? { min: 0, max: 1 } : { min: 0, max: options.poolMax ?? 10 },
      driverOptions: {
        onPoolCreated: (p: Pool) => {
          pool = p;
        },
        connectionTimeoutMillis: 5_000,
      },
      migrations: {
        tableName: 'pn_migrations',
        migrationsList: toMikroMigrations(options.migrations),
        transactional: true,
        allOrNothing: true,
        snapshot: false,
        silent: true,
      },
      debug: false,
      ensureDatabase: false,
      discovery: { warnWhenNoEntities: false },
    });
    await orm.em.getConnection().execute('select 1');
  } catch (err) {
    await embedded?.stop();
    throw DatabaseUnavailable(describeConnectionError(err, url));
  }

  const db: Database = {
    orm,
    embedded: embedded !== null,
    em: () => orm.em.fork() as unknown as ReturnType<DatabaseService['em']>,
    transaction: (fn) => orm.em.fork().transactional((em) => fn(em as never)),
    async query<R>(sql: string, params: unknown[] = []) {
      // Straight to the pool: `$n` placeholders as PostgreSQL has them, no ORM rewriting.
      const p = pool as Pool | null;
      if (!p) throw DatabaseUnavailable('the connection pool is not open');
      return (await p.query(sql, params)).rows as R[];
    },
    async migrate() {
      try {
        const applied = await orm.migrator.up();
        return applied.map((m) => m.name);
      } catch (err) {
        throw MigrationFailed((err as Error).message);
      }
    },
    async pending() {
      return (await orm.migrator.getPending()).map((m) => m.name);
    },
    async ping() {
      await (pool as Pool | null)?.query('select 1');
    },
    async inTransaction(fn) {
      const p = pool as Pool | null;
      if (!p) throw DatabaseUnavailable('the connection pool is not open');
      const client = await p.connect();
      let broken = false;
      try {
        await client.query('begin');
        const result = await fn(
          async <R>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)).rows as R[],
        );
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => (broken = true));
        throw err;
      } finally {
        // A connection that could not even roll back is dropped, not handed to the next caller.
        client.release(broken);
      }
    },
    poolStats() {
      const p = pool as Pool | null;
      return p
        ? { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount }
        : { total: 0, idle: 0, waiting: 0 };
    },
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
  return db;
}

function describeConnectionError(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string };
  const where = safeHost(url);
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `host ${where} not found`;
  if (e.code === 'ECONNREFUSED') return `connection refused at ${where}`;
  if (e.code === '3D000') return `database does not exist at ${where}`;
  if (e.code === '28P01' || e.code === '28000') return `authentication failed at ${where}`;
  return `${(e.message ?? 'unknown error').split('\n')[0]} (${where})`;
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'the configured URL';
  }
}

export type { EntityManager };
