import type { GameProvider, ParsedEgg } from '@pteronimbus/sdk';

/** Game id of Factorio headless servers in templates and capabilities. */
export const FACTORIO_GAME_ID = 'factorio';

/** Factorio's default game port; it speaks UDP only. */
const GAME_PORT = 34197;

/** Whether an egg runs the Factorio headless server: its binary, or its name and a save file. */
function runsFactorio(egg: ParsedEgg): boolean {
  const startup = egg.startup.map((s) => s.command).join('\n');
  return (
    /\bfactorio\b/i.test(startup) || (/factorio/i.test(egg.name) && /--start-server/.test(startup))
  );
}

/**
 * Refines Factorio eggs: one UDP game port, the "Hosting game at" readiness line when the egg has
 * none, and `/quit` to stop, which saves the map before exiting.
 */
export const factorioProvider: GameProvider = {
  id: FACTORIO_GAME_ID,
  matches(egg) {
    return runsFactorio(egg) ? 50 : 0;
  },
  refine(template) {
    const primary = template.ports[0];
    return {
      ...template,
      game: { ...template.game, id: FACTORIO_GAME_ID },
      ports: [
        {
          name: 'game',
          containerPort: primary?.containerPort ?? GAME_PORT,
          protocol: 'UDP',
          envVariable: primary?.envVariable ?? 'SERVER_PORT',
        },
      ],
      readiness:
        template.readiness.length > 0
          ? template.readiness
          : [{ match: 'Hosting game at', regex: false }],
      stop: { command: '/quit' },
    };
  },
};
