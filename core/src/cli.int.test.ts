import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@pteronimbus/testing';
import { loadConfig } from './config/load.ts';
import { runCommand } from './cli/commands.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function runCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=source', cli, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('pteronimbus CLI', () => {
  it('prints one clear line and exits non-zero when the database cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pn-cli-'));
    const r = runCli(['start'], {
      DATABASE_URL: 'postgres://nope.invalid:5432/x',
      PTERONIMBUS_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    });
    expect(await r.exited).toBe(1);
    const lines = r.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^pteronimbus: PN_DATABASE_UNAVAILABLE: Cannot reach the database: .*nope\.invalid/,
    );
    expect(r.err()).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('prints one clear line for a plugin that is missing', async () => {
    const r = runCli(['config', 'check'], { PTERONIMBUS_PLUGINS: '@pteronimbus/plugin-nowhere' });
    expect(await r.exited).toBe(1);
    expect(r.err().trim()).toMatch(
      /^pteronimbus: PN_PLUGIN_NOT_FOUND: Plugin @pteronimbus\/plugin-nowhere cannot be loaded/,
    );
    expect(r.err().trim().split('\n')).toHaveLength(1);
  });

  it('prints one clear line for a bad variable', async () => {
    const r = runCli(['start'], { PORT: 'eighty' });
    expect(await r.exited).toBe(1);
    expect(r.err().trim()).toBe(
      'pteronimbus: PN_CONFIG_INVALID: PORT must be an integer port between 0 and 65535 (got "eighty")',
    );
  });

  it('starts on the embedded database with no environment and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pn-cli-'));
    const port = await freePort();
    const r = runCli(['start'], {
      PORT: String(port),
      PTERONIMBUS_DATA_DIR: dir,
      PTERONIMBUS_WEB_ROOT: dir,
    });
    const base = `http://127.0.0.1:${port}`;
    let healthy = false;
    let exitCode: number | null = null;
    void r.exited.then((c) => (exitCode = c));
    for (let i = 0; i < 750 && !healthy && exitCode === null; i++) {
      healthy = await fetch(`${base}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
      if (!healthy) await new Promise((res) => setTimeout(res, 200));
    }
    expect({ healthy, exitCode, stderr: r.err().slice(-500) }).toEqual({
      healthy: true,
      exitCode: null,
      stderr: expect.any(String),
    });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const registry = (await (await fetch(`${base}/api/v1/registry`)).json()) as {
      core: { name: string };
    };
    expect(registry.core.name).toBe('pteronimbus');
    expect(r.out()).toContain('embedded PostgreSQL');
    const t0 = Date.now();
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
  }, 200_000);

  it('shows usage and refuses unknown commands', async () => {
    const usage = runCli(['--help'], {});
    expect(await usage.exited).toBe(0);
    expect(usage.out()).toContain('Usage: pteronimbus <command>');
    const unknown = runCli(['fly'], {});
    expect(await unknown.exited).toBe(1);
    expect(unknown.err()).toContain('PN_BAD_REQUEST: unknown command "fly"');
  });
});

describe('CLI commands', () => {
  it('migrates, then reports the database up to date', async () => {
    const db = await createTestDatabase();
    const out: string[] = [];
    const config = () =>
      loadConfig({
        ...(db.url ? { DATABASE_URL: db.url } : {}),
        PTERONIMBUS_DATA_DIR: mkdtempSync(join(tmpdir(), 'pn-m-')),
        PTERONIMBUS_PLUGINS: 'none',
      });
    try {
      expect(
        await runCommand(['migrate'], { json: false, loadConfig: config, out: (l) => out.push(l) }),
      ).toBe(0);
      expect(
        await runCommand(['migrate'], { json: false, loadConfig: config, out: (l) => out.push(l) }),
      ).toBe(0);
    } finally {
      await db.drop();
    }
    expect(out[0]).toMatch(/^applied \d+ migration\(s\): core\/0001_audit_log/);
    expect(out[1]).toBe('the database is up to date');
  });

  it('checks config and lists plugins, as text and JSON', async () => {
    const out: string[] = [];
    const config = () =>
      loadConfig({
        PTERONIMBUS_PLUGINS: fileURLToPath(
          new URL('./plugins/__fixtures__/folder-plugin', import.meta.url),
        ),
      });
    await runCommand(['config', 'check'], {
      json: true,
      loadConfig: config,
      out: (l) => out.push(l),
    });
    expect(JSON.parse(out[0]!)).toMatchObject({
      env: 'development',
      plugins: ['folder@0.0.1'],
      redis: 'single-node (in-process)',
    });
    await runCommand(['plugins', 'list'], {
      json: false,
      loadConfig: config,
      out: (l) => out.push(l),
    });
    expect(out[1]).toMatch(/^folder@0\.0\.1/);
    await runCommand(['config', 'check'], {
      json: false,
      loadConfig: config,
      out: (l) => out.push(l),
    });
    expect(out).toContain('configuration is valid');
  });
});
