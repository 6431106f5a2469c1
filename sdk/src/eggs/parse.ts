import { parseDocument } from 'yaml';
import { eggInvalid } from './errors.ts';

/** The egg formats we read, as named by `meta.version`. */
export const EGG_FORMATS = ['PTDL_v1', 'PTDL_v2', 'PLCN_v1', 'PLCN_v2', 'PLCN_v3'] as const;

/** One of {@link EGG_FORMATS}. */
export type EggFormat = (typeof EGG_FORMATS)[number];

/** An egg variable, its quirks smoothed out. */
export interface EggVariable {
  name: string;
  description: string;
  envVariable: string;
  /** Always a string: numbers and booleans from YAML are turned into the text the panel stores. */
  defaultValue: string;
  userViewable: boolean;
  userEditable: boolean;
  /** One entry per rule, whether the egg wrote them as `a|b` or as a list. */
  rules: string[];
  sort: number | undefined;
  /** JSON path of the variable in the document, for messages. */
  path: string;
}

/** One `config.files` entry. */
export interface EggConfigFile {
  path: string;
  parser: string;
  /** The `find` map as written: values are strings, scalars, or `{ current: replacement }` maps. */
  find: Record<string, unknown>;
  jsonPath: string;
}

/** The install script block. */
export interface EggInstall {
  script: string;
  container: string | undefined;
  entrypoint: string | undefined;
}

/** An egg read from any supported format into one shape. Nothing here is executed. */
export interface ParsedEgg {
  format: EggFormat;
  /** The document as read, untouched. */
  document: Record<string, unknown>;
  name: string;
  author: string;
  description: string;
  uuid: string | undefined;
  icon: string | undefined;
  updateUrl: string | undefined;
  tags: string[];
  features: string[];
  images: { label: string; image: string }[];
  /** Start commands; the first is the default. */
  startup: { label: string; command: string }[];
  configFiles: EggConfigFile[];
  /** `config.startup.done` lines. */
  done: string[];
  /** `config.stop`, when set. */
  stop: string | undefined;
  install: EggInstall | undefined;
  variables: EggVariable[];
  fileDenylist: string[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function prop(obj: Json, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

/** Reads the document text: JSON first, YAML (a superset in practice) when that fails. */
function readDocument(input: unknown): Json {
  let value = input;
  if (input instanceof Uint8Array) value = new TextDecoder().decode(input);
  if (typeof value === 'string') {
    const text = value.replace(/^\uFEFF/, '');
    try {
      return asObject(JSON.parse(text));
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
    value = readYaml(text);
  }
  // A JSON copy: the template keeps the document, which must survive serialisation, and nothing
  // below has to care about cycles, `undefined`, BigInts or class instances.
  try {
    value = JSON.parse(JSON.stringify(value) ?? 'null');
  } catch {
    throw eggInvalid('$', 'plain JSON data');
  }
  return asObject(value);
}

function readYaml(text: string): unknown {
  try {
    // parseDocument rather than parse: it reports errors in the result instead of logging warnings.
    const doc = parseDocument(text);
    if (doc.errors.length === 0) return doc.toJS({ maxAliasCount: 100 });
  } catch {
    // an alias bomb or a tag that cannot be resolved: as unreadable as a syntax error
  }
  throw eggInvalid('$', 'a JSON or YAML document');
}

function asObject(value: unknown): Json {
  if (!isObject(value)) throw eggInvalid('$', 'an object');
  return value;
}

/** A string field; numbers are accepted as their text, absent or null gives `undefined`. */
function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw eggInvalid(path, 'a string');
}

function requiredString(value: unknown, path: string, expected = 'a non-empty string'): string {
  const text = optionalString(value, path);
  if (text === undefined || text.trim() === '') throw eggInvalid(path, expected);
  return text;
}

/** Laravel-style truthiness for the flags eggs write as `true`, `1`, `"1"` or `"true"`. */
function flag(value: unknown, path: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  }
  throw eggInvalid(path, 'a boolean');
}

/**
 * Values the panel stores as JSON text inside the egg (`config.files`, `config.startup`): a string
 * holding JSON, or in YAML eggs the value itself. PHP writes an empty object as `[]`.
 */
function embeddedObject(value: unknown, path: string): Json {
  let v = value;
  if (typeof v === 'string') {
    if (v.trim() === '') return {};
    try {
      v = JSON.parse(v);
    } catch {
      throw eggInvalid(path, 'a JSON object (written as a string)');
    }
  }
  if (v === undefined || v === null) return {};
  if (Array.isArray(v) && v.length === 0) return {};
  if (!isObject(v)) throw eggInvalid(path, 'an object');
  return v;
}

/** A list of strings written as a list, a `{ key: value }` map, one string, or nothing. */
function stringList(value: unknown, path: string, splitString: boolean): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    if (!splitString) return value.trim() === '' ? [] : [value];
    return value
      .split(/\r?\n|,/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : isObject(value)
      ? Object.entries(value)
      : undefined;
  if (!entries) throw eggInvalid(path, 'a list of strings');
  const out: string[] = [];
  for (const [key, item] of entries) {
    const text = optionalString(item, childPath(path, key));
    if (text !== undefined && text.trim() !== '') out.push(text);
  }
  return out;
}

function detectFormat(doc: Json): EggFormat {
  const meta = prop(doc, 'meta');
  const version = isObject(meta) ? prop(meta, 'version') : undefined;
  const text = typeof version === 'string' ? version.trim().toLowerCase() : undefined;
  const format = EGG_FORMATS.find((f) => f.toLowerCase() === text);
  if (!format) throw eggInvalid('$.meta.version', `one of ${EGG_FORMATS.join(', ')}`);
  return format;
}

function readImages(doc: Json, format: EggFormat): { label: string; image: string }[] {
  const images: { label: string; image: string }[] = [];
  const add = (label: string, image: string) => {
    if (image.trim() !== '' && !images.some((i) => i.image === image)) {
      images.push({ label: label.trim() === '' ? image : label, image });
    }
  };
  for (const key of ['docker_images', 'images']) {
    const value = prop(doc, key);
    const path = `$.${key}`;
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const image = optionalString(v, childPath(path, i));
        if (image !== undefined) add(image, image);
      });
    } else if (isObject(value)) {
      for (const [label, v] of Object.entries(value)) {
        const image = optionalString(v, childPath(path, label));
        if (image !== undefined) add(label, image);
      }
    } else {
      throw eggInvalid(path, 'a map of label to image, or a list of images');
    }
  }
  // Pelican reuses `image` for the egg's icon; only Pterodactyl's v1 eggs put the runtime image there.
  if (format.startsWith('PTDL')) {
    const image = optionalString(prop(doc, 'image'), '$.image');
    if (image !== undefined) add(image, image);
  }
  if (images.length === 0) throw eggInvalid('$.docker_images', 'at least one container image');
  return images;
}

