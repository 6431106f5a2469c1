import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { auditSourceOf, isPnError, type RateLimiter } from '@pteronimbus/sdk';
import { TemplateUrlRateLimited } from './errors.ts';
import { fetchEggUrl } from './fetch-url.ts';
import {
  MAX_EGG_BYTES,
  type Caller,
  type ExportFormat,
  type TemplateLibrary,
  type TemplateWithVersion,
} from './library.ts';
import {
  DiffQuery,
  DiffReply,
  ExportQuery,
  ExportReply,
  GlobalParams,
  ImportBody,
  ImportReply,
  ListQuery,
  ListReply,
  PatchBody,
  RollbackBody,
  TemplateIdParam,
  TemplateWithVersionSchema,
  TenantParams,
  VersionParam,
  VersionSchema,
  VersionsReply,
  type ImportBodyT,
  type PatchBodyT,
  type RollbackBodyT,
} from './schemas.ts';
import type { Owner } from './store.ts';

/** Settings of the routes. */
export interface RouteOptions {
  /** Lets URL imports reach private addresses and plain http. */
  allowPrivateUrls: boolean;
  /** Time a URL import may take. */
  urlTimeoutMs: number;
  /** Shared counters (Redis-backed when Redis is configured). */
  rateLimiter?: RateLimiter;
  /** URL imports one tenant (or the global library) may ask for per window. */
  urlImportLimit?: { max: number; windowSeconds: number };
}

const READ = { permission: 'template.read' };
const MANAGE = { permission: 'template.manage' };
const TAGS = ['templates'];
// Room for a batch of eggs; each egg is still held to MAX_EGG_BYTES.
const IMPORT_BODY_LIMIT = 8 * MAX_EGG_BYTES;

type Params = { tenantId?: string; templateId?: string; version?: number };

function callerOf(request: FastifyRequest): Caller {
  return {
    principal: request.principal,
    source: auditSourceOf(request.principal),
    requestId: request.id,
  };
}

function reportOf(created: TemplateWithVersion) {
  const report = created.version.report;
  return {
    format: report?.format ?? created.version.sourceFormat ?? 'native',
    ...(report?.provider ? { provider: report.provider } : {}),
    warnings: report?.warnings ?? [],
  };
}

/**
 * Mounts the template routes under `base`: `/templates` for the global library, or
 * `/tenants/:tenantId/templates` for a tenant's.
 */
