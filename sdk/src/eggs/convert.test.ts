import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAjv } from './__fixtures__/ajv.ts';
import { templateProblems } from '../templates/validate.ts';
import type { GameTemplateSpec } from '../templates/schema.ts';
import { convertEgg, slugify, DEFAULT_GAME_PORT, DEFAULT_RESOURCES } from './convert.ts';
import { exportToPlcnV3, exportToPtdlV2 } from './export.ts';
import type { GameProvider } from './provider.ts';

const ROOT = join(import.meta.dirname, '__fixtures__', 'community');
const FIXTURES = ['ptdl_v1', 'ptdl_v2', 'plcn'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .map((f) => `${dir}/${f}`),
);

function fixture(name: string): string {
  return readFileSync(join(ROOT, name), 'utf8');
}

function convertFixture(name: string, options?: Parameters<typeof convertEgg>[1]) {
  return convertEgg(fixture(name), options);
}

/** Everything but the source document and the conversion notes. */
function essence(template: GameTemplateSpec): Omit<GameTemplateSpec, 'source' | 'warnings'> {
  const { source: _source, warnings: _warnings, ...rest } = template;
  return rest;
}

const PARAMETER_KEYWORDS = ['envVariable', 'userViewable', 'userEditable', 'rules'];

/** A minimal egg for behaviours no fixture shows. */
function egg(
  patch: Record<string, unknown> = {},
  config: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    meta: { version: 'PTDL_v2' },
    name: 'Test Game',
    docker_images: { Default: 'ghcr.io/example/game:1' },
    startup: './run --port {{SERVER_PORT}}',
    config: { files: '{}', startup: '{"done":"Ready"}', logs: '{}', stop: 'stop', ...config },
    variables: [],
    ...patch,
  };
}

describe('convertEgg over every fixture', () => {
  it('has fixtures of every format', () => {
    const formats = new Set(FIXTURES.map((f) => convertFixture(f).report.format));
    expect([...formats].sort()).toEqual(['PLCN_v1', 'PLCN_v2', 'PLCN_v3', 'PTDL_v1', 'PTDL_v2']);
    expect(FIXTURES.length).toBeGreaterThan(100);
  });

  it.each(FIXTURES)('converts %s into a valid template', (name) => {
    const { template, report } = convertFixture(name);
    expect(templateProblems(template)).toEqual([]);
    expect(report.warnings).toBe(template.warnings);
    expect(template.source?.format).toBe(report.format);
    expect(template.images.length).toBeGreaterThan(0);
    expect(template.ports[0]).toEqual({
      name: 'game',
      containerPort: DEFAULT_GAME_PORT,
      protocol: 'TCPUDP',
      envVariable: 'SERVER_PORT',
    });
  });

  it.each(FIXTURES)(
    'emits parameter schemas Ajv compiles, with defaults that pass unless reported (%s)',
    (name) => {
      const ajv = createAjv({ strict: true, strictTypes: false });
      ajv.addVocabulary(PARAMETER_KEYWORDS);
      const { template } = convertFixture(name);
      const invalid = new Set(
        template.warnings
          .filter((w) => w.code === 'EGG_DEFAULT_INVALID')
          .map((w) => w.message.split(':')[0]),
      );
      for (const [key, property] of Object.entries(template.parameters.properties)) {
        const validate = ajv.compile(property);
        if (property.default !== undefined)
          expect(validate(property.default), key).toBe(!invalid.has(key));
      }
    },
  );

  it.each(FIXTURES)('round-trips %s through PTDL_v2 to the same template', (name) => {
    const first = convertFixture(name).template;
    const exported = exportToPtdlV2(first);
    const second = convertEgg(JSON.parse(JSON.stringify(exported))).template;
    expect(essence(second)).toEqual(essence(first));
    const firstNotes = first.warnings.map((w) => `${w.code} ${w.message}`);
    for (const w of second.warnings) expect(firstNotes).toContain(`${w.code} ${w.message}`);
  });

  it.each(FIXTURES)('round-trips %s through PLCN_v3 to the same template', (name) => {
    const first = convertFixture(name).template;
    const second = convertEgg(JSON.stringify(exportToPlcnV3(first))).template;
    expect(essence(second)).toEqual(essence(first));
  });
});

