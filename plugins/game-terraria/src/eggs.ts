import { readShippedEggs, type ShippedEggs } from '@pteronimbus/sdk';

const PLUGIN = 'game-terraria';
// The eggs live in the repository's `eggs/` folder, shared with the other game plugins' eggs, so
// they can be read, reviewed and imported into Pterodactyl as they are.
const EGGS_DIR = new URL('../../../eggs/terraria/', import.meta.url);

/** Reads this plugin's first-party eggs (`eggs/terraria/egg-*.json`) as shipped templates. */
export function loadShippedEggs(dir: URL = EGGS_DIR): Promise<ShippedEggs> {
  return readShippedEggs(PLUGIN, dir);
}
