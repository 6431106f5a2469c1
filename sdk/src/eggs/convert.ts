import { Value } from 'typebox/value';
import { parseParameterValue } from '../templates/parameters.ts';
import { isBuiltinVariable, startupVariables } from '../templates/startup.ts';
import { assertTemplateSpec } from '../templates/validate.ts';
import type {
  ConfigFile,
  ConfigParser,
  ConfigReplacement,
  GameTemplateSpec,
  ParameterProperty,
  ReadinessRule,
  TemplateInstall,
  TemplatePort,
  TemplateResources,
  TemplateStop,
  TemplateWarning,
} from '../templates/schema.ts';
import { parseEgg, type EggFormat, type EggVariable, type ParsedEgg } from './parse.ts';
import { translateEggPlaceholders } from './placeholders.ts';
import { pickProvider, type GameProvider } from './provider.ts';
import { rulesToSchema, splitRules } from './rules.ts';

/** Warning codes the egg conversion reports, besides those of `rulesToSchema`. */
export type ConversionWarningCode =
  | 'EGG_PARSER_UNSUPPORTED'
  | 'EGG_PLACEHOLDER_UNKNOWN'
  | 'EGG_FEATURE_UNSUPPORTED'
  | 'EGG_STOP_SIGNAL_UNKNOWN'
  | 'EGG_READINESS_REGEX_INVALID'
  | 'EGG_STARTUP_VARIABLE_UNKNOWN'
  | 'EGG_VARIABLE_DUPLICATE'
  | 'EGG_DEFAULT_INVALID'
  | 'EGG_INSTALL_IMAGE_MISSING';

/** Options of {@link convertEgg}. */
export interface ConvertEggOptions {
  /** Game providers to offer the egg to; the best match refines the template. */
  providers?: readonly GameProvider[];
  /** Egg features the caller implements itself, so they are not reported as unsupported. */
  supportedFeatures?: readonly string[];
  /** Default resources of servers made from the template. */
  resources?: Partial<TemplateResources>;
  /** Container port of the primary port (any free port works in a pod; providers pick the game's own). */
  defaultPort?: number;
}

/** What a conversion did not carry over exactly. */
export interface ConversionReport {
  format: EggFormat;
  /** Id of the provider that refined the template, if one matched. */
  provider: string | undefined;
  warnings: TemplateWarning[];
}

/** The result of {@link convertEgg}. */
export interface ConversionResult {
  template: GameTemplateSpec;
  report: ConversionReport;
}

/** Resources of a new server when neither the options nor a provider say otherwise. */
export const DEFAULT_RESOURCES: Readonly<TemplateResources> = {
  cpu: 1000,
  memory: 2048,
  disk: 10240,
};

/** Container port of the primary port when neither the options nor a provider say otherwise. */
export const DEFAULT_GAME_PORT = 25565;

const PARSERS: ReadonlySet<string> = new Set([
  'file',
  'yaml',
  'properties',
  'ini',
  'json',
  'xml',
  'toml',
]);
const PARSER_ALIASES: Readonly<Record<string, ConfigParser>> = {
  yml: 'yaml',
  text: 'file',
  txt: 'file',
  cfg: 'ini',
};

const SIGNALS = new Set([
  'SIGINT',
  'SIGTERM',
  'SIGKILL',
  'SIGQUIT',
  'SIGHUP',
  'SIGUSR1',
  'SIGUSR2',
  'SIGABRT',
  'SIGWINCH',
  'SIGSTOP',
  'SIGCONT',
]);

type Warn = (
  code: ConversionWarningCode | TemplateWarning['code'],
  message: string,
  path?: string,
) => void;

function lf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** A lower-case DNS label from a display name. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'game' : slug;
}

/**
 * `^C` (also written `^c` or `^^C`) is Ctrl-C: SIGINT. `^NAME` sends that signal, anything else is
 * a console command.
 */
function convertStop(stop: string | undefined, warn: Warn): TemplateStop {
  if (stop === undefined) return { signal: 'SIGTERM' };
  if (!stop.startsWith('^')) return { command: stop };
  const name = stop.replace(/^\^+/, '').trim().toUpperCase();
  if (name === 'C') return { signal: 'SIGINT' };
  if (name === '\\') return { signal: 'SIGQUIT' };
  const signal = name.startsWith('SIG') ? name : `SIG${name}`;
  if (SIGNALS.has(signal)) return { signal };
  warn(
    'EGG_STOP_SIGNAL_UNKNOWN',
    `Stop "${stop}" names no signal; SIGTERM is sent instead.`,
    '$.config.stop',
  );
  return { signal: 'SIGTERM' };
}

