import { randomUUID } from 'node:crypto';
import {
  TemplateInvalidError,
  convertEgg,
  exportToPlcnV3,
  exportToPtdlV2,
  holdsNul,
  isPnError,
  parameterSafetyProblems,
  slugify,
  templateProblems,
  type AuditActor,
  type AuditLog,
  type AuditSource,
  type ConversionReport,
  type DatabaseService,
  type GameProvider,
  type GameTemplateSpec,
  type Logger,
  type Principal,
  type ShippedEggs,
  type TemplateProblem,
} from '@pteronimbus/sdk';
import { diffJson, sameJson, type DiffEntry } from './diff.ts';
import {
  TemplateImportTooLarge,
  TemplateInUse,
  TemplateNotFound,
  TemplateParameterUnsafe,
  TemplateReadOnly,
  TemplateUnstorable,
  TemplateVersionNotFound,
} from './errors.ts';
import {
  findByOrigin,
  findTemplate,
  findVersion,
  freeSlug,
  inTransaction,
  insertTemplate,
  insertVersion,
  listTemplates,
  listVersions,
  markDeleted,
  poolSql,
  setCurrentVersion,
  type Owner,
  type Sql,
  type TemplateFilter,
  type TemplateRecord,
  type VersionRecord,
  type VersionSummaryRecord,
} from './store.ts';
import type { TemplateUsage, TemplateUser } from './usage.ts';

/** Largest egg an import accepts, in bytes. */
export const MAX_EGG_BYTES = 1024 * 1024;

/** Formats a template exports to. */
export const EXPORT_FORMATS = ['ptdl_v2', 'plcn_v3'] as const;
/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Who asks for a change, for the version record and the audit log. */
export interface Caller {
  principal: Principal | null;
  source: AuditSource;
  requestId?: string;
}

/** What the library needs from its host. */
export interface LibraryDeps {
  db: DatabaseService;
  audit: AuditLog;
  logger: Logger;
  /** The game providers on offer at the time of a conversion. */
  providers: () => readonly GameProvider[];
  /** The usage answers on offer at the time of a delete. */
  usage: () => readonly TemplateUsage[];
}

/** How an egg reached the import. */
export interface ImportMeta {
  via: 'content' | 'eggs' | 'url' | 'shipped';
  url?: string;
  /** Stable origin of a shipped egg; an import with a known origin creates nothing. */
  origin?: string;
  note?: string;
}

/** A template with one of its versions. */
export interface TemplateWithVersion {
  template: TemplateRecord;
  version: VersionRecord;
}

/** Changes of an edit; each present field makes part of the new version. */
export interface TemplatePatch {
  name?: string;
  /** A new icon, or `null` to remove it. */
  icon?: string | null;
  spec?: unknown;
  note?: string;
}

/** What the shipped-egg import did at start-up. */
export interface ShippedImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

const SLUG_INDEX = 'templates_templates_slug';
const SLUG_ATTEMPTS = 3;

function actorOf(caller: Caller): AuditActor {
  return caller.principal
    ? { type: 'user', id: caller.principal.userId, name: caller.principal.name }
    : { type: 'system', id: 'templates' };
}

function byteSize(input: unknown): number {
  if (typeof input === 'string') return Buffer.byteLength(input, 'utf8');
  return Buffer.byteLength(JSON.stringify(input) ?? '', 'utf8');
}

// PostgreSQL text and jsonb cannot hold U+0000; catching it here gives a coded answer instead of a
// failed statement.
function assertStorable(value: unknown, what: string): void {
  if (holdsNul(value)) throw TemplateUnstorable(`${what} contains a NUL character`);
}

/**
 * Short names come from the template's name, not its game id: variants of one game (Paper and
 * Vanilla are both `minecraft-java`) get names of their own. Room is left for a `-N` suffix within
 * the 63 characters of a Kubernetes name.
 */
function slugBase(spec: GameTemplateSpec): string {
  return slugify(spec.game.name).slice(0, 56).replace(/-+$/, '') || 'template';
}

function isSlugConflict(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && e.constraint === SLUG_INDEX;
}

