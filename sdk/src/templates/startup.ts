import { formatParameterValue, type ParameterValue } from './parameters.ts';

/**
 * Variables every server gets in its environment, whatever its template, under the names eggs
 * already use. A startup command may reference them as `{{NAME}}` or `${NAME}`.
 */
export const BUILTIN_VARIABLES = [
  { name: 'SERVER_MEMORY', description: 'Memory limit in MiB.' },
  { name: 'SERVER_IP', description: 'Address the game binds to.' },
  { name: 'SERVER_PORT', description: 'The primary port.' },
  { name: 'P_SERVER_LOCATION', description: 'Name of the cluster running the server.' },
  { name: 'P_SERVER_UUID', description: 'The server id.' },
  {
    name: 'P_SERVER_ALLOCATION_LIMIT',
    description: 'How many ports the server may use besides the primary one.',
  },
  { name: 'TZ', description: 'Time zone of the server (IANA name).' },
  {
    name: 'STARTUP',
    description: 'The rendered startup command, for images whose entrypoint runs it.',
  },
] as const;

/** Names of {@link BUILTIN_VARIABLES}. */
export type BuiltinVariable = (typeof BUILTIN_VARIABLES)[number]['name'];

const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTIN_VARIABLES.map((v) => v.name));

/** Whether `name` is one of {@link BUILTIN_VARIABLES}. */
export function isBuiltinVariable(name: string): name is BuiltinVariable {
  return BUILTIN_NAMES.has(name);
}

const STARTUP_PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The `{{NAME}}` variables a startup command references, in order of first use. */
export function startupVariables(command: string): string[] {
  const seen = new Set<string>();
  for (const m of command.matchAll(STARTUP_PLACEHOLDER)) seen.add(m[1] as string);
  return [...seen];
}

/**
 * Renders a startup command: each `{{NAME}}` whose name is a key of `values` becomes that value in
 * its environment form. Other placeholders stay, as Pterodactyl leaves them, so an image whose
 * entrypoint expands `{{NAME}}` from the environment still works. Values are not shell-quoted:
 * the command is the template author's, and it already decides where quotes go.
 */
export function renderStartup(
  command: string,
  values: Readonly<Record<string, ParameterValue>>,
): string {
  return command.replace(STARTUP_PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? formatParameterValue(values[name]) : whole,
  );
}
