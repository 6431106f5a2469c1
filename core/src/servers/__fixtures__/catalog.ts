import {
  definePlugin,
  playerQueryExtensionPoint,
  templateCatalogExtensionPoint,
  type CatalogTemplateVersion,
  type GameTemplateSpec,
  type ParameterProperty,
  type Plugin,
  type PlayerQueryTarget,
} from '@pteronimbus/sdk';

/** The one template of the fixture catalog; visible to every tenant. */
export const TEMPLATE_ID = '6f1c2e9a-1b7d-4c55-9a0e-3d2f7c8b9e01';
export const GAME_ID = 'fakegame';
export const QUERY_PROTOCOL = 'fake-query';

const param = (
  envVariable: string,
  schema: Record<string, unknown>,
  defaultValue?: unknown,
): ParameterProperty => ({
  title: envVariable,
  description: `${envVariable} of the fake game`,
  envVariable,
  userViewable: true,
  userEditable: true,
  rules: [],
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
  ...schema,
});

function spec(
  parameters: GameTemplateSpec['parameters'],
  images: Pick<GameTemplateSpec, 'images' | 'imageParameter'> = {
    images: [{ label: 'default', image: 'ghcr.io/example/fake:1' }],
  },
): GameTemplateSpec {
  return {
    game: { id: GAME_ID, name: 'Fake Game' },
    ...images,
    startup: { command: './start --players {{MAX_PLAYERS}}', variants: [] },
    parameters,
    ports: [{ name: 'game', containerPort: 27015, protocol: 'TCPUDP' }],
    configFiles: [],
    readiness: [],
    stop: { command: 'stop' },
    resources: { cpu: 1000, memory: 1024, disk: 2048 },
    features: [],
    fileDenylist: [],
    environment: {},
    warnings: [],
  };
}

/**
 * Version 1 takes up to 100 players and an old flag; version 2 drops the flag, caps at 50 and
 * runs on one of two runtimes, chosen by its `RUNTIME` parameter.
 */
export const VERSIONS: Record<number, GameTemplateSpec> = {
  1: spec({
    type: 'object',
    properties: {
      MAX_PLAYERS: param('MAX_PLAYERS', { type: 'integer', minimum: 1, maximum: 100 }, 10),
      MOTD: param('MOTD', { type: 'string', minLength: 3, maxLength: 40 }, 'hello'),
      OLD_FLAG: param('OLD_FLAG', { type: 'boolean' }, false),
      WORLD: param('WORLD', { type: 'string', pattern: '^[a-z]+$' }),
    },
    required: ['WORLD'],
  }),
  2: spec(
    {
      type: 'object',
      properties: {
        MAX_PLAYERS: param('MAX_PLAYERS', { type: 'integer', minimum: 1, maximum: 50 }, 10),
        MOTD: param('MOTD', { type: 'string', minLength: 3, maxLength: 40 }, 'hello'),
        WORLD: param('WORLD', { type: 'string', pattern: '^[a-z]+$' }),
        RUNTIME: param('RUNTIME', { type: 'integer', enum: [2, 1] }, 2),
      },
      required: ['WORLD'],
    },
    {
      imageParameter: 'RUNTIME',
      images: [
        { label: 'Runtime 2', image: 'ghcr.io/example/fake:2' },
        { label: 'Runtime 1', image: 'ghcr.io/example/fake:1' },
      ],
    },
  ),
};

/**
 * A template whose admin decides part of the settings: `RCON_PASSWORD` is neither shown to nor
 * changed by members, `MAP` is shown but not theirs to change, `MOTD` is theirs.
 */
export const LOCKED_TEMPLATE_ID = '6f1c2e9a-1b7d-4c55-9a0e-3d2f7c8b9e02';
export const LOCKED: GameTemplateSpec = spec({
  type: 'object',
  properties: {
    MOTD: param('MOTD', { type: 'string', maxLength: 40 }, 'hello'),
    MAP: { ...param('MAP', { type: 'string' }, 'de_dust2'), userEditable: false },
    RCON_PASSWORD: {
      ...param('RCON_PASSWORD', { type: 'string' }, 'admin-secret'),
      userViewable: false,
      userEditable: false,
    },
  },
  required: [],
});

/** Player queries the fake provider was asked, and what it answers. */
export const queries: PlayerQueryTarget[] = [];
export const playerAnswer = { online: 3, max: 20 };

/**
 * A template library and a game plugin in one: the catalog serves {@link VERSIONS}, the query
 * provider answers {@link playerAnswer}, and the operator hint ties the game to its protocol.
 */
export const catalogFixture = definePlugin({
  name: 'servers-catalog-fixture',
  version: '0.0.1',
  capabilities: { operator: { [GAME_ID]: { queryProtocol: QUERY_PROTOCOL } } },
  register(_app, ctx) {
    const find = (templateId: string, version?: number): CatalogTemplateVersion | null => {
      if (templateId === LOCKED_TEMPLATE_ID && (version ?? 1) === 1)
        return { templateId, version: 1, name: 'Locked', spec: LOCKED };
      const n = version ?? 2;
      const found = VERSIONS[n];
      if (templateId !== TEMPLATE_ID || !found) return null;
      return { templateId, version: n, name: 'Fake', spec: found };
    };
    ctx.services.extensions.provide(templateCatalogExtensionPoint, {
      getVersion: async (_scope, templateId, version) => find(templateId, version),
      latestVersion: async (_scope, templateId) =>
        templateId === TEMPLATE_ID ? 2 : templateId === LOCKED_TEMPLATE_ID ? 1 : null,
    });
    ctx.services.extensions.provide(playerQueryExtensionPoint, {
      protocol: QUERY_PROTOCOL,
      query: async (target) => {
        queries.push(target);
        return { ...playerAnswer };
      },
    });
  },
}) as Plugin<never>;