export function templateRoutes(
  app: FastifyInstance,
  library: TemplateLibrary,
  kind: 'global' | 'tenant',
  options: RouteOptions,
): void {
  const base = kind === 'global' ? '/templates' : '/tenants/:tenantId/templates';
  const baseParams = kind === 'global' ? GlobalParams : TenantParams;
  const withId = Type.Object({ ...baseParams.properties, templateId: TemplateIdParam });
  const withVersion = Type.Object({ ...withId.properties, version: VersionParam });
  const ownerOf = (request: FastifyRequest): Owner => {
    const { tenantId } = request.params as Params;
    return kind === 'global' || tenantId === undefined
      ? { scope: 'global', tenantId: null }
      : { scope: 'tenant', tenantId };
  };
  const idOf = (request: FastifyRequest) => (request.params as Params).templateId as string;
  const summary = (what: string) => `${what} (${kind === 'global' ? 'global' : 'tenant'} library)`;

  app.get(
    base,
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: summary('List templates'),
        params: baseParams,
        querystring: ListQuery,
        response: { 200: ListReply },
      },
    },
    async (request) => {
      const query = request.query as {
        q?: string;
        game?: string;
        scope?: 'all' | 'tenant' | 'global';
        limit?: number;
        cursor?: string;
      };
      const owner = ownerOf(request);
      const scope = owner.scope === 'global' ? 'global' : (query.scope ?? 'all');
      return library.list({
        tenantId: scope === 'global' ? null : owner.tenantId,
        includeGlobal: scope !== 'tenant',
        query: query.q,
        gameId: query.game,
        limit: query.limit ?? 50,
        cursor: query.cursor,
      });
    },
  );

  app.post(
    `${base}/import`,
    {
      config: MANAGE,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: TAGS,
        summary: summary('Import eggs as templates'),
        description:
          'One egg (`content`, JSON or YAML text), several (`eggs`), or one fetched from an https `url`. ' +
          'Each egg is converted and stored on its own: a failing egg does not stop the others.',
        params: baseParams,
        body: ImportBody,
        response: { 200: ImportReply, 201: ImportReply },
      },
    },
    async (request, reply) => {
      const body = request.body as ImportBodyT;
      const owner = ownerOf(request);
      const caller = callerOf(request);
      const note = body.note;
      if ('eggs' in body) {
        const results = [];
        for (const [index, egg] of body.eggs.entries()) {
          try {
            const created = await library.importEgg(owner, egg, caller, {
              via: 'eggs',
              ...(note !== undefined ? { note } : {}),
            });
            if (!created) continue;
            results.push({
              index,
              ok: true as const,
              template: created.template,
              version: created.version.version,
              report: reportOf(created),
            });
          } catch (err) {
            if (!isPnError(err)) request.log.error({ err, index }, 'an egg import failed');
            const error = isPnError(err)
              ? {
                  code: err.code,
                  message: err.message,
                  ...(err.details ? { details: err.details } : {}),
                }
              : { code: 'PN_INTERNAL', message: 'Internal server error' };
            results.push({ index, ok: false as const, error });
          }
        }
        const created = results.filter((r) => r.ok).length;
        return reply.status(200).send({ created, failed: results.length - created, results });
      }
      let content: string;
      let url: string | undefined;
      if ('url' in body) {
        // Per tenant, after the access check: every URL import makes core fetch on the caller's
        // behalf, and one tenant must not turn it into a crawler or spend it for everyone.
        const { rateLimiter, urlImportLimit } = options;
        if (rateLimiter && urlImportLimit) {
          const { max, windowSeconds } = urlImportLimit;
          const key = `templates:url-import:${owner.tenantId ?? 'global'}`;
          const r = await rateLimiter.consume(key, max, windowSeconds * 1000);
          if (!r.allowed)
            throw TemplateUrlRateLimited({
              limit: max,
              windowSeconds,
              retryAfterSeconds: Math.max(1, Math.ceil(r.resetMs / 1000)),
            });
        }
        const fetched = await fetchEggUrl(body.url, {
          allowPrivate: options.allowPrivateUrls,
          maxBytes: MAX_EGG_BYTES,
          timeoutMs: options.urlTimeoutMs,
        });
        content = fetched.content;
        url = fetched.url;
      } else {
        content = body.content;
      }
      const created = (await library.importEgg(owner, content, caller, {
        via: url ? 'url' : 'content',
        ...(url ? { url } : {}),
        ...(note !== undefined ? { note } : {}),
      })) as TemplateWithVersion;
      return reply.status(201).send({
        created: 1,
        failed: 0,
        results: [
          {
            index: 0,
            ok: true,
            template: created.template,
            version: created.version.version,
            report: reportOf(created),
          },
        ],
      });
    },
  );

  app.get(
    `${base}/:templateId`,
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: summary('Get a template with its current version'),
        params: withId,
        response: { 200: TemplateWithVersionSchema },
      },
    },
    async (request) => library.get(ownerOf(request), idOf(request)),
  );

  app.patch(
    `${base}/:templateId`,
    {
      config: MANAGE,
      schema: {
        tags: TAGS,
        summary: summary('Edit a template'),
        description:
          'Changes the name or icon, or replaces the spec; the result is validated and stored as a new version. ' +
          'An edit that changes nothing adds no version.',
        params: withId,
        body: PatchBody,
        response: { 200: TemplateWithVersionSchema },
      },
    },
    async (request) => {
      const body = request.body as PatchBodyT;
      return library.update(ownerOf(request), idOf(request), body, callerOf(request));
    },
  );

  app.delete(
    `${base}/:templateId`,
    {
      config: MANAGE,
      schema: {
        tags: TAGS,
        summary: summary('Delete a template'),
        description: 'Refused with PN_TEMPLATE_IN_USE while anything uses the template.',
        params: withId,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await library.remove(ownerOf(request), idOf(request), callerOf(request));
      return reply.status(204).send();
    },
  );

  app.get(
    `${base}/:templateId/versions`,
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: summary('List the versions of a template'),
        params: withId,
        response: { 200: VersionsReply },
      },
    },
    async (request) => library.versions(ownerOf(request), idOf(request)),
  );

  app.get(
    `${base}/:templateId/versions/:version`,
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: summary('Get one version of a template'),
        params: withVersion,
        response: { 200: VersionSchema },
      },
    },
    async (request) =>
      library.version(ownerOf(request), idOf(request), (request.params as Params).version ?? 1),
  );

  app.get(
    `${base}/:templateId/diff`,
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: summary('Compare two versions of a template'),
        params: withId,
        querystring: DiffQuery,
        response: { 200: DiffReply },
      },
    },
    async (request) => {
      const { from, to } = request.query as { from?: number; to?: number };
      return library.diff(ownerOf(request), idOf(request), { from, to });
    },
  );

  app.post(
    `${base}/:templateId/rollback`,
    {
      config: MANAGE,
      schema: {
        tags: TAGS,
        summary: summary('Roll a template back to a version'),
        description: 'Creates a new version equal to the one named; no version is removed.',
        params: withId,
        body: RollbackBody,
        response: { 201: TemplateWithVersionSchema },
      },
    },
    async (request, reply) => {
      const body = request.body as RollbackBodyT;
      const result = await library.rollback(
        ownerOf(request),
        idOf(request),
        body.version,
        body.note,
        callerOf(request),
      );
      return reply.status(201).send(result);
    },
  );

  app.get(
    `${base}/:templateId/export`,
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: summary('Export a template as an egg'),
        params: withId,
        querystring: ExportQuery,
        response: { 200: ExportReply },
      },
    },
    async (request, reply) => {
      const query = request.query as { format?: ExportFormat; version?: number };
      const { filename, egg } = await library.exportEgg(
        ownerOf(request),
        idOf(request),
        query.format ?? 'ptdl_v2',
        query.version,
      );
      return reply
        .header('content-disposition', `attachment; filename="${filename}"`)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(egg, null, 4));
    },
  );
}