function validSpec(spec: unknown): GameTemplateSpec {
  const problems: TemplateProblem[] = templateProblems(spec);
  const first = problems[0];
  if (first) throw TemplateInvalidError(`${first.path} ${first.message}`, { problems });
  return spec as GameTemplateSpec;
}

/**
 * Core runs parameter patterns on its event loop for every server change: a template whose
 * patterns may backtrack without bound, or whose lengths exceed the ceiling, is not stored.
 */
function assertSafeParameters(spec: GameTemplateSpec): void {
  const problems = parameterSafetyProblems(spec.parameters);
  const first = problems[0];
  if (first) throw TemplateParameterUnsafe(`${first.path} ${first.message}`, { problems });
}

/** Reads the templates an owner may see: their own and, for a tenant, the global ones. */
function readView(owner: Owner) {
  return { tenantId: owner.tenantId, includeGlobal: true };
}

/** The template library: every operation of the API, independent of HTTP. */
export function createLibrary(deps: LibraryDeps) {
  const pool = poolSql(deps.db);

  async function visible(owner: Owner, id: string, sql: Sql = pool, lock = false) {
    const template = await findTemplate(sql, id, readView(owner), lock);
    if (!template) throw TemplateNotFound(id);
    return template;
  }

  /** A template the owner may change: global templates are changed only through global routes. */
  async function writable(owner: Owner, id: string, sql: Sql, lock: boolean) {
    const template = await visible(owner, id, sql, lock);
    if (template.scope !== owner.scope) throw TemplateReadOnly(id);
    return template;
  }

  async function versionOf(template: TemplateRecord, n: number, sql: Sql = pool) {
    const version = await findVersion(sql, template.id, n);
    if (!version) throw TemplateVersionNotFound(template.id, n);
    return version;
  }

  async function appendVersion(
    sql: Sql,
    template: TemplateRecord,
    spec: GameTemplateSpec,
    report: ConversionReport | null,
    caller: Caller,
    note: string | null,
  ): Promise<TemplateWithVersion> {
    assertSafeParameters(spec);
    const version = template.currentVersion + 1;
    await insertVersion(sql, {
      templateId: template.id,
      version,
      spec,
      report,
      createdBy: caller.principal?.userId ?? null,
      note,
    });
    await setCurrentVersion(sql, template.id, version, spec);
    return {
      template: (await findTemplate(
        sql,
        template.id,
        { tenantId: template.tenantId, includeGlobal: false },
        false,
      )) as TemplateRecord,
      version: (await findVersion(sql, template.id, version)) as VersionRecord,
    };
  }

  async function audit(
    caller: Caller,
    action: string,
    template: TemplateRecord,
    changes: Record<string, unknown>,
  ) {
    await deps.audit.record({
      tenantId: template.tenantId,
      actor: actorOf(caller),
      action,
      target: { type: 'template', id: template.id, name: template.name },
      changes,
      source: caller.source,
      ...(caller.requestId ? { requestId: caller.requestId } : {}),
    });
  }

  /**
   * Converts one egg and stores it as a new template with version 1, all or nothing. Returns
   * `undefined` only when `meta.origin` names an egg imported before.
   */
  async function importEgg(
    owner: Owner,
    input: unknown,
    caller: Caller,
    meta: ImportMeta,
  ): Promise<TemplateWithVersion | undefined> {
    if (byteSize(input) > MAX_EGG_BYTES) {
      throw TemplateImportTooLarge(MAX_EGG_BYTES, { limit: MAX_EGG_BYTES });
    }
    const { template: spec, report } = convertEgg(input, { providers: deps.providers() });
    assertStorable(spec, 'the egg');
    // The conversion drops unsafe rule patterns; a provider's refinement may still add one.
    assertSafeParameters(spec);
    if (meta.note !== undefined) assertStorable(meta.note, 'the note');
    let created: TemplateWithVersion | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        created = await inTransaction(deps.db, async (sql) => {
          const id = randomUUID();
          const inserted = await insertTemplate(sql, {
            id,
            owner,
            slug: await freeSlug(sql, owner, slugBase(spec)),
            name: spec.game.name,
            gameId: spec.game.id,
            icon: spec.game.icon ?? null,
            version: 1,
            origin: meta.origin,
          });
          if (!inserted) return undefined;
          await insertVersion(sql, {
            templateId: id,
            version: 1,
            spec,
            report,
            createdBy: caller.principal?.userId ?? null,
            note: meta.note ?? null,
          });
          return {
            template: (await findTemplate(sql, id, readView(owner))) as TemplateRecord,
            version: (await findVersion(sql, id, 1)) as VersionRecord,
          };
        });
        break;
      } catch (err) {
        // Two imports of the same game raced for one slug: the loser takes the next one.
        if (isSlugConflict(err) && attempt < SLUG_ATTEMPTS) continue;
        throw err;
      }
    }
    if (!created) return undefined;
    await audit(caller, 'template.import', created.template, {
      slug: created.template.slug,
      game: created.template.gameId,
      version: 1,
      format: report.format,
      ...(report.provider ? { provider: report.provider } : {}),
      warnings: report.warnings.length,
      via: meta.via,
      ...(meta.url ? { url: meta.url } : {}),
    });
    return created;
  }

  /** Imports the eggs game plugins ship as global templates; a changed egg adds a version. */
  async function importShipped(offers: readonly ShippedEggs[]): Promise<ShippedImportSummary> {
    const summary: ShippedImportSummary = { created: 0, updated: 0, unchanged: 0, failed: 0 };
    const caller: Caller = { principal: null, source: 'system' };
    const global: Owner = { scope: 'global', tenantId: null };
    for (const offer of offers) {
      for (const egg of offer.eggs) {
        const origin = `shipped:${offer.plugin}:${egg.file}`;
        try {
          const existing = await findByOrigin(pool, origin);
          // Deleted by an admin: stays deleted, even when the plugin ships it again.
          if (existing?.deleted) {
            summary.unchanged++;
            continue;
          }
          if (!existing) {
            const created = await importEgg(global, egg.content, caller, {
              via: 'shipped',
              origin,
              note: `shipped with ${offer.plugin}`,
            });
            summary[created ? 'created' : 'unchanged']++;
            continue;
          }
          const { template: spec, report } = convertEgg(egg.content, {
            providers: deps.providers(),
          });
          const updated = await inTransaction(deps.db, async (sql) => {
            const locked = (await findTemplate(sql, existing.id, readView(global), true))!;
            const current = await versionOf(locked, locked.currentVersion, sql);
            if (sameJson(current.spec, spec)) return undefined;
            return appendVersion(sql, locked, spec, report, caller, `updated by ${offer.plugin}`);
          });
          if (!updated) {
            summary.unchanged++;
            continue;
          }
          summary.updated++;
          await audit(caller, 'template.update', updated.template, {
            version: updated.version.version,
            via: 'shipped',
            plugin: offer.plugin,
          });
        } catch (err) {
          summary.failed++;
          deps.logger.error(
            {
              plugin: offer.plugin,
              file: egg.file,
              code: isPnError(err) ? err.code : undefined,
              err: isPnError(err) ? undefined : err,
              message: (err as Error).message,
            },
            'a shipped egg could not be imported',
          );
        }
      }
    }
    return summary;
  }

  return {
    importEgg,
    importShipped,

    list(filter: TemplateFilter) {
      return listTemplates(pool, filter);
    },

    async get(owner: Owner, id: string): Promise<TemplateWithVersion> {
      const template = await visible(owner, id);
      return { template, version: await versionOf(template, template.currentVersion) };
    },

    async versions(
      owner: Owner,
      id: string,
    ): Promise<{ template: TemplateRecord; versions: VersionSummaryRecord[] }> {
      const template = await visible(owner, id);
      return { template, versions: await listVersions(pool, template.id) };
    },

    async version(owner: Owner, id: string, n: number): Promise<VersionRecord> {
      return versionOf(await visible(owner, id), n);
    },

    /** Differences from version `from` to version `to` (default: the previous and the current). */
    async diff(
      owner: Owner,
      id: string,
      range: { from?: number | undefined; to?: number | undefined },
    ): Promise<{ from: number; to: number; changes: DiffEntry[] }> {
      const template = await visible(owner, id);
      const to = range.to ?? template.currentVersion;
      const from = range.from ?? Math.max(1, to - 1);
      const [a, b] = await Promise.all([versionOf(template, from), versionOf(template, to)]);
      return { from, to, changes: diffJson(a.spec, b.spec) };
    },

    /** Applies an edit as a new version; an edit that changes nothing adds no version. */
    async update(
      owner: Owner,
      id: string,
      patch: TemplatePatch,
      caller: Caller,
    ): Promise<TemplateWithVersion> {
      const result = await inTransaction(deps.db, async (sql) => {
        const template = await writable(owner, id, sql, true);
        const current = await versionOf(template, template.currentVersion, sql);
        const base = (patch.spec ?? current.spec) as GameTemplateSpec;
        const next = structuredClone(base) as GameTemplateSpec;
        if (typeof next === 'object' && next !== null && typeof next.game === 'object') {
          if (patch.name !== undefined) next.game.name = patch.name;
          if (patch.icon === null) delete next.game.icon;
          else if (patch.icon !== undefined) next.game.icon = patch.icon;
        }
        const spec = validSpec(next);
        assertStorable(spec, 'the template');
        if (patch.note !== undefined) assertStorable(patch.note, 'the note');
        if (sameJson(spec, current.spec))
          return { template, version: current, changed: false as const };
        const fields = (['name', 'icon', 'spec'] as const).filter((f) => patch[f] !== undefined);
        return {
          ...(await appendVersion(sql, template, spec, null, caller, patch.note ?? null)),
          changed: true as const,
          fields,
          from: template.currentVersion,
        };
      });
      if (result.changed) {
        await audit(caller, 'template.update', result.template, {
          version: result.version.version,
          from: result.from,
          fields: result.fields,
        });
      }
      return { template: result.template, version: result.version };
    },

    /** Makes a new version equal to version `n`. */
    async rollback(
      owner: Owner,
      id: string,
      n: number,
      note: string | undefined,
      caller: Caller,
    ): Promise<TemplateWithVersion> {
      if (note !== undefined) assertStorable(note, 'the note');
      const result = await inTransaction(deps.db, async (sql) => {
        const template = await writable(owner, id, sql, true);
        const target = await versionOf(template, n, sql);
        return {
          ...(await appendVersion(
            sql,
            template,
            target.spec,
            target.report,
            caller,
            note ?? `rollback to version ${n}`,
          )),
          from: template.currentVersion,
        };
      });
      await audit(caller, 'template.rollback', result.template, {
        from: result.from,
        to: n,
        version: result.version.version,
      });
      return { template: result.template, version: result.version };
    },

    /** Soft-deletes a template, refused while anything uses it. */
    async remove(owner: Owner, id: string, caller: Caller): Promise<void> {
      const template = await writable(owner, id, pool, false);
      const ref = { id: template.id, scope: template.scope, tenantId: template.tenantId };
      const users: TemplateUser[] = (
        await Promise.all(deps.usage().map((u) => u.usersOf(ref)))
      ).flat();
      if (users.length > 0) {
        throw TemplateInUse(template.id, { count: users.length, users: users.slice(0, 20) });
      }
      await inTransaction(deps.db, async (sql) => {
        await writable(owner, id, sql, true);
        await markDeleted(sql, template.id);
      });
      await audit(caller, 'template.delete', template, { version: template.currentVersion });
    },

    /** The egg of a version (the current one by default) in `format`, with a file name. */
    async exportEgg(
      owner: Owner,
      id: string,
      format: ExportFormat,
      n?: number,
    ): Promise<{ filename: string; egg: Record<string, unknown> }> {
      const template = await visible(owner, id);
      const version = await versionOf(template, n ?? template.currentVersion);
      const egg =
        format === 'plcn_v3' ? exportToPlcnV3(version.spec) : exportToPtdlV2(version.spec);
      return { filename: `egg-${template.slug}.json`, egg };
    },
  };
}

/** The template library. */
export type TemplateLibrary = ReturnType<typeof createLibrary>;