function readStartup(doc: Json): { label: string; command: string }[] {
  const commands = prop(doc, 'startup_commands');
  const out: { label: string; command: string }[] = [];
  if (commands !== undefined && commands !== null) {
    const entries = Array.isArray(commands)
      ? commands.map((v, i) => [String(i), v] as const)
      : isObject(commands)
        ? Object.entries(commands)
        : undefined;
    if (!entries) throw eggInvalid('$.startup_commands', 'a map of label to command');
    for (const [label, v] of entries) {
      const path = childPath('$.startup_commands', Array.isArray(commands) ? Number(label) : label);
      const command = optionalString(v, path);
      if (command !== undefined && command.trim() !== '') {
        out.push({
          label: Array.isArray(commands) ? `Command ${Number(label) + 1}` : label,
          command,
        });
      }
    }
  }
  if (out.length === 0) {
    const command = requiredString(prop(doc, 'startup'), '$.startup', 'a startup command');
    out.push({ label: 'Default', command });
  }
  return out;
}

function readConfigFiles(config: Json): EggConfigFile[] {
  const files = embeddedObject(prop(config, 'files'), '$.config.files');
  return Object.entries(files).map(([path, spec]) => {
    const jsonPath = childPath('$.config.files', path);
    if (!isObject(spec)) throw eggInvalid(jsonPath, 'an object with parser and find');
    const parser = optionalString(prop(spec, 'parser'), `${jsonPath}.parser`) ?? 'file';
    const find = embeddedObject(prop(spec, 'find'), `${jsonPath}.find`);
    return { path, parser: parser.trim().toLowerCase(), find, jsonPath };
  });
}

function readDone(config: Json): string[] {
  const startup = embeddedObject(prop(config, 'startup'), '$.config.startup');
  const done = prop(startup, 'done');
  return stringList(done, '$.config.startup.done', false);
}

