import { readShippedEggs, type ShippedEggs } from '@pteronimbus/sdk';

const PLUGIN = 'game-minecraft';
// The eggs ship inside this package (`eggs/`, listed in `files`), plain PTDL_v2 files that can be
// read, reviewed and imported into Pterodactyl as they are. `src/` and `dist/` sit side by side,
// so the same relative URL finds them from the sources and from the build.
const EGGS_DIR = new URL('../eggs/', import.meta.url);

/** Reads this plugin's first-party eggs (`eggs/egg-*.json` in this package) as shipped templates. */
export function loadShippedEggs(dir: URL = EGGS_DIR): Promise<ShippedEggs> {
  return readShippedEggs(PLUGIN, dir);
}