function convertReadiness(done: readonly string[], warn: Warn): ReadinessRule[] {
  const rules: ReadinessRule[] = [];
  done.forEach((line, i) => {
    if (line === '') return;
    if (line.startsWith('regex:') && line.length > 'regex:'.length) {
      const pattern = line.slice('regex:'.length);
      try {
        new RegExp(pattern, 'u');
        rules.push({ match: pattern, regex: true });
        return;
      } catch {
        warn(
          'EGG_READINESS_REGEX_INVALID',
          `Readiness regex "${pattern}" is matched as plain text.`,
          `$.config.startup.done[${i}]`,
        );
      }
    }
    rules.push({ match: line, regex: false });
  });
  return rules;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function convertConfigFiles(egg: ParsedEgg, warn: Warn): ConfigFile[] {
  const files: ConfigFile[] = [];
  for (const file of egg.configFiles) {
    const parser = PARSER_ALIASES[file.parser] ?? file.parser;
    if (!PARSERS.has(parser)) {
      warn(
        'EGG_PARSER_UNSUPPORTED',
        `Config file "${file.path}" uses parser "${file.parser}"; it is not patched.`,
        `${file.jsonPath}.parser`,
      );
      continue;
    }
    if (file.path.trim() === '') continue;
    const translate = (text: string, path: string) =>
      translateEggPlaceholders(text, (placeholder) =>
        warn(
          'EGG_PLACEHOLDER_UNKNOWN',
          `Placeholder "${placeholder}" has no equivalent; it is written as is.`,
          path,
        ),
      );
    const replacements: ConfigReplacement[] = [];
    for (const [match, value] of Object.entries(file.find)) {
      if (match === '') continue;
      const path = `${file.jsonPath}.find[${JSON.stringify(match)}]`;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        // `{ "127.0.0.1": "{{config.docker.interface}}" }`: replace only where the current value matches.
        for (const [ifValue, next] of Object.entries(value)) {
          replacements.push({ match, ifValue, value: translate(scalarText(next), path) });
        }
      } else {
        replacements.push({ match, value: translate(scalarText(value), path) });
      }
    }
    files.push({ path: file.path, parser: parser as ConfigParser, replacements });
  }
  return files;
}

function portName(envVariable: string, taken: ReadonlySet<string>): string {
  const base =
    envVariable
      .toLowerCase()
      .replace(/_?port$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 15)
      .replace(/-+$/, '') || 'port';
  let name = base;
  for (let n = 2; taken.has(name); n++)
    name = `${base.slice(0, 15 - String(n).length - 1).replace(/-+$/, '')}-${n}`;
  return name;
}

/**
 * The primary port, plus one port per variable that names a port (`QUERY_PORT=27016`): eggs
 * have no port list, but their variables say which other ports the game opens.
 */
function convertPorts(variables: readonly EggVariable[], defaultPort: number): TemplatePort[] {
  const ports: TemplatePort[] = [
    { name: 'game', containerPort: defaultPort, protocol: 'TCPUDP', envVariable: 'SERVER_PORT' },
  ];
  const taken = new Set(['game']);
  for (const v of variables) {
    if (
      !/PORT$/i.test(v.envVariable) ||
      v.envVariable === 'SERVER_PORT' ||
      !/^\d{1,5}$/.test(v.defaultValue.trim())
    )
      continue;
    const containerPort = Number(v.defaultValue.trim());
    if (
      containerPort < 1 ||
      containerPort > 65535 ||
      ports.some((p) => p.containerPort === containerPort)
    )
      continue;
    if (ports.some((p) => p.envVariable === v.envVariable)) continue;
    const name = portName(v.envVariable, taken);
    taken.add(name);
    ports.push({ name, containerPort, protocol: 'TCPUDP', envVariable: v.envVariable });
  }
  return ports;
}

/** Variables in the order the panel shows them: by `sort` where given, else as written. */
function sortVariables(variables: readonly EggVariable[]): EggVariable[] {
  return variables
    .map((v, i) => ({ v, i }))
    .sort((a, b) => (a.v.sort ?? Infinity) - (b.v.sort ?? Infinity) || a.i - b.i)
    .map(({ v }) => v);
}

