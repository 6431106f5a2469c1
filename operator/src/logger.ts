// The operator's log lines have core's shape (pino's: numeric `level`, `time` in epoch
// milliseconds, `pid`, `hostname`, `msg`, an `err` with its type, message and stack), with the
// same credentials masked, so one log pipeline reads both.
import { maskSecrets } from '@pteronimbus/sdk';
import pino from 'pino';
import { OperatorConfigInvalid } from './errors.ts';

/** A structured logger, pino's calling shape: fields first, then the message. */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** A logger that drops everything (tests, and callers that give none). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The levels `LOG_LEVEL` takes, as in core. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `LOG_LEVEL`, default `info`; another value stops start-up naming the variable. */
export function loadLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const level = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw OperatorConfigInvalid('LOG_LEVEL', `it must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return level as LogLevel;
}

/** How {@link createLogger} is set up. */
export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go (tests capture them); stdout by default. */
  stream?: NodeJS.WritableStream;
}

/** The operator's root logger. */
export function createLogger(options: LoggerOptions = {}): pino.Logger {
  return pino(
    {
      level: options.level ?? 'info',
      formatters: { log: maskSecrets },
      serializers: { err: pino.stdSerializers.err },
    },
    (options.stream ?? process.stdout) as pino.DestinationStream,
  );
}
