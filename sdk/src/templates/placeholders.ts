/**
 * The placeholders a config-file replacement value may use. Anything else between `{{ }}` is left
 * as written.
 */
export const PLACEHOLDERS = [
  { name: 'server.ip', description: 'Address the game binds to (all interfaces of the pod).' },
  { name: 'server.port', description: 'The primary port.' },
  { name: 'server.memory', description: 'Memory limit in MiB.' },
  { name: 'server.disk', description: 'Volume size in MiB.' },
  { name: 'server.cpu', description: 'CPU limit in percent of one core (100 = one core).' },
  { name: 'server.uuid', description: 'The server id.' },
  { name: 'server.name', description: 'The server display name.' },
  {
    name: 'node.ip',
    description: 'Address of the Kubernetes node running the server (its host IP).',
  },
  { name: 'port.<name>', description: 'The number of the port called <name>.' },
  {
    name: 'env.<NAME>',
    description: 'The value of environment variable <NAME> (a parameter or a built-in).',
  },
] as const;

/** Values the placeholders of {@link PLACEHOLDERS} resolve to for one server. */
export interface PlaceholderContext {
  server: {
    ip: string;
    port: number;
    memory: number;
    disk: number;
    cpu: number;
    uuid: string;
    name: string;
  };
  node: { ip: string };
  ports: Record<string, number>;
  env: Record<string, string>;
}

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** The placeholder names used in `text`, in order of first use. */
export function placeholdersIn(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) seen.add(m[1] as string);
  return [...seen];
}

/** Whether `name` is part of the vocabulary of {@link PLACEHOLDERS}. */
export function isKnownPlaceholder(name: string): boolean {
  if (/^env\.[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return true;
  if (/^port\.[a-z0-9-]+$/.test(name)) return true;
  return PLACEHOLDERS.some((p) => p.name === name);
}

function lookup(name: string, ctx: PlaceholderContext): string | undefined {
  const dot = name.indexOf('.');
  const scope = name.slice(0, dot);
  const key = name.slice(dot + 1);
  switch (scope) {
    case 'env':
      return Object.hasOwn(ctx.env, key) ? ctx.env[key] : undefined;
    case 'port':
      return Object.hasOwn(ctx.ports, key) ? String(ctx.ports[key]) : undefined;
    case 'node':
      return key === 'ip' ? ctx.node.ip : undefined;
    case 'server':
      return Object.hasOwn(ctx.server, key)
        ? String(ctx.server[key as keyof PlaceholderContext['server']])
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Fills the placeholders of a config-file replacement value. Unknown placeholders, and `env.X` for
 * a variable that is not set, stay as written so a mistake is visible in the file.
 */
export function renderPlaceholders(text: string, ctx: PlaceholderContext): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => lookup(name, ctx) ?? whole);
}
