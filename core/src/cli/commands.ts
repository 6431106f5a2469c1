import type { CoreConfig } from '../config/schema.ts';
import { openCoreDatabase } from '../db/core-database.ts';
import { createLogger } from '../logger.ts';
import { importPlugins, resolvePlugins } from '../plugins/loader.ts';
import { startServer } from '../server.ts';
import { BadRequest } from '../errors/codes.ts';
import { convertEggFiles, loadGameProviders } from './eggs.ts';

export const USAGE = `Usage: pteronimbus <command>

Commands:
  start           migrate the database and start the panel
  migrate         apply pending database migrations and exit
  config check    validate the environment and the plugins, print the effective settings
  plugins list    list the plugins that would load, in load order
  eggs convert <file-or-folder>
                  convert eggs (.json, .yaml, .yml; folders recursively) and report what
                  carries over; exits 1 if any egg fails

Configuration comes from environment variables; see docs/operations/configuration.md.
`;

export interface CommandOptions {
  json: boolean;
  loadConfig: () => CoreConfig;
  out?: (line: string) => void;
}

/** Runs one CLI command; returns the process exit code. */
export async function runCommand(args: string[], options: CommandOptions): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const [command, sub] = args;
  switch (`${command}${sub ? ' ' + sub : ''}`) {
    case 'start': {
      const config = options.loadConfig();
      await startServer(config, { handleSignals: true });
      return 0;
    }
    case 'migrate': {
      const config = options.loadConfig();
      const plugins = resolvePlugins(await importPlugins(config.plugins), {
        pluginConfig: config.pluginConfig,
      });
      const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
      const db = await openCoreDatabase(config, plugins, logger);
      try {
        const applied = await db.migrate();
        out(
          applied.length
            ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
            : 'the database is up to date',
        );
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'config check': {
      const config = options.loadConfig();
      const plugins = resolvePlugins(await importPlugins(config.plugins), {
        pluginConfig: config.pluginConfig,
      });
      const summary = {
        env: config.env,
        listen: `${config.host}:${config.port}`,
        publicUrl: config.publicUrl,
        database: config.databaseUrl ? 'postgresql (DATABASE_URL)' : `embedded (${config.dataDir})`,
        redis: config.redisUrl ? 'redis (REDIS_URL)' : 'single-node (in-process)',
        discordApi: config.discord.apiUrl,
        superAdmins: config.superAdmins.length,
        plugins: plugins.map((p) => `${p.plugin.name}@${p.plugin.version}`),
      };
      if (options.json) out(JSON.stringify(summary));
      else {
        out('configuration is valid');
        for (const [k, v] of Object.entries(summary))
          out(`  ${k}: ${Array.isArray(v) ? v.join(', ') || '(none)' : String(v)}`);
      }
      return 0;
    }
    case 'plugins list': {
      const config = options.loadConfig();
      const plugins = resolvePlugins(await importPlugins(config.plugins), {
        pluginConfig: config.pluginConfig,
      });
      if (options.json)
        out(
          JSON.stringify(
            plugins.map((p) => ({
              name: p.plugin.name,
              version: p.plugin.version,
              source: p.source,
            })),
          ),
        );
      else if (plugins.length === 0) out('no plugins');
      else
        for (const p of plugins)
          out(
            `${p.plugin.name}@${p.plugin.version}  ${p.source}${p.plugin.dependsOn?.length ? `  (after ${p.plugin.dependsOn.join(', ')})` : ''}`,
          );
      return 0;
    }
    case 'eggs convert': {
      const target = args[2];
      if (!target) throw BadRequest('name a file or folder: pteronimbus eggs convert <path>');
      return convertEggFiles(target, {
        providers: await loadGameProviders(),
        json: options.json,
        out,
      });
    }
    default:
      throw BadRequest(`unknown command "${args.join(' ')}"; run pteronimbus --help`);
  }
}