function readInstall(doc: Json): EggInstall | undefined {
  const scripts = prop(doc, 'scripts');
  if (scripts === undefined || scripts === null) return undefined;
  if (!isObject(scripts)) throw eggInvalid('$.scripts', 'an object');
  const installation = prop(scripts, 'installation');
  if (installation === undefined || installation === null) return undefined;
  if (!isObject(installation)) throw eggInvalid('$.scripts.installation', 'an object');
  const script = optionalString(prop(installation, 'script'), '$.scripts.installation.script');
  if (script === undefined || script.trim() === '') return undefined;
  return {
    script,
    container:
      optionalString(prop(installation, 'container'), '$.scripts.installation.container')?.trim() ||
      undefined,
    entrypoint:
      optionalString(
        prop(installation, 'entrypoint'),
        '$.scripts.installation.entrypoint',
      )?.trim() || undefined,
  };
}

function defaultText(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return optionalString(value, path) ?? '';
}

function readRules(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) throw eggInvalid(path, 'a rule string or a list of rules');
  return value
    .map((v, i) => optionalString(v, childPath(path, i)) ?? '')
    .filter((r) => r.trim() !== '');
}

function readVariables(doc: Json): EggVariable[] {
  const value = prop(doc, 'variables');
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : undefined;
  if (!list) throw eggInvalid('$.variables', 'a list of variables');
  return list.map((v, i) => {
    const path = childPath('$.variables', i);
    if (!isObject(v)) throw eggInvalid(path, 'a variable object');
    const envVariable = requiredString(
      prop(v, 'env_variable'),
      `${path}.env_variable`,
      'an environment variable name',
    );
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envVariable.trim())) {
      throw eggInvalid(
        `${path}.env_variable`,
        'an environment variable name (letters, digits and _)',
      );
    }
    const sort = prop(v, 'sort');
    return {
      name: optionalString(prop(v, 'name'), `${path}.name`)?.trim() || envVariable.trim(),
      description: optionalString(prop(v, 'description'), `${path}.description`) ?? '',
      envVariable: envVariable.trim(),
      defaultValue: defaultText(prop(v, 'default_value'), `${path}.default_value`),
      userViewable: flag(prop(v, 'user_viewable'), `${path}.user_viewable`),
      userEditable: flag(prop(v, 'user_editable'), `${path}.user_editable`),
      rules: readRules(prop(v, 'rules'), `${path}.rules`),
      sort: typeof sort === 'number' && Number.isFinite(sort) ? sort : undefined,
      path,
    };
  });
}

function readIcon(doc: Json, format: EggFormat): string | undefined {
  for (const key of format.startsWith('PLCN') ? ['icon', 'image'] : ['icon']) {
    const value = prop(doc, key);
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/**
 * Reads an egg of any supported format (PTDL_v1, PTDL_v2, PLCN_v1–v3), from JSON or YAML text or
 * from an already parsed object, and smooths out the quirks of each: JSON encoded inside strings,
 * `done` as a string or a list, rules as `a|b` or a list, images under three names, numbers and
 * booleans where strings belong, missing or null fields. Throws `PN_EGG_INVALID` with the JSON
 * path of the first value it cannot read.
 */
export function parseEgg(input: unknown): ParsedEgg {
  const doc = readDocument(input);
  const format = detectFormat(doc);
  const configValue = prop(doc, 'config');
  if (configValue !== undefined && configValue !== null && !isObject(configValue)) {
    throw eggInvalid('$.config', 'an object');
  }
  const config: Json = isObject(configValue) ? configValue : {};
  const meta = prop(doc, 'meta') as Json;
  const updateUrl = prop(meta, 'update_url');
  const stop = optionalString(prop(config, 'stop'), '$.config.stop');
  return {
    format,
    document: doc,
    name: requiredString(prop(doc, 'name'), '$.name').trim(),
    author: optionalString(prop(doc, 'author'), '$.author') ?? '',
    description: optionalString(prop(doc, 'description'), '$.description') ?? '',
    uuid: typeof prop(doc, 'uuid') === 'string' ? (prop(doc, 'uuid') as string) : undefined,
    icon: readIcon(doc, format),
    updateUrl: typeof updateUrl === 'string' ? updateUrl : undefined,
    tags: stringList(prop(doc, 'tags'), '$.tags', false),
    features: stringList(prop(doc, 'features'), '$.features', false),
    images: readImages(doc, format),
    startup: readStartup(doc),
    configFiles: readConfigFiles(config),
    done: readDone(config),
    stop: stop === undefined || stop.trim() === '' ? undefined : stop,
    install: readInstall(doc),
    variables: readVariables(doc),
    fileDenylist: stringList(prop(doc, 'file_denylist'), '$.file_denylist', true),
  };
}