function convertParameters(
  ordered: readonly EggVariable[],
  warn: Warn,
): GameTemplateSpec['parameters'] {
  const properties: Record<string, ParameterProperty> = {};
  const required: string[] = [];
  for (const v of ordered) {
    if (Object.hasOwn(properties, v.envVariable)) {
      warn(
        'EGG_VARIABLE_DUPLICATE',
        `Variable ${v.envVariable} is defined twice; the first definition is used.`,
        v.path,
      );
      continue;
    }
    const rules = v.rules.flatMap((r) => splitRules(r));
    const converted = rulesToSchema(rules);
    for (const w of converted.warnings)
      warn(w.code, `${v.envVariable}: ${w.message}`, `${v.path}.rules`);
    const property: ParameterProperty = {
      title: v.name,
      description: lf(v.description),
      ...converted.schema,
      envVariable: v.envVariable,
      userViewable: v.userViewable,
      userEditable: v.userEditable,
      rules,
    };
    if (v.defaultValue !== '') {
      const value = parseParameterValue(converted.schema, v.defaultValue);
      property.default = value;
      if (!Value.Check(converted.schema, value)) {
        warn(
          'EGG_DEFAULT_INVALID',
          `${v.envVariable}: default "${v.defaultValue}" does not satisfy its own rules.`,
          `${v.path}.default_value`,
        );
      }
    }
    properties[v.envVariable] = property;
    if (converted.required) required.push(v.envVariable);
  }
  return { type: 'object', properties, required };
}

function interpreterOf(script: string): string | undefined {
  const m = /^#!\s*(?:\/usr\/bin\/env\s+)?(?:\S*\/)?(\w+)/.exec(script);
  return m?.[1];
}

function convertInstall(egg: ParsedEgg, warn: Warn): TemplateInstall | undefined {
  if (!egg.install) return undefined;
  const script = lf(egg.install.script);
  let image = egg.install.container;
  if (image === undefined) {
    image = (egg.images[0] as { image: string }).image;
    warn(
      'EGG_INSTALL_IMAGE_MISSING',
      `The install script names no container; it runs in ${image}.`,
      '$.scripts.installation.container',
    );
  }
  const entrypoint = egg.install.entrypoint ?? interpreterOf(script) ?? 'bash';
  return { image, entrypoint, script };
}

/**
 * Converts an egg (any supported format, as text or object) into a GameTemplate spec, with a
 * report of what did not carry over exactly. A provider from `options.providers` that matches the
 * egg refines the result. Throws `PN_EGG_INVALID` for an egg it cannot read.
 */
export function convertEgg(input: unknown, options: ConvertEggOptions = {}): ConversionResult {
  const egg = parseEgg(input);
  const warnings: TemplateWarning[] = [];
  const warn: Warn = (code, message, path) =>
    warnings.push(path === undefined ? { code, message } : { code, message, path });

  const variables = sortVariables(egg.variables);
  const parameters = convertParameters(variables, warn);
  const [first, ...others] = egg.startup as [ParsedEgg['startup'][number], ...ParsedEgg['startup']];
  const command = first.command;
  for (const name of startupVariables(egg.startup.map((s) => s.command).join('\n'))) {
    if (!Object.hasOwn(parameters.properties, name) && !isBuiltinVariable(name)) {
      warn(
        'EGG_STARTUP_VARIABLE_UNKNOWN',
        `The startup command uses {{${name}}}, which is neither a variable nor built in.`,
        '$.startup',
      );
    }
  }

  const provider = pickProvider(options.providers ?? [], egg);
  const supported = new Set([...(options.supportedFeatures ?? []), ...(provider?.features ?? [])]);
  egg.features.forEach((feature, i) => {
    if (!supported.has(feature)) {
      warn(
        'EGG_FEATURE_UNSUPPORTED',
        `Feature "${feature}" is not supported; the server runs without it.`,
        `$.features[${i}]`,
      );
    }
  });

  const install = convertInstall(egg, warn);
  const description = lf(egg.description).trim();
  let template: GameTemplateSpec = {
    game: {
      id: slugify(egg.name),
      name: egg.name,
      ...(description ? { description } : {}),
      ...(egg.author.trim() ? { author: egg.author.trim() } : {}),
      ...(egg.icon ? { icon: egg.icon } : {}),
    },
    images: egg.images.map((i) => ({ ...i })),
    startup: {
      command,
      variants:
        others.length > 0 ? egg.startup.map((s) => ({ label: s.label, command: s.command })) : [],
    },
    parameters,
    ports: convertPorts(variables, options.defaultPort ?? DEFAULT_GAME_PORT),
    configFiles: convertConfigFiles(egg, warn),
    readiness: convertReadiness(egg.done, warn),
    stop: convertStop(egg.stop, warn),
    ...(install ? { install } : {}),
    resources: { ...DEFAULT_RESOURCES, ...options.resources },
    features: [...egg.features],
    fileDenylist: [...egg.fileDenylist],
    environment: {},
    source: { format: egg.format, egg: egg.document },
    warnings,
  };

  if (provider) template = provider.refine(template, egg);
  assertTemplateSpec(template);
  return {
    template,
    report: { format: egg.format, provider: provider?.id, warnings: template.warnings },
  };
}
