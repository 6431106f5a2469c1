import { computed } from 'vue';
import { pluginIcon } from '../../router/navigation.ts';
import { useRegistryStore } from '../../stores/registry.ts';

/** A game as the game plugins declare it in the registry. */
export interface GameInfo {
  id: string;
  name: string;
  /** A Quasar icon name (Material Symbols), or undefined for the fallback glyph. */
  icon: string | undefined;
}

/** Turns `minecraft-java` into "Minecraft java", for games no loaded plugin names. */
export function gameLabel(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words === '' ? id : words.charAt(0).toUpperCase() + words.slice(1);
}

/** The games the loaded plugins declare, by id. */
export function useGames() {
  const registry = useRegistryStore();
  const games = computed(() => {
    const byId = new Map<string, GameInfo>();
    for (const plugin of registry.plugins) {
      for (const game of plugin.capabilities.games ?? []) {
        byId.set(game.id, {
          id: game.id,
          name: game.name,
          icon: game.icon !== undefined ? pluginIcon(game.icon) : undefined,
        });
      }
    }
    return byId;
  });
  function game(id: string): GameInfo {
    return games.value.get(id) ?? { id, name: gameLabel(id), icon: undefined };
  }
  return { games, game, ensureLoaded: () => registry.ensureLoaded() };
}

/**
 * Whether a template's icon can be shown under the panel's CSP (images from the panel itself,
 * `data:` URIs and Discord's CDN). Anything else would be blocked, so the game's glyph is shown.
 */
export function displayableIcon(icon: string | null | undefined): string | null {
  if (typeof icon !== 'string' || icon === '') return null;
  if (/^data:image\/(png|jpe?g|gif|webp|svg\+xml)[;,]/i.test(icon)) return icon;
  if (/^\/(?![/\\])/.test(icon)) return icon;
  if (/^https:\/\/cdn\.discordapp\.com\//.test(icon)) return icon;
  return null;
}
