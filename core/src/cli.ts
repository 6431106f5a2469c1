#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { isPnError } from '@pteronimbus/sdk';
import { loadConfig } from './config/load.ts';
import { runCommand, USAGE } from './cli/commands.ts';

/** Entry point of the `pteronimbus` command. Configuration mistakes print one line, never a stack. */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE);
    return positionals.length === 0 && !values.help ? 1 : 0;
  }
  return runCommand(positionals, {
    json: values.json === true,
    loadConfig: () => loadConfig(process.env),
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== 'start') process.exitCode = code;
  },
  (err: unknown) => {
    if (isPnError(err)) {
      process.stderr.write(`pteronimbus: ${err.code}: ${err.message}\n`);
    } else {
      process.stderr.write(`pteronimbus: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exit(1);
  },
);
