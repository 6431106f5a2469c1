import type { GameProvider, ParsedEgg, TemplatePort } from '@pteronimbus/sdk';

/** Game id of Terraria servers (vanilla, tModLoader, TShock) in templates and capabilities. */
export const TERRARIA_GAME_ID = 'terraria';

/**
 * Console lines of a Terraria server that accepts players: vanilla and tModLoader print the help
 * hint, TShock (which hides it behind its own start-up log) prints "Server started".
 */
export const TERRARIA_READY_PATTERN = "Type 'help' for a list of commands|Server started";

/** Which Terraria server an egg runs. */
export type TerrariaFlavour = 'vanilla' | 'tmodloader' | 'tshock';

const GAME_PORT = 7777;
// Steam app ids of Terraria (the dedicated server ships with it) and of tModLoader.
const APP_IDS: Readonly<Record<string, TerrariaFlavour>> = {
  '105600': 'vanilla',
  '1281930': 'tmodloader',
};

function eggText(egg: ParsedEgg): string {
  return [
    egg.name,
    egg.description,
    ...egg.tags,
    ...egg.startup.map((s) => s.command),
    ...egg.images.map((i) => i.image),
  ].join('\n');
}

/** Tells which Terraria server an egg runs, or `undefined` when it runs none. */
export function terrariaFlavourOf(egg: ParsedEgg): TerrariaFlavour | undefined {
  const text = eggText(egg);
  if (/tmodloader/i.test(text)) return 'tmodloader';
  if (/tshock/i.test(text)) return 'tshock';
  if (/terraria/i.test(`${egg.name}\n${egg.startup.map((s) => s.command).join('\n')}`)) {
    return 'vanilla';
  }
  const appId = egg.variables.find((v) => /APP_?ID$/i.test(v.envVariable))?.defaultValue.trim();
  return appId === undefined ? undefined : APP_IDS[appId];
}

/**
 * Refines Terraria eggs (vanilla, tModLoader, TShock): port 7777/TCP, TShock's REST API port as
 * TCP, readiness and the `exit` console command to stop (it saves the world first).
 */
export const terrariaProvider: GameProvider = {
  id: TERRARIA_GAME_ID,
  matches(egg) {
    return terrariaFlavourOf(egg) ? 50 : 0;
  },
  refine(template) {
    const [primary, ...others] = template.ports;
    const ports: TemplatePort[] = [
      {
        name: 'game',
        containerPort: GAME_PORT,
        protocol: 'TCP',
        envVariable: primary?.envVariable ?? 'SERVER_PORT',
      },
      // Terraria speaks TCP only; TShock's REST API is HTTP.
      ...others
        .filter((p) => p.name !== 'game' && p.containerPort !== GAME_PORT)
        .map((p) =>
          /rest/i.test(p.envVariable ?? p.name) ? { ...p, protocol: 'TCP' as const } : p,
        ),
    ];
    return {
      ...template,
      game: { ...template.game, id: TERRARIA_GAME_ID },
      ports,
      readiness:
        template.readiness.length > 0
          ? template.readiness
          : [{ match: TERRARIA_READY_PATTERN, regex: true }],
      stop: { command: 'exit' },
    };
  },
};
