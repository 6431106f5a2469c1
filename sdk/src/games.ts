import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createError } from './errors.ts';
import type { GameProvider } from './eggs/provider.ts';
import { createExtensionPoint } from './extension-points.ts';

/** Game plugins offer their egg refinements here; conversion picks the best match per egg. */
export const gameProviderExtensionPoint = createExtensionPoint<GameProvider>('games.provider');

/** Where to ask a running game server about its players. */
export interface PlayerQueryTarget {
  host: string;
  port: number;
  /** Give up after this many milliseconds (default 3000). */
  timeoutMs?: number;
}

/** What a player query found. */
export interface PlayerQueryResult {
  online: number;
  max: number;
  /** Names, when the protocol reports them. */
  players?: Array<{ name: string }>;
  /** Server name or message of the day, when reported. */
  name?: string;
  version?: string;
  latencyMs?: number;
}

/** A player-count protocol implementation (Server List Ping, A2S, ...). */
export interface PlayerQuery {
  /** Protocol id used in templates' operator hints, e.g. `minecraft-slp`, `a2s`. */
  readonly protocol: string;
  query(target: PlayerQueryTarget): Promise<PlayerQueryResult>;
}

/** Game plugins offer their query protocols here. */
export const playerQueryExtensionPoint = createExtensionPoint<PlayerQuery>('games.player-query');

/** Eggs a plugin ships as ready templates (R8.1), as file name and raw text. */
export interface ShippedEggs {
  plugin: string;
  eggs: ReadonlyArray<{ file: string; content: string }>;
}

/** Game plugins offer their first-party eggs here; the templates library imports them as global templates. */
export const shippedEggsExtensionPoint = createExtensionPoint<ShippedEggs>('games.shipped-eggs');

/** The game server did not answer a player query in time. */
export const PlayerQueryTimeout = createError<[string, number]>(
  'PN_PLAYER_QUERY_TIMEOUT',
  'No player query answer from %s within %s ms',
  504,
);

/** The game server could not be reached (connection refused, reset, unknown host…). */
export const PlayerQueryUnreachable = createError<[string, string]>(
  'PN_PLAYER_QUERY_UNREACHABLE',
  'Cannot reach %s for a player query: %s',
  502,
);

/** The game server answered something the protocol does not allow. */
export const PlayerQueryMalformed = createError<[string, string]>(
  'PN_PLAYER_QUERY_MALFORMED',
  'Malformed player query answer from %s: %s',
  502,
);

/** The game server answered in a form the client does not read (e.g. compressed split packets). */
export const PlayerQueryUnsupported = createError<[string, string]>(
  'PN_PLAYER_QUERY_UNSUPPORTED',
  'Unsupported player query answer from %s: %s',
  502,
);

/** A plugin's first-party eggs are missing from its installation. */
export const ShippedEggsMissing = createError<[string]>(
  'PN_GAME_EGGS_MISSING',
  'The first-party eggs of %s cannot be read',
  500,
);

/**
 * Reads a plugin's first-party eggs (`egg-*.json` in `dir`, sorted by name) for
 * {@link shippedEggsExtensionPoint}. Fails with `PN_GAME_EGGS_MISSING` naming the plugin.
 */
export async function readShippedEggs(plugin: string, dir: URL): Promise<ShippedEggs> {
  try {
    const files = (await readdir(dir)).filter((f) => /^egg-.+\.json$/.test(f)).sort();
    const eggs = await Promise.all(
      files.map(async (file) => ({ file, content: await readFile(new URL(file, dir), 'utf8') })),
    );
    return { plugin, eggs };
  } catch (err) {
    throw ShippedEggsMissing(plugin, { dir: fileURLToPath(dir), reason: (err as Error).message });
  }
}
