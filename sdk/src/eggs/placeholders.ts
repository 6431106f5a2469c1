import { isKnownPlaceholder } from '../templates/placeholders.ts';
import type { TemplatePort } from '../templates/schema.ts';

/**
 * How the names eggs use in config-file values map to ours. Pterodactyl's current names, the
 * legacy daemon's names the panel still rewrites, and Pelican's names all land on one vocabulary.
 */
export const EGG_PLACEHOLDER_MAP: Readonly<Record<string, string>> = {
  'server.build.default.port': 'server.port',
  'server.allocations.default.port': 'server.port',
  'env.SERVER_PORT': 'server.port',
  'server.build.env.SERVER_PORT': 'server.port',
  'server.environment.SERVER_PORT': 'server.port',
  'server.build.default.ip': 'server.ip',
  'server.allocations.default.ip': 'server.ip',
  'env.SERVER_IP': 'server.ip',
  'server.build.env.SERVER_IP': 'server.ip',
  'server.environment.SERVER_IP': 'server.ip',
  'server.build.memory': 'server.memory',
  'server.build.memory_limit': 'server.memory',
  'env.SERVER_MEMORY': 'server.memory',
  'server.build.env.SERVER_MEMORY': 'server.memory',
  'server.environment.SERVER_MEMORY': 'server.memory',
  'server.build.disk': 'server.disk',
  'server.build.disk_space': 'server.disk',
  'server.build.cpu': 'server.cpu',
  'server.build.cpu_limit': 'server.cpu',
  'server.uuid': 'server.uuid',
  'server.name': 'server.name',
  'server.meta.name': 'server.name',
  'config.docker.interface': 'node.ip',
};

/** Prefixes under which eggs reach an environment variable; all become `env.NAME`. */
const ENV_PREFIXES = ['server.build.env.', 'server.environment.', 'env.'];

const EGG_PLACEHOLDER = /\{\{\s*([^{}\s]+?)\s*\}\}/g;

/** Maps one egg placeholder name to ours, or `undefined` when there is no equivalent. */
export function mapEggPlaceholder(name: string): string | undefined {
  const mapped = EGG_PLACEHOLDER_MAP[name];
  if (mapped) return mapped;
  for (const prefix of ENV_PREFIXES) {
    if (name.startsWith(prefix)) {
      const variable = name.slice(prefix.length);
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(variable) ? `env.${variable}` : undefined;
    }
  }
  return isKnownPlaceholder(name) ? name : undefined;
}

/**
 * Rewrites the placeholders of an egg config value into our vocabulary. Names with no equivalent,
 * and `{{` that opens no placeholder at all, are left as written and passed to `onUnknown`.
 */
export function translateEggPlaceholders(
  text: string,
  onUnknown: (placeholder: string) => void,
): string {
  const out = text.replace(EGG_PLACEHOLDER, (whole, name: string) => {
    const mapped = mapEggPlaceholder(name);
    if (mapped === undefined) {
      onUnknown(whole);
      return whole;
    }
    return `{{${mapped}}}`;
  });
  const stray = out.replace(/\{\{[\w.-]+\}\}/g, '');
  if (stray.includes('{{')) onUnknown(stray.slice(stray.indexOf('{{'), stray.indexOf('{{') + 40));
  return out;
}

/** The two naming dialects eggs are exported in. */
export type EggDialect = 'pterodactyl' | 'pelican';

const TO_EGG: Readonly<Record<EggDialect, Readonly<Record<string, string>>>> = {
  pterodactyl: {
    'server.port': 'server.build.default.port',
    'server.ip': 'server.build.default.ip',
    'server.memory': 'server.build.memory',
    'server.disk': 'server.build.disk',
    'server.cpu': 'server.build.cpu',
    'server.uuid': 'server.uuid',
    'server.name': 'server.name',
    'node.ip': 'config.docker.interface',
    env: 'server.build.env.',
  },
  pelican: {
    'server.port': 'server.allocations.default.port',
    'server.ip': 'server.allocations.default.ip',
    'server.memory': 'server.build.memory_limit',
    'server.disk': 'server.build.disk_space',
    'server.cpu': 'server.build.cpu_limit',
    'server.uuid': 'server.uuid',
    'server.name': 'server.name',
    'node.ip': 'config.docker.interface',
    env: 'server.environment.',
  },
};

/**
 * Rewrites our placeholders into an egg dialect. `{{port.<name>}}` has no egg equivalent: it
 * becomes the variable carrying that port when there is one, else the primary port.
 */
export function toEggPlaceholders(
  text: string,
  dialect: EggDialect,
  ports: readonly TemplatePort[],
): string {
  const names = TO_EGG[dialect];
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => {
    if (name.startsWith('env.')) return `{{${names.env}${name.slice(4)}}}`;
    if (name.startsWith('port.')) {
      const port = ports.find((p) => p.name === name.slice(5));
      const variable = port?.envVariable;
      if (variable && variable !== 'SERVER_PORT') return `{{${names.env}${variable}}}`;
      return `{{${names['server.port']}}}`;
    }
    const mapped = names[name];
    return mapped === undefined ? whole : `{{${mapped}}}`;
  });
}
