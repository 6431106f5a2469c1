#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { EmulatorError } from './errors.ts';
import { demoSeedPath } from './seed/load.ts';
import { startDiscordEmulator } from './server.ts';

const USAGE = `Usage: discord-emulator [--port 5311] [--host 127.0.0.1] [--seed seeds/demo.json] [--global-limit 50]

Serves Discord's OAuth2 and REST API (v10) from a seeded in-memory world.
  --port           port to listen on (default 5311; 0 picks a free one)
  --host           address to bind (default 127.0.0.1)
  --seed           seed JSON file (default: the bundled demo seed)
  --global-limit   requests per second per token before a global 429 (default 50)
  --help           show this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5311' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      'global-limit': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new EmulatorError(
      'PN_DISCORD_EMULATOR_INVALID_ARGUMENT',
      `--port must be 0..65535, got ${values.port}`,
      400,
    );
  }
  const globalLimit =
    values['global-limit'] === undefined ? undefined : Number(values['global-limit']);
  if (globalLimit !== undefined && (!Number.isInteger(globalLimit) || globalLimit < 1)) {
    throw new EmulatorError(
      'PN_DISCORD_EMULATOR_INVALID_ARGUMENT',
      '--global-limit must be a positive integer',
      400,
    );
  }
  const emulator = await startDiscordEmulator({
    port,
    host: values.host,
    seed: values.seed ?? demoSeedPath,
    ...(globalLimit === undefined
      ? {}
      : { rateLimits: { global: { limit: globalLimit, windowMs: 1000 } } }),
  });
  process.stdout.write(
    [
      `Discord emulator listening on ${emulator.url}`,
      `DISCORD_API_URL=${emulator.apiUrl}`,
      `DISCORD_AUTHORIZE_URL=${emulator.authorizeUrl}`,
      `DISCORD_PUBLIC_KEY=${emulator.control.publicKey}`,
      `Control API: ${emulator.url}/_control/state`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message =
    error instanceof EmulatorError ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
