import { Type, type Static, type TSchema } from 'typebox';

// The CRD schema is generated from these definitions, so every field has one JSON type. Where a
// field is free-form (a JSON Schema, the original egg, a default value) it says so with
// `x-kubernetes-preserve-unknown-fields`, and maps are `additionalProperties` objects rather than
// `patternProperties`, the only map form a structural schema accepts.

const FREE_FORM = { 'x-kubernetes-preserve-unknown-fields': true } as const;

/** A map from string keys to values of `schema`, in the structural form Kubernetes accepts. */
function MapOf<T extends TSchema>(schema: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<Record<string, Static<T>>>({
    ...options,
    type: 'object',
    additionalProperties: schema,
  });
}

/** A free-form JSON object. */
function FreeObject(options: Record<string, unknown> = {}) {
  return Type.Unsafe<Record<string, unknown>>({ ...options, type: 'object', ...FREE_FORM });
}

/** Lower-case DNS label, the shape Kubernetes names and our ids share. */
export const TEMPLATE_ID_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/** Names an environment variable may have (POSIX-ish; eggs use lower case too). */
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

/** Kubernetes port names: at most 15 characters, lower-case letters, digits and dashes. */
export const PORT_NAME_PATTERN = '^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$';

/** Which game a template runs. */
export const GameInfoSchema = Type.Object(
  {
    id: Type.String({
      pattern: TEMPLATE_ID_PATTERN,
      maxLength: 63,
      description: 'Stable id of the game or variant.',
    }),
    name: Type.String({ minLength: 1, description: 'Display name.' }),
    description: Type.Optional(Type.String()),
    author: Type.Optional(Type.String()),
    icon: Type.Optional(Type.String({ description: 'URL or data: URI of an icon.' })),
  },
  { additionalProperties: false },
);

