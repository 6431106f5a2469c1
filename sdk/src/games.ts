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
