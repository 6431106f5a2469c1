import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

function run(args: string[]): Promise<{ firstLines: string; child: ReturnType<typeof spawn> }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Control API')) resolve({ firstLines: out, child });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(Object.assign(new Error(`exited ${code}`), { stderr: err })));
  });
}

describe('discord-emulator CLI', () => {
  it('serves the demo seed and prints the URLs to configure', async () => {
    const { firstLines, child } = await run(['--port', '0']);
    try {
      const apiUrl = /DISCORD_API_URL=(\S+)/.exec(firstLines)![1]!;
      expect(firstLines).toContain(
        'DISCORD_PUBLIC_KEY=7ddfeaa1f93ba785d7f1c3c8a9042e2e8c956522d77f99e775caa6d856e1bf26',
      );
      const response = await fetch(`${apiUrl}/users/@me`, {
        headers: { authorization: 'Bot demo-bot-token-not-for-production' },
      });
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('fails with a coded message on a bad seed path', async () => {
    await expect(run(['--port', '0', '--seed', '/nonexistent.json'])).rejects.toMatchObject({
      stderr: expect.stringContaining('PN_DISCORD_EMULATOR_SEED_UNREADABLE'),
    });
  });
});
