import {
  DEFAULT_RESOURCES,
  type GameProvider,
  type GameTemplateSpec,
  type ParameterProperty,
  type ParsedEgg,
  type ReadinessRule,
  type TemplatePort,
  type TemplateResources,
  type TemplateStop,
} from '@pteronimbus/sdk';

/** Steam app id of the Counter-Strike 2 dedicated server. */
export const CS2_APP_ID = '730';
/** Steam app id of the Valheim dedicated server. */
export const VALHEIM_APP_ID = '896660';

/** Game ids of the games this plugin refines. */
export const CS2_GAME_ID = 'cs2';
export const VALHEIM_GAME_ID = 'valheim';

/** Console line of a Source 2 server logged on to Steam. */
export const CS2_READY_LINE = 'Connection to Steam servers successful';
/** Console line of a Valheim server that accepts players. */
export const VALHEIM_READY_LINE = 'Game server connected';

const MIB_PER_GIB = 1024;
const APP_ID_VARIABLES = /^(SRCDS_APPID|STEAM_APPID|STEAMCMD_APPID|APP_ID|APPID)$/i;
// Variables that carry Steam credentials or server tokens: shown as password fields, never echoed.
const SECRET_VARIABLES =
  /^(STEAM_PASS|STEAM_PASSWORD|STEAM_AUTH|STEAM_ACC|STEAM_TOKEN|SRCDS_TOKEN|GSLT)$/i;

/** The Steam app an egg installs: its app id variable, else an `app_update` in its scripts. */
export function steamAppIdOf(egg: ParsedEgg): string | undefined {
  const variable = egg.variables.find(
    (v) => APP_ID_VARIABLES.test(v.envVariable) && /^\d+$/.test(v.defaultValue.trim()),
  );
  if (variable) return variable.defaultValue.trim();
  const text = [egg.install?.script ?? '', ...egg.startup.map((s) => s.command)].join('\n');
  return /\+app_update\s+(\d+)/.exec(text)?.[1];
}

function startupText(egg: ParsedEgg): string {
  return egg.startup.map((s) => s.command).join('\n');
}

/** The game's disk need, unless the caller asked for more than the generic default. */
function diskAtLeast(resources: TemplateResources, mib: number): number {
  return resources.disk === DEFAULT_RESOURCES.disk ? mib : Math.max(resources.disk, mib);
}

/** Marks Steam passwords, Steam Guard codes and login tokens as secrets (`writeOnly`). */
function withSecretSteamVariables(template: GameTemplateSpec): GameTemplateSpec['parameters'] {
  const properties: Record<string, ParameterProperty> = {};
  for (const [key, property] of Object.entries(template.parameters.properties)) {
    properties[key] = SECRET_VARIABLES.test(key) ? { ...property, writeOnly: true } : property;
  }
  return { ...template.parameters, properties };
}

function readinessOr(template: GameTemplateSpec, line: string): ReadinessRule[] {
  return template.readiness.length > 0 ? template.readiness : [{ match: line, regex: false }];
}

/** Replaces the ports named in `ports` and drops others on the same number and protocol. */
function withPorts(template: GameTemplateSpec, ports: TemplatePort[]): TemplatePort[] {
  const clashes = (p: TemplatePort) =>
    ports.some(
      (q) =>
        q.name === p.name ||
        (q.containerPort === p.containerPort &&
          (q.protocol === p.protocol || p.protocol === 'TCPUDP')),
    );
  return [...ports, ...template.ports.filter((p) => !clashes(p))];
}

function refineSteam(
  template: GameTemplateSpec,
  game: {
    id: string;
    ports: TemplatePort[];
    readiness: string;
    stop: TemplateStop;
    diskGib: number;
    memoryMib: number;
  },
): GameTemplateSpec {
  return {
    ...template,
    game: { ...template.game, id: game.id },
    parameters: withSecretSteamVariables(template),
    ports: withPorts(template, game.ports),
    readiness: readinessOr(template, game.readiness),
    stop: game.stop,
    resources: {
      ...template.resources,
      memory: Math.max(template.resources.memory, game.memoryMib),
      disk: diskAtLeast(template.resources, game.diskGib * MIB_PER_GIB),
    },
  };
}

/**
 * Counter-Strike 2 (Steam app 730, the `cs2` binary): game port 27015/UDP, an RCON port
 * 27015/TCP when the egg configures RCON, Steam logon as readiness, `quit` to stop, and room
 * for the ~35 GiB install.
 */
export const cs2Provider: GameProvider = {
  id: CS2_GAME_ID,
  features: ['steam_disk_space'],
  matches(egg) {
    if (steamAppIdOf(egg) === CS2_APP_ID) return 60;
    if (/(^|[\s/])cs2(\s|$)/.test(startupText(egg))) return 60;
    return /counter-strike 2|\bcs2\b/i.test(egg.name) ? 40 : 0;
  },
  refine(template, egg) {
    const primary = template.ports[0];
    const rcon = /rcon/i.test(
      [startupText(egg), ...egg.variables.map((v) => v.envVariable)].join('\n'),
    );
    const ports: TemplatePort[] = [
      {
        name: 'game',
        containerPort: 27015,
        protocol: 'UDP',
        envVariable: primary?.envVariable ?? 'SERVER_PORT',
      },
      ...(rcon ? [{ name: 'rcon', containerPort: 27015, protocol: 'TCP' as const }] : []),
    ];
    return refineSteam(template, {
      id: CS2_GAME_ID,
      ports,
      readiness: CS2_READY_LINE,
      stop: { command: 'quit' },
      diskGib: 40,
      memoryMib: 4096,
    });
  },
};

/**
 * Valheim (Steam app 896660, `valheim_server`): game port 2456/UDP and the query port right
 * after it, 2457/UDP (the server always answers Steam queries on its port + 1), readiness once
 * the server is connected, SIGINT to stop (the server saves its world on it).
 */
export const valheimProvider: GameProvider = {
  id: VALHEIM_GAME_ID,
  features: ['steam_disk_space'],
  matches(egg) {
    if (steamAppIdOf(egg) === VALHEIM_APP_ID) return 60;
    if (/valheim_server/i.test(startupText(egg))) return 60;
    return /valheim/i.test(egg.name) ? 40 : 0;
  },
  refine(template) {
    const primary = template.ports[0];
    return refineSteam(template, {
      id: VALHEIM_GAME_ID,
      ports: [
        {
          name: 'game',
          containerPort: 2456,
          protocol: 'UDP',
          envVariable: primary?.envVariable ?? 'SERVER_PORT',
        },
        { name: 'query', containerPort: 2457, protocol: 'UDP' },
      ],
      readiness: VALHEIM_READY_LINE,
      stop: { signal: 'SIGINT' },
      // About 1 GiB installed, as much again for SteamCMD's staging of an update, and worlds with their backups.
      diskGib: 4,
      memoryMib: 4096,
    });
  },
};