describe('warnings on chosen eggs', () => {
  it('reports the unsupported features of Spigot unless they are supported', () => {
    const name = 'ptdl_v1/minecraft__java__spigot__egg-spigot.json';
    expect(convertFixture(name).report.warnings).toEqual([
      {
        code: 'EGG_FEATURE_UNSUPPORTED',
        message: expect.stringContaining('"eula"'),
        path: '$.features[0]',
      },
    ]);
    expect(convertFixture(name, { supportedFeatures: ['eula'] }).report.warnings).toEqual([]);
  });

  it('reports the ^X stop of RageMP, which is no signal', () => {
    const { template, report } = convertFixture(
      'ptdl_v2/game_eggs__gta__ragemp__egg-rage--m-p.json',
    );
    expect(template.stop).toEqual({ signal: 'SIGTERM' });
    expect(report.warnings).toContainEqual(
      expect.objectContaining({ code: 'EGG_STOP_SIGNAL_UNKNOWN', path: '$.config.stop' }),
    );
  });

  it('reports the int rules of Avorion as aliases and still enforces them', () => {
    const { template, report } = convertFixture(
      'ptdl_v2/game_eggs__steamcmd_servers__avorion__egg-avorion.json',
    );
    const aliases = report.warnings.filter((w) => w.code === 'EGG_RULE_ALIAS');
    expect(aliases.map((w) => w.message.split(':')[0])).toEqual(['MAX_PLAYERS', 'SAVE_INTERVAL']);
    expect(aliases[0]?.path).toMatch(/^\$\.variables\[\d+\]\.rules$/);
    expect(template.parameters.properties.MAX_PLAYERS).toMatchObject({ type: 'integer' });
  });

  it('reports the broken placeholder of Space Station 14 and writes it as is', () => {
    const { template, report } = convertFixture(
      'plcn/games-standalone__spacestation_14__egg-spacestation14.json',
    );
    expect(report.warnings).toContainEqual(
      expect.objectContaining({
        code: 'EGG_PLACEHOLDER_UNKNOWN',
        message: expect.stringContaining('SERVER_AUTH'),
      }),
    );
    const values = template.configFiles.flatMap((f) => f.replacements.map((r) => r.value));
    expect(values).toContain('port = {{server.port}}');
    expect(values.some((v) => v.includes('{{server.environment.SERVER_AUTH}'))).toBe(true);
  });

  it('reports the variable Insurgency Sandstorm starts with but never defines', () => {
    const { report } = convertFixture(
      'ptdl_v1/steamcmd_servers__insurgency_sandstorm__egg-insurgency--sandstorm.json',
    );
    expect(report.warnings).toContainEqual(
      expect.objectContaining({
        code: 'EGG_STARTUP_VARIABLE_UNKNOWN',
        message: expect.stringContaining('{{MAX_PLAYERS}}'),
      }),
    );
  });

  it('reports the default of Subnautica that breaks its own rules', () => {
    const { report } = convertFixture(
      'ptdl_v1/steamcmd_servers__subnautica_nitrox_mod__egg-subnautica.json',
    );
    expect(report.warnings).toContainEqual(
      expect.objectContaining({
        code: 'EGG_DEFAULT_INVALID',
        path: '$.variables[9].default_value',
      }),
    );
  });

  it('reports nothing for Waterfall, whose every part converts', () => {
    const { template, report } = convertFixture(
      'ptdl_v1/minecraft__proxy__java__waterfall__egg-waterfall.json',
    );
    expect(report.warnings).toEqual([]);
    expect(template.configFiles).toEqual([
      {
        path: 'config.yml',
        parser: 'yaml',
        replacements: [
          { match: 'listeners[0].host', value: '0.0.0.0:{{server.port}}' },
          { match: 'servers.*.address', ifValue: '127.0.0.1', value: '{{node.ip}}' },
          { match: 'servers.*.address', ifValue: 'localhost', value: '{{node.ip}}' },
        ],
      },
    ]);
  });
});

