import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the eggs are, relative to this module. The folder ships with the package (see `files`), one
 * level above both `src/` (in development) and `dist/` (once built), so one URL serves both.
 */
export const COMMUNITY_EGGS_URL = '../eggs/community/';

// Paths, not URLs: one fixture has a `#` in its name.
const DIR = fileURLToPath(new URL(COMMUNITY_EGGS_URL, import.meta.url));

/**
 * Real community eggs (Pterodactyl PTDL_v1 and PTDL_v2, Pelican; MIT, see the folder's README) that
 * ship with the SDK, so a game plugin can check its provider claims exactly the eggs it should.
 * Each entry is `format/file` and the egg's text.
 */
export function communityEggs(): Array<{ file: string; text: string }> {
  return ['ptdl_v1', 'ptdl_v2', 'plcn'].flatMap((format) =>
    readdirSync(join(DIR, format))
      .filter((f) => /\.(json|ya?ml)$/.test(f))
      .map((f) => ({ file: `${format}/${f}`, text: communityEgg(`${format}/${f}`) })),
  );
}

/** The text of one community egg, by `format/file`. */
export function communityEgg(file: string): string {
  return readFileSync(join(DIR, file), 'utf8');
}
