import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const corePkgDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(corePkgDir, '..');
const pkg = JSON.parse(readFileSync(join(corePkgDir, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};
const binFile = join(corePkgDir, pkg.bin.pteronimbus ?? '');

function run(file: string, args: string[], cwd = repoRoot) {
  return spawnSync(process.execPath, [file, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
    encoding: 'utf8',
    timeout: 110_000,
  });
}

// Each test starts Node on core's sources: seconds alone, far longer on a busy two-core machine.
describe('the pteronimbus command on a fresh clone', { timeout: 120_000 }, () => {
  it('is a file kept in git, so npm links it before anything is built', () => {
    expect(existsSync(binFile)).toBe(true);
    // `git check-ignore` exits 1 for a path git keeps; dist/ is ignored.
    const ignored = spawnSync('git', ['check-ignore', '-q', binFile], { cwd: repoRoot });
    expect(ignored.status).toBe(1);
  });

  it('runs through the link npm made, from the sources, with or without a build', () => {
    const linked = join(repoRoot, 'node_modules', '.bin', 'pteronimbus');
    const result = run(linked, ['plugins', 'list']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('game-minecraft@0.1.0  @pteronimbus/plugin-game-minecraft');
  });

  it('runs the build in an installed package, which has no sources', () => {
    const installed = mkdtempSync(join(tmpdir(), 'pn-bin-'));
    try {
      mkdirSync(join(installed, 'bin'));
      mkdirSync(join(installed, 'dist'));
      copyFileSync(binFile, join(installed, 'bin', 'pteronimbus.js'));
      writeFileSync(join(installed, 'package.json'), '{ "type": "module" }');
      writeFileSync(
        join(installed, 'dist', 'cli.js'),
        'process.stdout.write(`built cli: ${process.argv.slice(2).join(" ")}\\n`);\n',
      );
      const result = run(join(installed, 'bin', 'pteronimbus.js'), ['config', 'check'], installed);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('built cli: config check\n');
    } finally {
      rmSync(installed, { recursive: true, force: true });
    }
  });

  it('says what is missing when neither the sources nor the build are there', () => {
    const broken = mkdtempSync(join(tmpdir(), 'pn-bin-'));
    try {
      mkdirSync(join(broken, 'bin'));
      copyFileSync(binFile, join(broken, 'bin', 'pteronimbus.js'));
      writeFileSync(join(broken, 'package.json'), '{ "type": "module" }');
      const result = run(join(broken, 'bin', 'pteronimbus.js'), ['--help'], broken);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^pteronimbus: .*neither src\/cli\.ts nor dist\/cli\.js/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
