import type { ConversionReport, DatabaseService, GameTemplateSpec } from '@pteronimbus/sdk';
import { TemplateCursorInvalid } from './errors.ts';

/** Runs one SQL statement with `$1`, `$2`, … placeholders and returns its rows. */
export type Sql = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

/** Who owns a template: the installation (global) or one tenant. */
export type Owner = { scope: 'global'; tenantId: null } | { scope: 'tenant'; tenantId: string };

/** A template as listed. */
export interface TemplateRecord {
  id: string;
  scope: 'global' | 'tenant';
  tenantId: string | null;
  slug: string;
  name: string;
  gameId: string;
  icon: string | null;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** One stored version. */
export interface VersionRecord {
  templateId: string;
  version: number;
  /** The GameTemplate spec, with its `source` when it came from an egg. */
  spec: GameTemplateSpec;
  sourceFormat: string | null;
  report: ConversionReport | null;
  createdBy: string | null;
  createdAt: string;
  note: string | null;
}

/** What the listing of templates may filter on. */
export interface TemplateFilter {
  /** Tenant whose own templates are listed; `null` lists none. */
  tenantId: string | null;
  includeGlobal: boolean;
  query?: string | undefined;
  gameId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The plain-SQL surface of the entity manager a transaction hands out. */
interface RawExecutor {
  execute(sql: string, params: unknown[]): Promise<unknown>;
}

/** Statements through the pool, outside any transaction. */
export function poolSql(db: DatabaseService): Sql {
  return (text, params) => db.query(text, params);
}

/**
 * Runs `fn` in one transaction. The entity manager's raw execution takes `?` placeholders, so the
 * `$n` ones this module writes are rewritten in order.
 */
export function inTransaction<T>(db: DatabaseService, fn: (sql: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async (em) => {
    const executor = em as unknown as RawExecutor;
    const sql: Sql = async <R>(text: string, params: unknown[] = []) => {
      const ordered: unknown[] = [];
      const rewritten = text.replace(/\$(\d+)/g, (_, n: string) => {
        ordered.push(params[Number(n) - 1] ?? null);
        return '?';
      });
      return (await executor.execute(rewritten, ordered)) as R[];
    };
    return fn(sql);
  });
}

interface TemplateRow {
  id: string;
  scope: 'global' | 'tenant';
  tenant_id: string | null;
  slug: string;
  name: string;
  game_id: string;
  icon: string | null;
  current_version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

interface VersionRow {
  template_id: string;
  version: number;
  spec: GameTemplateSpec;
  source_egg: Record<string, unknown> | null;
  source_format: string | null;
  report: ConversionReport | null;
  created_by: string | null;
  created_at: Date | string;
  note: string | null;
}

const TEMPLATE_COLUMNS = `"id", "scope", "tenant_id", "slug", "name", "game_id", "icon", "current_version", "created_at", "updated_at"`;
const VERSION_COLUMNS = `"template_id", "version", "spec", "source_egg", "source_format", "report", "created_by", "created_at", "note"`;

const iso = (value: Date | string) => new Date(value).toISOString();

function toTemplate(row: TemplateRow): TemplateRecord {
  return {
    id: row.id,
    scope: row.scope,
    tenantId: row.tenant_id,
    slug: row.slug,
    name: row.name,
    gameId: row.game_id,
    icon: row.icon,
    currentVersion: Number(row.current_version),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toVersion(row: VersionRow): VersionRecord {
  const spec: GameTemplateSpec =
    row.source_egg && row.source_format
      ? {
          ...row.spec,
          source: { format: row.source_format as 'PTDL_v2', egg: row.source_egg },
        }
      : row.spec;
  return {
    templateId: row.template_id,
    version: Number(row.version),
    spec,
    sourceFormat: row.source_format,
    report: row.report,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    note: row.note,
  };
}

/** Inserts a template row; with an `origin` that exists already, inserts nothing and returns false. */
export async function insertTemplate(
  sql: Sql,
  t: {
    id: string;
    owner: Owner;
    slug: string;
    name: string;
    gameId: string;
    icon: string | null;
    version: number;
    origin?: string | undefined;
  },
): Promise<boolean> {
  const rows = await sql(
    `insert into "templates_templates"
       ("id", "scope", "tenant_id", "slug", "name", "game_id", "icon", "current_version", "origin")
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict ("origin") do nothing
     returning "id"`,
    [
      t.id,
      t.owner.scope,
      t.owner.tenantId,
      t.slug,
      t.name,
      t.gameId,
      t.icon,
      t.version,
      t.origin ?? null,
    ],
  );
  return rows.length === 1;
}

/**
 * Appends a version. The egg a template came from is kept in its own columns rather than inside
 * the spec, so it is stored once and versions compare without it.
 */
export async function insertVersion(
  sql: Sql,
  v: {
    templateId: string;
    version: number;
    spec: GameTemplateSpec;
    report: ConversionReport | null;
    createdBy: string | null;
    note: string | null;
  },
): Promise<void> {
  const { source, ...spec } = v.spec;
  await sql(
    `insert into "templates_versions"
       ("template_id", "version", "spec", "source_egg", "source_format", "report", "created_by", "note")
     values ($1, $2, $3::json, $4::jsonb, $5, $6::jsonb, $7, $8)`,
    [
      v.templateId,
      v.version,
      JSON.stringify(spec),
      source ? JSON.stringify(source.egg) : null,
      source?.format ?? null,
      v.report ? JSON.stringify(v.report) : null,
      v.createdBy,
      v.note,
    ],
  );
}

/** Points a template at a new current version and copies the listing fields from its spec. */
export async function setCurrentVersion(
  sql: Sql,
  id: string,
  version: number,
  spec: GameTemplateSpec,
): Promise<void> {
  await sql(
    `update "templates_templates"
        set "current_version" = $2, "name" = $3, "game_id" = $4, "icon" = $5, "updated_at" = now()
      where "id" = $1`,
    [id, version, spec.game.name, spec.game.id, spec.game.icon ?? null],
  );
}

/**
 * A template that is not deleted and is visible to `tenantId` (its own, and global ones when
 * `includeGlobal`). With `lock`, the row stays locked until the transaction ends, so that two
 * changes cannot claim the same version number.
 */
export async function findTemplate(
  sql: Sql,
  id: string,
  view: { tenantId: string | null; includeGlobal: boolean },
  lock = false,
): Promise<TemplateRecord | undefined> {
  const rows = await sql<TemplateRow>(
    `select ${TEMPLATE_COLUMNS} from "templates_templates"
      where "id" = $1 and not "deleted"
        and (("tenant_id" is not distinct from $2) or ($3 and "scope" = 'global'))
      ${lock ? 'for update' : ''}`,
    [id, view.tenantId, view.includeGlobal],
  );
  return rows[0] ? toTemplate(rows[0]) : undefined;
}

/** The template created from `origin` (a shipped egg), deleted or not. */
export async function findByOrigin(
  sql: Sql,
  origin: string,
): Promise<(TemplateRecord & { deleted: boolean }) | undefined> {
  const rows = await sql<TemplateRow & { deleted: boolean }>(
    `select ${TEMPLATE_COLUMNS}, "deleted" from "templates_templates" where "origin" = $1`,
    [origin],
  );
  return rows[0] ? { ...toTemplate(rows[0]), deleted: rows[0].deleted } : undefined;
}

/** Marks a template deleted; its versions stay for the record. */
export async function markDeleted(sql: Sql, id: string): Promise<void> {
  await sql(
    `update "templates_templates" set "deleted" = true, "deleted_at" = now(), "updated_at" = now()
      where "id" = $1`,
    [id],
  );
}

/** Deletes every template of a tenant, with its versions, for good (the tenant was removed). */
export async function deleteTenantTemplates(sql: Sql, tenantId: string): Promise<number> {
  const rows = await sql<{ id: string }>(
    `delete from "templates_templates" where "scope" = 'tenant' and "tenant_id" = $1 returning "id"`,
    [tenantId],
  );
  return rows.length;
}

/** The first of `base`, `base-2`, `base-3`… that no live template of the owner uses. */
export async function freeSlug(sql: Sql, owner: Owner, base: string): Promise<string> {
  const rows = await sql<{ slug: string }>(
    `select "slug" from "templates_templates"
      where coalesce("tenant_id", '') = $1 and not "deleted"
        and ("slug" = $2 or "slug" like $3)`,
    [owner.tenantId ?? '', base, `${base.replace(/[\\%_]/g, '\\$&')}-%`],
  );
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function encodeCursor(row: TemplateRecord): string {
  return Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(value[1])
    )
      return [value[0], value[1]];
  } catch {
    // falls through to the coded error
  }
  throw TemplateCursorInvalid();
}

/** One page of templates ordered by name, and the cursor of the next page if there is one. */
export async function listTemplates(
  sql: Sql,
  filter: TemplateFilter,
): Promise<{ items: TemplateRecord[]; nextCursor: string | null }> {
  const where = [
    'not "deleted"',
    `(("tenant_id" is not distinct from $1 and $1::text is not null) or ($2 and "scope" = 'global'))`,
  ];
  const params: unknown[] = [filter.tenantId, filter.includeGlobal];
  if (filter.query) {
    params.push(`%${filter.query.replace(/[\\%_]/g, '\\$&')}%`);
    const p = `$${params.length}`;
    where.push(`("name" ilike ${p} or "slug" ilike ${p} or "game_id" ilike ${p})`);
  }
  if (filter.gameId) {
    params.push(filter.gameId);
    where.push(`"game_id" = $${params.length}`);
  }
  if (filter.cursor) {
    const [name, id] = decodeCursor(filter.cursor);
    params.push(name, id);
    where.push(`("name", "id") > ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(filter.limit + 1);
  const rows = await sql<TemplateRow>(
    `select ${TEMPLATE_COLUMNS} from "templates_templates"
      where ${where.join(' and ')}
      order by "name", "id"
      limit $${params.length}`,
    params,
  );
  const items = rows.slice(0, filter.limit).map(toTemplate);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
}

/** One version as listed: everything but the spec. */
export type VersionSummaryRecord = Omit<VersionRecord, 'spec' | 'report'> & { warnings: number };

/** Every version of a template, newest first, without their specs. */
export async function listVersions(sql: Sql, templateId: string): Promise<VersionSummaryRecord[]> {
  const rows = await sql<Omit<VersionRow, 'spec' | 'source_egg' | 'report'> & { warnings: number }>(
    `select "template_id", "version", "source_format", "created_by", "created_at", "note",
            coalesce(jsonb_array_length("report" -> 'warnings'), 0) as "warnings"
       from "templates_versions"
      where "template_id" = $1 order by "version" desc`,
    [templateId],
  );
  return rows.map((row) => ({
    templateId: row.template_id,
    version: Number(row.version),
    sourceFormat: row.source_format,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    note: row.note,
    warnings: Number(row.warnings),
  }));
}

/** One version of a template. */
export async function findVersion(
  sql: Sql,
  templateId: string,
  version: number,
): Promise<VersionRecord | undefined> {
  const rows = await sql<VersionRow>(
    `select ${VERSION_COLUMNS} from "templates_versions" where "template_id" = $1 and "version" = $2`,
    [templateId, version],
  );
  return rows[0] ? toVersion(rows[0]) : undefined;
}
