import { formatParameterValue, type ParameterValue } from '../templates/parameters.ts';
import type { GameTemplateSpec, ParameterProperty } from '../templates/schema.ts';
import { toEggPlaceholders, type EggDialect } from './placeholders.ts';

/** Options of the egg exports. */
export interface ExportEggOptions {
  /** Time written as `exported_at`; now by default. */
  exportedAt?: Date;
}

type Json = Record<string, unknown>;

const NON_CONSTRAINTS = new Set([
  'title',
  'description',
  'default',
  'envVariable',
  'userViewable',
  'userEditable',
  'rules',
  'type',
]);

/** Laravel rules for a parameter that was not converted from an egg and so carries none. */
function rulesFromSchema(property: ParameterProperty, required: boolean): string[] {
  const constraints = Object.keys(property).filter((k) => !NON_CONSTRAINTS.has(k));
  const type = JSON.stringify(property.type);
  // What an egg variable without rules converts to: anything goes, so no rules come back.
  if (!required && constraints.length === 0 && (type === '["string","null"]' || type === undefined))
    return [];
  const rules: string[] = [required ? 'required' : 'nullable'];
  const types = Array.isArray(property.type) ? property.type : [property.type];
  const isNumber = types.includes('integer') || types.includes('number');
  if (types.includes('integer')) rules.push('integer');
  else if (types.includes('number')) rules.push('numeric');
  else if (types.includes('boolean')) rules.push('boolean');
  else rules.push('string');
  const bound = (key: string, rule: string) => {
    if (typeof property[key] === 'number') rules.push(`${rule}:${property[key]}`);
  };
  bound(isNumber ? 'minimum' : 'minLength', 'min');
  bound(isNumber ? 'maximum' : 'maxLength', 'max');
  if (Array.isArray(property.enum)) {
    rules.push(
      `in:${property.enum
        .filter((v) => v !== null)
        .map((v) => formatParameterValue(v as ParameterValue))
        .join(',')}`,
    );
  }
  if (typeof property.pattern === 'string')
    rules.push(`regex:/${property.pattern.replace(/\//g, '\\/')}/u`);
  return rules;
}

function variables(template: GameTemplateSpec): { property: ParameterProperty; rules: string[] }[] {
  const required = new Set(template.parameters.required);
  return Object.values(template.parameters.properties).map((property) => ({
    property,
    rules:
      property.rules.length > 0
        ? property.rules
        : rulesFromSchema(property, required.has(property.envVariable)),
  }));
}

/** The variable fields both egg dialects write alike. */
function variableFields(property: ParameterProperty): Json {
  return {
    name: property.title,
    description: property.description,
    env_variable: property.envVariable,
    default_value: formatParameterValue(property.default as ParameterValue),
    user_viewable: property.userViewable,
    user_editable: property.userEditable,
  };
}

function configFiles(template: GameTemplateSpec, dialect: EggDialect): Json {
  const files: Json = {};
  for (const file of template.configFiles) {
    const find: Json = {};
    for (const r of file.replacements) {
      const value = toEggPlaceholders(r.value, dialect, template.ports);
      if (r.ifValue === undefined) find[r.match] = value;
      else {
        const current = find[r.match];
        const conditional =
          typeof current === 'object' && current !== null ? (current as Json) : {};
        if (typeof current !== 'string') find[r.match] = { ...conditional, [r.ifValue]: value };
      }
    }
    files[file.path] = { parser: file.parser, find };
  }
  return files;
}

function doneLines(template: GameTemplateSpec): string | string[] {
  const lines = template.readiness.map((r) => (r.regex ? `regex:${r.match}` : r.match));
  return lines.length === 1 ? (lines[0] as string) : lines;
}

function stopText(template: GameTemplateSpec): string {
  if (template.stop.command !== undefined) return template.stop.command;
  return template.stop.signal === 'SIGINT' ? '^C' : `^${template.stop.signal ?? 'SIGTERM'}`;
}

function dockerImages(template: GameTemplateSpec): Record<string, string> {
  const images: Record<string, string> = {};
  for (const { label, image } of template.images)
    images[Object.hasOwn(images, label) ? image : label] = image;
  return images;
}

function installation(template: GameTemplateSpec): Json {
  const install = template.install;
  return install
    ? { script: install.script, container: install.image, entrypoint: install.entrypoint }
    : {
        script: '',
        container: (template.images[0] as { image: string }).image,
        entrypoint: 'bash',
      };
}

function common(template: GameTemplateSpec, version: string, options: ExportEggOptions): Json {
  return {
    _comment: 'Exported by Pteronimbus',
    meta: { version, update_url: null },
    exported_at: (options.exportedAt ?? new Date()).toISOString(),
    name: template.game.name,
    author: template.game.author ?? '',
    description: template.game.description ?? '',
  };
}

function config(template: GameTemplateSpec, dialect: EggDialect): Json {
  return {
    files: JSON.stringify(configFiles(template, dialect), null, 4),
    startup: JSON.stringify({ done: doneLines(template) }, null, 4),
    logs: '{}',
    stop: stopText(template),
  };
}

/**
 * Writes a template as a Pterodactyl PTDL_v2 egg. What PTDL_v2 cannot hold (ports, resources,
 * alternative start commands) is left out; the icon goes in an `icon` key that Pterodactyl
 * ignores. Converting the result again gives the same template.
 */
export function exportToPtdlV2(template: GameTemplateSpec, options: ExportEggOptions = {}): Json {
  return {
    ...common(template, 'PTDL_v2', options),
    ...(template.game.icon ? { icon: template.game.icon } : {}),
    features: [...template.features],
    docker_images: dockerImages(template),
    file_denylist: [...template.fileDenylist],
    startup: template.startup.command,
    config: config(template, 'pterodactyl'),
    scripts: { installation: installation(template) },
    variables: variables(template).map(({ property, rules }) => ({
      ...variableFields(property),
      rules: rules.join('|'),
      field_type: 'text',
    })),
  };
}

/** Writes a template as a Pelican PLCN_v3 egg (JSON shape; serialise it as JSON or YAML). */
export function exportToPlcnV3(template: GameTemplateSpec, options: ExportEggOptions = {}): Json {
  const variants =
    template.startup.variants.length > 0
      ? template.startup.variants
      : [{ label: 'Default', command: template.startup.command }];
  return {
    ...common(template, 'PLCN_v3', options),
    image: template.game.icon ?? null,
    tags: [],
    features: [...template.features],
    docker_images: dockerImages(template),
    file_denylist: [...template.fileDenylist],
    startup_commands: Object.fromEntries(variants.map((v) => [v.label, v.command])),
    config: config(template, 'pelican'),
    scripts: { installation: installation(template) },
    variables: variables(template).map(({ property, rules }, i) => ({
      sort: i + 1,
      ...variableFields(property),
      rules,
    })),
  };
}
