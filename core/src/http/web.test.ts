import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findWebRoot } from './web.ts';

let root: string;

function panelAt(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  return dir;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pn-webroot-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('finding the built web panel', () => {
  it('serves the copy a packed core ships in its own web/ folder', () => {
    // node_modules/@pteronimbus/core/{dist,web} of an installed tarball.
    const core = join(root, 'node_modules', '@pteronimbus', 'core');
    mkdirSync(join(core, 'dist'), { recursive: true });
    const shipped = panelAt(join(core, 'web'));
    expect(findWebRoot(join(core, 'dist'))).toBe(shipped);
  });

  it('prefers the workspace build over a packed copy, from dist and from the sources', () => {
    const built = panelAt(join(root, 'web', 'dist', 'spa'));
    panelAt(join(root, 'core', 'web'));
    expect(findWebRoot(join(root, 'core', 'dist'))).toBe(built);
    expect(findWebRoot(join(root, 'core', 'src', 'http'))).toBe(built);
  });

  it('finds nothing when no panel was built or shipped', () => {
    mkdirSync(join(root, 'core', 'dist'), { recursive: true });
    expect(findWebRoot(join(root, 'core', 'dist'))).toBeNull();
  });
});