/** One container image a server may run on; the first is the default. */
export const TemplateImageSchema = Type.Object(
  {
    label: Type.String({ minLength: 1 }),
    image: Type.String({ minLength: 1 }),
    value: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'The value (environment form) of the `imageParameter` that selects this image; without one, the label, or its last word, is matched.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** A named alternative start command (Pelican offers several per egg). */
export const StartupVariantSchema = Type.Object(
  {
    label: Type.String({ minLength: 1 }),
    command: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

/** How the game starts: a shell command with `{{VAR}}` placeholders. */
export const StartupSchema = Type.Object(
  {
    command: Type.String({
      minLength: 1,
      description: 'Start command; `{{VAR}}` is replaced by the variable value.',
    }),
    variants: Type.Array(StartupVariantSchema, {
      description: 'Alternative commands by label; `command` is the default and is listed first.',
    }),
  },
  { additionalProperties: false },
);

/**
 * One parameter: JSON Schema keywords that validate its (typed) value, plus how it reaches the
 * server. Values become environment variables; see `formatParameterValue`.
 */
export const ParameterPropertySchema = Type.Object(
  {
    title: Type.String(),
    description: Type.String(),
    default: Type.Optional(Type.Unknown(FREE_FORM)),
    envVariable: Type.String({ pattern: ENV_NAME_PATTERN }),
    userViewable: Type.Boolean(),
    userEditable: Type.Boolean(),
    rules: Type.Array(Type.String(), {
      description: 'The Laravel validation rules this schema was derived from, kept verbatim.',
    }),
  },
  { additionalProperties: true, ...FREE_FORM },
);

/** The parameters a server of this template takes, as one JSON Schema object. */
export const ParametersSchema = Type.Object(
  {
    type: Type.Literal('object'),
    properties: MapOf(ParameterPropertySchema, {
      description: 'Keyed by environment variable name.',
    }),
    required: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

/** Transport protocols a port may carry. `TCPUDP` opens both. */
export const PortProtocolSchema = Type.Enum(['TCP', 'UDP', 'TCPUDP'], { type: 'string' });

/** A port the game listens on. */
export const TemplatePortSchema = Type.Object(
  {
    name: Type.String({ pattern: PORT_NAME_PATTERN }),
    containerPort: Type.Integer({ minimum: 1, maximum: 65535 }),
    protocol: PortProtocolSchema,
    envVariable: Type.Optional(
      Type.String({
        pattern: ENV_NAME_PATTERN,
        description:
          'Variable that carries this port to the game; when it is a parameter, its value sets the port.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** How a config file is read and patched before start. */
export const ConfigParserSchema = Type.Enum(
  ['file', 'yaml', 'properties', 'ini', 'json', 'xml', 'toml'],
  {
    type: 'string',
  },
);

/**
 * One patch: set the key `match` (a dotted path, `[n]` for list items, `*` for any key; for the
 * `file` parser, every line starting with `match`) to `value`. With `ifValue`, only where the
 * current value contains `ifValue`, and only that part is replaced. `value` uses the placeholder
 * vocabulary of `PLACEHOLDERS`.
 */
export const ConfigReplacementSchema = Type.Object(
  {
    match: Type.String({ minLength: 1 }),
    value: Type.String(),
    ifValue: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** A config file patched before each start. */
export const ConfigFileSchema = Type.Object(
  {
    path: Type.String({ minLength: 1 }),
    parser: ConfigParserSchema,
    replacements: Type.Array(ConfigReplacementSchema),
  },
  { additionalProperties: false },
);

/** A console line meaning "the server has started": a substring, or a regex when `regex`. */
export const ReadinessRuleSchema = Type.Object(
  {
    match: Type.String({ minLength: 1 }),
    regex: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** How to stop the game: write `command` to its console, or send `signal`. Exactly one is set. */
export const StopSchema = Type.Object(
  {
    command: Type.Optional(Type.String({ minLength: 1 })),
    signal: Type.Optional(Type.String({ pattern: '^SIG[A-Z0-9]+$' })),
  },
  { additionalProperties: false },
);

/** The install step, run once as a Job before the first start, with the server files at `/mnt/server`. */
export const InstallSchema = Type.Object(
  {
    image: Type.String({ minLength: 1 }),
    entrypoint: Type.String({ minLength: 1 }),
    script: Type.String(),
  },
  { additionalProperties: false },
);

/** Default resources of a new server. */
export const ResourcesSchema = Type.Object(
  {
    cpu: Type.Integer({ minimum: 1, description: 'CPU limit in millicores.' }),
    memory: Type.Integer({ minimum: 1, description: 'Memory limit in MiB.' }),
    disk: Type.Integer({ minimum: 1, description: 'Volume size in MiB.' }),
  },
  { additionalProperties: false },
);

/** Formats a template can come from. */
export const SourceFormatSchema = Type.Enum(
  ['PTDL_v1', 'PTDL_v2', 'PLCN_v1', 'PLCN_v2', 'PLCN_v3', 'native'],
  {
    type: 'string',
  },
);

/** The document a template was converted from, kept verbatim. */
export const TemplateSourceSchema = Type.Object(
  {
    format: SourceFormatSchema,
    egg: FreeObject({ description: 'The original egg.' }),
  },
  { additionalProperties: false },
);

/** Something a conversion could not carry over exactly. */
export const TemplateWarningSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }),
    message: Type.String(),
    path: Type.Optional(Type.String({ description: 'JSON path in the source document.' })),
  },
  { additionalProperties: false },
);

/** The spec of a GameTemplate: everything needed to run one game. */
export const GameTemplateSpecSchema = Type.Object(
  {
    game: GameInfoSchema,
    images: Type.Array(TemplateImageSchema, { minItems: 1 }),
    imageParameter: Type.Optional(
      Type.String({
        pattern: ENV_NAME_PATTERN,
        description:
          'The parameter whose value chooses the image (e.g. `JAVA_VERSION`); the first image when unset or nothing matches.',
      }),
    ),
    startup: StartupSchema,
    parameters: ParametersSchema,
    ports: Type.Array(TemplatePortSchema),
    configFiles: Type.Array(ConfigFileSchema),
    readiness: Type.Array(ReadinessRuleSchema),
    stop: StopSchema,
    install: Type.Optional(InstallSchema),
    resources: ResourcesSchema,
    features: Type.Array(Type.String()),
    fileDenylist: Type.Array(Type.String()),
    environment: MapOf(Type.String(), { description: 'Fixed environment of every server.' }),
    source: Type.Optional(TemplateSourceSchema),
    warnings: Type.Array(TemplateWarningSchema),
  },
  { additionalProperties: false },
);

/** See {@link GameInfoSchema}. */
export type GameInfo = Static<typeof GameInfoSchema>;
/** See {@link TemplateImageSchema}. */
export type TemplateImage = Static<typeof TemplateImageSchema>;
/** See {@link StartupSchema}. */
export type TemplateStartup = Static<typeof StartupSchema>;
/** See {@link ParameterPropertySchema}; other JSON Schema keywords may be present. */
export type ParameterProperty = Static<typeof ParameterPropertySchema> & Record<string, unknown>;
/** See {@link ParametersSchema}. */
export interface TemplateParameters {
  type: 'object';
  properties: Record<string, ParameterProperty>;
  required: string[];
}
/** See {@link PortProtocolSchema}. */
export type PortProtocol = Static<typeof PortProtocolSchema>;
/** See {@link TemplatePortSchema}. */
export type TemplatePort = Static<typeof TemplatePortSchema>;
/** See {@link ConfigParserSchema}. */
export type ConfigParser = Static<typeof ConfigParserSchema>;
/** See {@link ConfigReplacementSchema}. */
export type ConfigReplacement = Static<typeof ConfigReplacementSchema>;
/** See {@link ConfigFileSchema}. */
export type ConfigFile = Static<typeof ConfigFileSchema>;
/** See {@link ReadinessRuleSchema}. */
export type ReadinessRule = Static<typeof ReadinessRuleSchema>;
/** See {@link StopSchema}. */
export type TemplateStop = Static<typeof StopSchema>;
/** See {@link InstallSchema}. */
export type TemplateInstall = Static<typeof InstallSchema>;
/** See {@link ResourcesSchema}. */
export type TemplateResources = Static<typeof ResourcesSchema>;
/** See {@link SourceFormatSchema}. */
export type SourceFormat = Static<typeof SourceFormatSchema>;
/** See {@link TemplateSourceSchema}. */
export type TemplateSource = Static<typeof TemplateSourceSchema>;
/** See {@link TemplateWarningSchema}. */
export type TemplateWarning = Static<typeof TemplateWarningSchema>;

/** The spec of a GameTemplate custom resource. */
export type GameTemplateSpec = Omit<Static<typeof GameTemplateSpecSchema>, 'parameters'> & {
  parameters: TemplateParameters;
};
