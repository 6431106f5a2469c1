import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from './app.ts';
import type { CoreConfig } from './config/schema.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Stops accepting, drains in-flight requests, closes pools. */
  stop(): Promise<void>;
}

/** Builds the app and listens; SIGTERM/SIGINT close it gracefully when `handleSignals` is set. */
export async function startServer(
  config: CoreConfig,
  options: BuildOptions & { handleSignals?: boolean } = {},
): Promise<RunningServer> {
  const app = await buildApp(config, options);
  const url = await app.listen({ port: config.port, host: config.host });
  app.log.info({ url, publicUrl: config.publicUrl }, 'Pteronimbus is listening');
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= app.close();
    return stopping;
  };
  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      app.log.info({ signal }, 'shutting down');
      // A second signal, or a drain that hangs, ends the process anyway.
      const force = setTimeout(() => process.exit(1), 4_000);
      force.unref();
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { app, url, stop };
}
