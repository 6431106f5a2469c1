import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEgg } from '@pteronimbus/sdk';
import { COMMUNITY_EGGS_URL, communityEgg, communityEggs } from './community-eggs.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  files: string[];
};

describe('community eggs', () => {
  it('serves the eggs of every format, each one a parseable egg', () => {
    const eggs = communityEggs();
    for (const format of ['ptdl_v1', 'ptdl_v2', 'plcn'])
      expect(eggs.filter((e) => e.file.startsWith(`${format}/`)).length).toBeGreaterThan(0);
    for (const egg of eggs) expect(() => parseEgg(egg.text), egg.file).not.toThrow();
    expect(communityEgg(eggs[0]!.file)).toBe(eggs[0]!.text);
  });

  it.each(['src', 'dist'])('reads, from %s/, a folder the package ships', (from) => {
    // The module runs from src/ in this repository and from dist/ once installed.
    const dir = fileURLToPath(new URL(COMMUNITY_EGGS_URL, `file://${join(root, from)}/`));
    const inPackage = relative(root, dir).split(sep).join('/');
    expect(inPackage.startsWith('..')).toBe(false);
    expect(manifest.files.some((f) => inPackage === f || inPackage.startsWith(`${f}/`))).toBe(true);
    expect(existsSync(join(dir, 'ptdl_v2'))).toBe(true);
  });
});
