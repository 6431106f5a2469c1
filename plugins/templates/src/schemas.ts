import { Type, type Static } from 'typebox';
import { GameTemplateSpecSchema, TemplateWarningSchema } from '@pteronimbus/sdk';
import { EXPORT_FORMATS } from './library.ts';

const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const NO_NUL = '^[^\\u0000]*$';

/** Route parameters of the global routes. */
export const GlobalParams = Type.Object({});
/** Route parameters of the tenant routes. */
export const TenantParams = Type.Object({
  tenantId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});
/** The `:templateId` parameter. */
export const TemplateIdParam = Type.String({ pattern: UUID_PATTERN, description: 'Template id.' });
/** The `:version` parameter. */
export const VersionParam = Type.Integer({ minimum: 1, description: 'Version number.' });

/** A template as listed. */
export const TemplateSchema = Type.Object({
  id: Type.String(),
  scope: Type.Union([Type.Literal('global'), Type.Literal('tenant')]),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  slug: Type.String(),
  name: Type.String(),
  gameId: Type.String(),
  icon: Type.Union([Type.String(), Type.Null()]),
  currentVersion: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** What an egg conversion did not carry over exactly. */
export const ReportSchema = Type.Object({
  format: Type.String(),
  provider: Type.Optional(Type.String()),
  warnings: Type.Array(TemplateWarningSchema),
});

const VersionFields = {
  version: Type.Integer(),
  sourceFormat: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  note: Type.Union([Type.String(), Type.Null()]),
};

/** A version as listed. */
export const VersionSummarySchema = Type.Object({
  ...VersionFields,
  warnings: Type.Integer({ description: 'How many conversion warnings the version carries.' }),
});

/**
 * A copy of `schema` in which free-form objects (no declared properties) say
 * `additionalProperties: true`: the response serializer drops undeclared keys otherwise, and the
 * original egg inside a spec would come back empty.
 */
function keepFreeForm<T>(schema: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    if (
      out.type === 'object' &&
      out.properties === undefined &&
      out.additionalProperties === undefined
    )
      out.additionalProperties = true;
    return out;
  };
  return walk(schema) as T;
}

/** A GameTemplate spec as answered. */
export const SpecSchema = keepFreeForm(GameTemplateSpecSchema);

/** One version with its spec. */
export const VersionSchema = Type.Object({
  ...VersionFields,
  spec: SpecSchema,
  report: Type.Union([ReportSchema, Type.Null()]),
});

/** A template with its current (or changed) version. */
export const TemplateWithVersionSchema = Type.Object({
  template: TemplateSchema,
  version: VersionSchema,
});

/** The list query. */
export const ListQuery = Type.Object({
  q: Type.Optional(
    Type.String({
      maxLength: 100,
      pattern: NO_NUL,
      description: 'Text in the name, slug or game.',
    }),
  ),
  game: Type.Optional(Type.String({ maxLength: 63, description: 'Only this game id.' })),
  scope: Type.Optional(
    Type.Union([Type.Literal('all'), Type.Literal('tenant'), Type.Literal('global')], {
      description:
        'On tenant routes: the tenant’s own templates, the global ones, or both (default).',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'From `nextCursor`.' })),
});

/** A page of templates. */
export const ListReply = Type.Object({
  items: Type.Array(TemplateSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

/** The versions of a template. */
export const VersionsReply = Type.Object({
  template: TemplateSchema,
  versions: Type.Array(VersionSummarySchema),
});

/** The diff query. */
export const DiffQuery = Type.Object({
  from: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Default: the version before `to`.' }),
  ),
  to: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the current version.' })),
});

/** A structural diff between two versions. */
export const DiffReply = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(
    Type.Object({
      path: Type.String({ description: 'JSON path, e.g. `$.startup.command`.' }),
      op: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
      before: Type.Optional(Type.Unknown()),
      after: Type.Optional(Type.Unknown()),
    }),
  ),
});

const Note = Type.String({ maxLength: 500, pattern: NO_NUL });

/** The import body: one egg as text, several eggs, or a URL to fetch one from. */
export const ImportBody = Type.Union([
  Type.Object(
    {
      content: Type.String({ minLength: 1, description: 'An egg as JSON or YAML text.' }),
      note: Type.Optional(Note),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      eggs: Type.Array(
        Type.Union([
          Type.String({ minLength: 1 }),
          Type.Object({}, { additionalProperties: true }),
        ]),
        { minItems: 1, maxItems: 50, description: 'Eggs as JSON or YAML text, or as objects.' },
      ),
      note: Type.Optional(Note),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      url: Type.String({ minLength: 1, maxLength: 2048, description: 'An https URL of an egg.' }),
      note: Type.Optional(Note),
    },
    { additionalProperties: false },
  ),
]);
/** See {@link ImportBody}. */
export type ImportBodyT = { note?: string } & (
  { content: string } | { eggs: unknown[] } | { url: string }
);

const ErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

/** The outcome of an import, one result per egg in the order given. */
export const ImportReply = Type.Object({
  created: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(
    Type.Union([
      Type.Object({
        index: Type.Integer(),
        ok: Type.Literal(true),
        template: TemplateSchema,
        version: Type.Integer(),
        report: ReportSchema,
      }),
      Type.Object({ index: Type.Integer(), ok: Type.Literal(false), error: ErrorSchema }),
    ]),
  ),
});

/** An edit: each field present makes part of one new version. */
export const PatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: NO_NUL })),
    icon: Type.Optional(Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()])),
    spec: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'A whole GameTemplate spec.' }),
    ),
    note: Type.Optional(Note),
  },
  { additionalProperties: false, minProperties: 1 },
);
/** See {@link PatchBody}. */
export type PatchBodyT = Static<typeof PatchBody>;

/** The rollback body. */
export const RollbackBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), note: Type.Optional(Note) },
  { additionalProperties: false },
);
/** See {@link RollbackBody}. */
export type RollbackBodyT = Static<typeof RollbackBody>;

/** The export query. */
export const ExportQuery = Type.Object({
  format: Type.Optional(
    Type.Union(
      EXPORT_FORMATS.map((f) => Type.Literal(f)),
      { default: 'ptdl_v2' },
    ),
  ),
  version: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Default: the current version.' }),
  ),
});

/** An exported egg (JSON). */
export const ExportReply = Type.Object({}, { additionalProperties: true });
