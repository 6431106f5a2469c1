import { readShippedEggs, type ShippedEggs } from '@pteronimbus/sdk';

const PLUGIN = 'game-steam';
// The eggs live in the repository's `eggs/` folder, shared with the other game plugins' eggs, so
// they can be read, reviewed and imported into Pterodactyl as they are.
const EGGS_DIR = new URL('../../../eggs/steam/', import.meta.url);

/** Reads this plugin's first-party eggs (`eggs/steam/egg-*.json`) as shipped templates. */
export function loadShippedEggs(dir: URL = EGGS_DIR): Promise<ShippedEggs> {
  return readShippedEggs(PLUGIN, dir);
}
