import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root, workspaces } from './workspaces.mjs';

const rootConfig = ts.parseConfigFileTextToJson(
  'tsconfig.json',
  readFileSync(join(root, 'tsconfig.json'), 'utf8'),
).config as { files: string[]; references: { path: string }[] };

describe('the root tsconfig.json (npm run typecheck)', () => {
  it('references every TypeScript workspace package; vue-tsc checks the web panel', () => {
    const expected = workspaces()
      .map((ws) => ws.dir)
      .filter((dir) => dir !== 'web' && existsSync(join(root, dir, 'tsconfig.json')));
    expected.push('tools/scripts');
    expect(rootConfig.references.map((ref) => ref.path).sort()).toEqual(expected.sort());
  });

  it('checks nothing of its own, only its references', () => {
    expect(rootConfig.files).toEqual([]);
  });
});