describe('conversion details', () => {
  it('converts Purpur (PLCN_v1) in full', () => {
    const { template } = convertFixture('plcn/minecraft__java__purpur__egg-purpur.json');
    expect(template.game).toEqual({
      id: 'purpur',
      name: 'Purpur',
      description: expect.stringContaining('drop-in replacement'),
      author: 'purpur@birdflop.com',
    });
    expect(template.images[0]).toEqual({
      label: 'Java 8',
      image: 'ghcr.io/parkervcp/yolks:java_8',
    });
    expect(template.startup.command).toContain('-jar {{SERVER_JARFILE}}');
    expect(template.parameters.required).toEqual([
      'MINECRAFT_VERSION',
      'SERVER_JARFILE',
      'BUILD_NUMBER',
    ]);
    expect(template.parameters.properties.SERVER_JARFILE).toEqual({
      title: 'Server Jar File',
      description: 'The name of the .jar file to run the server with.',
      type: 'string',
      pattern: '^([\\w\\d._-]+)(\\.jar)$',
      maxLength: 80,
      default: 'server.jar',
      envVariable: 'SERVER_JARFILE',
      userViewable: true,
      userEditable: true,
      rules: ['required', 'regex:/^([\\w\\d._-]+)(\\.jar)$/', 'max:80'],
    });
    expect(template.configFiles).toEqual([
      {
        path: 'server.properties',
        parser: 'properties',
        replacements: [
          { match: 'server-ip', value: '0.0.0.0' },
          { match: 'server-port', value: '{{server.port}}' },
        ],
      },
    ]);
    expect(template.readiness).toEqual([{ match: ')! For help, type ', regex: false }]);
    expect(template.stop).toEqual({ command: 'stop' });
    expect(template.install).toMatchObject({
      image: 'ghcr.io/pelican-eggs/installers:alpine',
      entrypoint: 'ash',
    });
    expect(template.install?.script).not.toContain('\r');
    expect(template.features).toEqual(['eula', 'java_version', 'pid_limit']);
    expect(template.resources).toEqual(DEFAULT_RESOURCES);
    expect(template.environment).toEqual({});
  });

  it('keeps the original egg verbatim', () => {
    const text = fixture('ptdl_v2/software__gitea__egg-gitea.json');
    expect(convertEgg(text).template.source).toEqual({ format: 'PTDL_v2', egg: JSON.parse(text) });
  });

  it('types parameter defaults from the rules', () => {
    const { template } = convertFixture(
      'ptdl_v2/game_eggs__steamcmd_servers__7_days_to_die__egg-7-days-to-die.json',
    );
    const p = template.parameters.properties;
    expect(p.GAME_DIFFICULTY).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 5,
      default: 2,
    });
    expect(p.AUTO_UPDATE).toMatchObject({ type: 'boolean', default: true });
    expect(p.MAX_PLAYERS).toMatchObject({ type: 'string', default: '8' });
    expect(p.SRCDS_BETAID).not.toHaveProperty('default');
    expect(p.SRCDS_BETAID).toMatchObject({ type: ['string', 'null'], maxLength: 20 });
  });

  it('adds a port for each variable that names one', () => {
    const { template } = convertFixture('ptdl_v2/voice_servers__teaspeak__egg-tea-speak.json');
    expect(template.ports.slice(1)).toEqual([
      { name: 'query', containerPort: 10101, protocol: 'TCPUDP', envVariable: 'QUERY_PORT' },
      { name: 'file', containerPort: 30303, protocol: 'TCPUDP', envVariable: 'FILE_PORT' },
    ]);
  });

  it('names ports uniquely and skips ports already taken', () => {
    const variables = [
      { env_variable: 'QUERY_PORT', default_value: '27016' },
      { env_variable: 'query_port', default_value: '27017' },
      { env_variable: 'OTHER_PORT', default_value: '27016' },
      { env_variable: 'HTTP_PORT', default_value: 'abc' },
      { env_variable: 'BIG_PORT', default_value: '70000' },
      { env_variable: 'A_VERY_LONG_NAMED_THING_PORT', default_value: '9000' },
      { env_variable: 'PORT', default_value: '9001' },
      { env_variable: 'GAME_PORT', default_value: String(DEFAULT_GAME_PORT) },
    ];
    const { template } = convertEgg(egg({ variables }));
    expect(template.ports.map((p) => [p.name, p.containerPort])).toEqual([
      ['game', DEFAULT_GAME_PORT],
      ['query', 27016],
      ['query-2', 27017],
      ['a-very-long-nam', 9000],
      ['port', 9001],
    ]);
    expect(templateProblems(template)).toEqual([]);
  });

  it('orders parameters by sort, then as written', () => {
    const variables = [
      { env_variable: 'C', sort: 3 },
      { env_variable: 'A', sort: 1 },
      { env_variable: 'X' },
      { env_variable: 'B', sort: 2 },
    ];
    expect(Object.keys(convertEgg(egg({ variables })).template.parameters.properties)).toEqual([
      'A',
      'B',
      'C',
      'X',
    ]);
  });

  it('keeps the first of two variables with one name, and says so', () => {
    const variables = [
      { env_variable: 'A', default_value: 'first' },
      { env_variable: 'A', default_value: 'second' },
    ];
    const { template, report } = convertEgg(egg({ variables }));
    expect(template.parameters.properties.A?.default).toBe('first');
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: 'EGG_VARIABLE_DUPLICATE', path: '$.variables[1]' }),
    ]);
  });

  it.each<[unknown, Record<string, string>]>([
    ['^C', { signal: 'SIGINT' }],
    ['^c', { signal: 'SIGINT' }],
    ['^^C', { signal: 'SIGINT' }],
    ['^SIGTERM', { signal: 'SIGTERM' }],
    ['^HUP', { signal: 'SIGHUP' }],
    ['^\\', { signal: 'SIGQUIT' }],
    [null, { signal: 'SIGTERM' }],
    ['', { signal: 'SIGTERM' }],
    ['shutdown; exit;', { command: 'shutdown; exit;' }],
  ])('converts stop %j', (stop, expected) => {
    const { template, report } = convertEgg(egg({}, { stop }));
    expect(template.stop).toEqual(expected);
    expect(report.warnings).toEqual([]);
  });

  it('drops an unsafe rule pattern, says so, and never runs it, not even on the default', () => {
    const evil = '^(a+)+$';
    // Every regex match goes through one of these: record which patterns ran, whatever the timing.
    const test = vi.spyOn(RegExp.prototype, 'test');
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    const ran = () =>
      [...test.mock.contexts, ...exec.mock.contexts].map((r) => (r as RegExp).source);
    try {
      const variables = [
        {
          name: 'Jar',
          env_variable: 'SERVER_JARFILE',
          default_value: `${'a'.repeat(12)}!`,
          rules: `required|string|regex:/${evil}/`,
        },
      ];
      const { template, report } = convertEgg(egg({ variables }));
      const jar = template.parameters.properties.SERVER_JARFILE;
      expect(jar?.pattern).toBeUndefined();
      expect(JSON.stringify({ ...jar, rules: [] })).not.toContain('(a+)+');
      expect(jar?.rules).toEqual(['required', 'string', `regex:/${evil}/`]);
      expect(report.warnings).toEqual([
        expect.objectContaining({ code: 'EGG_RULE_UNSAFE_PATTERN', path: '$.variables[0].rules' }),
      ]);
      // A safe pattern of the same egg does run on its default: the spies see matches.
      const safe = convertEgg(
        egg({ variables: [{ ...variables[0], rules: 'required|string|regex:/^a+!$/' }] }),
      );
      expect(safe.template.parameters.properties.SERVER_JARFILE?.pattern).toBe('^a+!$');
      expect(ran()).toContain('^a+!$');
      expect(ran()).not.toContain(evil);
    } finally {
      test.mockRestore();
      exec.mockRestore();
    }
  });

  it('reads done lines as text, or as a regex with the regex: prefix', () => {
    const done = JSON.stringify({ done: ['Ready', 'regex:^Listening on \\d+', 'regex:([', ''] });
    const { template, report } = convertEgg(egg({}, { startup: done }));
    expect(template.readiness).toEqual([
      { match: 'Ready', regex: false },
      { match: '^Listening on \\d+', regex: true },
      { match: 'regex:([', regex: false },
    ]);
    expect(report.warnings).toEqual([
      expect.objectContaining({
        code: 'EGG_READINESS_REGEX_INVALID',
        path: '$.config.startup.done[2]',
      }),
    ]);
  });

  it('maps every placeholder dialect to ours', () => {
    const find = {
      a: '{{server.build.default.port}} {{server.allocations.default.port}} {{env.SERVER_PORT}}',
      b: '{{server.build.default.ip}} {{ server.allocations.default.ip }}',
      c: '{{server.build.memory}} {{server.build.memory_limit}} {{server.build.env.SERVER_MEMORY}}',
      d: '{{server.build.env.X}} {{server.environment.Y}} {{env.Z}}',
      e: '{{config.docker.interface}} {{server.build.disk}} {{server.build.cpu_limit}} {{server.uuid}}',
      f: 7,
      g: true,
      h: null,
    };
    const files = JSON.stringify({ 'a.ini': { parser: 'ini', find } });
    const { template, report } = convertEgg(egg({}, { files }));
    expect(template.configFiles[0]?.replacements).toEqual([
      { match: 'a', value: '{{server.port}} {{server.port}} {{server.port}}' },
      { match: 'b', value: '{{server.ip}} {{server.ip}}' },
      { match: 'c', value: '{{server.memory}} {{server.memory}} {{server.memory}}' },
      { match: 'd', value: '{{env.X}} {{env.Y}} {{env.Z}}' },
      { match: 'e', value: '{{node.ip}} {{server.disk}} {{server.cpu}} {{server.uuid}}' },
      { match: 'f', value: '7' },
      { match: 'g', value: 'true' },
      { match: 'h', value: '' },
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('reports placeholders with no equivalent and parsers it cannot patch', () => {
    const files = JSON.stringify({
      'a.cfg': { parser: 'file', find: { x: '{{config.docker.network.name}}' } },
      'b.hjson': { parser: 'hjson', find: { x: 'y' } },
      'c.yml': { parser: 'yml', find: { x: 'y' } },
    });
    const { template, report } = convertEgg(egg({}, { files }));
    expect(template.configFiles.map((f) => [f.path, f.parser])).toEqual([
      ['a.cfg', 'file'],
      ['c.yml', 'yaml'],
    ]);
    expect(report.warnings.map((w) => [w.code, w.path])).toEqual([
      ['EGG_PLACEHOLDER_UNKNOWN', '$.config.files["a.cfg"].find["x"]'],
      ['EGG_PARSER_UNSUPPORTED', '$.config.files["b.hjson"].parser'],
    ]);
  });

  it('runs an install script without a container in the first image, with its shebang', () => {
    const scripts = {
      installation: { script: '#!/usr/bin/env ash\r\necho hi', container: null, entrypoint: null },
    };
    const { template, report } = convertEgg(egg({ scripts }));
    expect(template.install).toEqual({
      image: 'ghcr.io/example/game:1',
      entrypoint: 'ash',
      script: '#!/usr/bin/env ash\necho hi',
    });
    expect(report.warnings.map((w) => w.code)).toEqual(['EGG_INSTALL_IMAGE_MISSING']);
    const plain = convertEgg(
      egg({ scripts: { installation: { script: 'echo hi', container: 'alpine' } } }),
    ).template;
    expect(plain.install).toEqual({ image: 'alpine', entrypoint: 'bash', script: 'echo hi' });
  });

  it('keeps alternative startup commands when there are several', () => {
    const { template } = convertEgg(
      egg({ meta: { version: 'PLCN_v3' }, startup_commands: { Default: './a', Debug: './a -d' } }),
    );
    expect(template.startup).toEqual({
      command: './a',
      variants: [
        { label: 'Default', command: './a' },
        { label: 'Debug', command: './a -d' },
      ],
    });
  });

  it('uses the options for resources and the primary port', () => {
    const { template } = convertEgg(egg(), { resources: { memory: 4096 }, defaultPort: 7777 });
    expect(template.resources).toEqual({ ...DEFAULT_RESOURCES, memory: 4096 });
    expect(template.ports[0]?.containerPort).toBe(7777);
  });

  it.each([
    ['Minecraft: Java Edition', 'minecraft-java-edition'],
    ['Pokémon — Café', 'pokemon-cafe'],
    ['!!!', 'game'],
    ['x'.repeat(80), 'x'.repeat(63)],
  ])('slugifies %j', (name, id) => {
    expect(slugify(name)).toBe(id);
  });
});

describe('providers', () => {
  const minecraft: GameProvider = {
    id: 'minecraft',
    features: ['eula', 'java_version'],
    matches: (e) => (e.features.includes('eula') ? 10 : 0),
    refine: (template) => ({
      ...template,
      game: { ...template.game, id: `minecraft-${template.game.id}` },
      ports: template.ports.map((p) =>
        p.name === 'game' ? { ...p, containerPort: 25565, protocol: 'TCP' } : p,
      ),
    }),
  };
  const weak: GameProvider = {
    id: 'weak',
    matches: () => 1,
    refine: (template) => ({ ...template, game: { ...template.game, id: 'weak' } }),
  };
  const broken: GameProvider = {
    id: 'broken',
    matches: () => 100,
    refine: (template) => ({ ...template, images: [] }),
  };

  it('lets the best-matching provider refine the template', () => {
    const { template, report } = convertFixture(
      'ptdl_v1/minecraft__java__spigot__egg-spigot.json',
      {
        providers: [weak, minecraft],
      },
    );
    expect(report.provider).toBe('minecraft');
    expect(template.game.id).toBe('minecraft-spigot');
    expect(template.ports[0]).toMatchObject({ containerPort: 25565, protocol: 'TCP' });
    expect(report.warnings).toEqual([]);
  });

  it('falls back to another provider, or to none, when the best does not match', () => {
    const { template, report } = convertEgg(egg(), { providers: [minecraft, weak] });
    expect(report.provider).toBe('weak');
    expect(template.game.id).toBe('weak');
    expect(convertEgg(egg(), { providers: [minecraft] }).report.provider).toBeUndefined();
  });

  it('refuses a template a provider broke', () => {
    expect(() => convertEgg(egg(), { providers: [broken] })).toThrow(
      expect.objectContaining({ code: 'PN_TEMPLATE_INVALID' }),
    );
  });
});
