// `npm run dev`: the Discord emulator with the demo seed, and core beside it (restarting on
// change), so the whole login works locally without a Discord application. Production start
// never runs the emulator. For hot-reloading the web panel run `npm run dev -w @pteronimbus/web`
// in a second terminal.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const { startDiscordEmulator, demoSeedPath, loadSeedFile } =
  await import('@pteronimbus/discord-emulator');

const port = Number(process.env.PORT ?? 3000);
const seed = await loadSeedFile(demoSeedPath);
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
// Whatever port the panel runs on, the emulator accepts its login callback.
seed.application.redirectUris = [
  ...new Set([...seed.application.redirectUris, `${publicUrl}/auth/callback`]),
];
const emulator = await startDiscordEmulator({
  port: Number(process.env.DISCORD_EMULATOR_PORT ?? 5311),
  seed,
});
console.log(
  `Discord emulator on ${emulator.url} (demo users: ${seed.users.map((u) => u.username).join(', ')})`,
);

const env = {
  ...process.env,
  NODE_ENV: 'development',
  PORT: String(port),
  PUBLIC_URL: publicUrl,
  DISCORD_API_URL: emulator.apiUrl,
  DISCORD_AUTHORIZE_URL: emulator.authorizeUrl,
  DISCORD_CLIENT_ID: seed.application.clientId,
  DISCORD_CLIENT_SECRET: seed.application.clientSecret,
  DISCORD_BOT_TOKEN: seed.application.botToken,
  PTERONIMBUS_SUPER_ADMINS: process.env.PTERONIMBUS_SUPER_ADMINS ?? seed.users[0]?.id ?? '',
};
const core = spawn(
  process.execPath,
  [
    '--conditions=source',
    '--watch-path=core/src',
    '--watch-path=sdk/src',
    '--watch-path=plugins',
    join(root, 'core/src/cli.ts'),
    'start',
  ],
  { cwd: root, stdio: 'inherit', env },
);
const stop = async () => {
  core.kill('SIGTERM');
  await emulator.close();
};
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => void stop());
core.on('exit', async (code) => {
  await emulator.close();
  process.exit(code ?? 0);
});
