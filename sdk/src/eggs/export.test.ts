import { describe, expect, it } from 'vitest';
import type { GameTemplateSpec } from '../templates/schema.ts';
import { convertEgg } from './convert.ts';
import { exportToPlcnV3, exportToPtdlV2 } from './export.ts';

const AT = new Date('2025-01-02T03:04:05Z');

/** A template written by hand, not converted from an egg: no rules, ports by name. */
function native(): GameTemplateSpec {
  return {
    game: { id: 'native', name: 'Native', icon: 'https://example.com/icon.png' },
    images: [
      { label: 'Main', image: 'ghcr.io/example/a:1' },
      { label: 'Main', image: 'ghcr.io/example/a:2' },
    ],
    startup: {
      command: './run',
      variants: [
        { label: 'Default', command: './run' },
        { label: 'Debug', command: './run -d' },
      ],
    },
    parameters: {
      type: 'object',
      properties: {
        PLAYERS: {
          title: 'Players',
          description: 'How many',
          type: 'integer',
          minimum: 1,
          maximum: 64,
          default: 8,
          envVariable: 'PLAYERS',
          userViewable: true,
          userEditable: true,
          rules: [],
        },
        MODE: {
          title: 'Mode',
          description: '',
          type: ['string', 'null'],
          enum: ['pvp', 'pve', null],
          maxLength: 3,
          pattern: '^p/',
          envVariable: 'MODE',
          userViewable: true,
          userEditable: false,
          rules: [],
        },
        FREE: {
          title: 'Free',
          description: '',
          type: ['string', 'null'],
          envVariable: 'FREE',
          userViewable: false,
          userEditable: false,
          rules: [],
        },
        ON: {
          title: 'On',
          description: '',
          type: 'boolean',
          default: false,
          envVariable: 'ON',
          userViewable: true,
          userEditable: true,
          rules: [],
        },
        RATE: {
          title: 'Rate',
          description: '',
          type: 'number',
          envVariable: 'RATE',
          userViewable: true,
          userEditable: true,
          rules: [],
        },
        QUERY_PORT: {
          title: 'Query',
          description: '',
          type: 'integer',
          default: 27016,
          envVariable: 'QUERY_PORT',
          userViewable: true,
          userEditable: false,
          rules: [],
        },
      },
      required: ['PLAYERS', 'ON'],
    },
    ports: [
      { name: 'game', containerPort: 27015, protocol: 'UDP', envVariable: 'SERVER_PORT' },
      { name: 'query', containerPort: 27016, protocol: 'UDP', envVariable: 'QUERY_PORT' },
      { name: 'web', containerPort: 8080, protocol: 'TCP' },
    ],
    configFiles: [
      {
        path: 'server.cfg',
        parser: 'file',
        replacements: [
          {
            match: 'port',
            value: 'port {{server.port}} {{port.query}} {{port.web}} {{env.PLAYERS}}',
          },
          {
            match: 'mem',
            value:
              '{{server.memory}} {{server.disk}} {{server.cpu}} {{server.ip}} {{node.ip}} {{server.name}} {{other}}',
          },
          { match: 'host', ifValue: '127.0.0.1', value: '{{node.ip}}' },
        ],
      },
    ],
    readiness: [
      { match: 'Ready', regex: false },
      { match: '^Up \\d+', regex: true },
    ],
    stop: { signal: 'SIGTERM' },
    resources: { cpu: 2000, memory: 4096, disk: 20480 },
    features: ['eula'],
    fileDenylist: ['secret.txt'],
    environment: {},
    warnings: [],
  };
}

describe('exportToPtdlV2', () => {
  it('writes a PTDL_v2 egg', () => {
    const egg = exportToPtdlV2(native(), { exportedAt: AT });
    expect(egg).toMatchObject({
      meta: { version: 'PTDL_v2', update_url: null },
      exported_at: '2025-01-02T03:04:05.000Z',
      name: 'Native',
      author: '',
      description: '',
      icon: 'https://example.com/icon.png',
      features: ['eula'],
      docker_images: { Main: 'ghcr.io/example/a:1', 'ghcr.io/example/a:2': 'ghcr.io/example/a:2' },
      file_denylist: ['secret.txt'],
      startup: './run',
      scripts: {
        installation: { script: '', container: 'ghcr.io/example/a:1', entrypoint: 'bash' },
      },
    });
    const config = egg.config as Record<string, string>;
    expect(config.stop).toBe('^SIGTERM');
    expect(JSON.parse(config.startup as string)).toEqual({ done: ['Ready', 'regex:^Up \\d+'] });
    expect(JSON.parse(config.files as string)).toEqual({
      'server.cfg': {
        parser: 'file',
        find: {
          port: 'port {{server.build.default.port}} {{server.build.env.QUERY_PORT}} {{server.build.default.port}} {{server.build.env.PLAYERS}}',
          mem: '{{server.build.memory}} {{server.build.disk}} {{server.build.cpu}} {{server.build.default.ip}} {{config.docker.interface}} {{server.name}} {{other}}',
          host: { '127.0.0.1': '{{config.docker.interface}}' },
        },
      },
    });
  });

  it('derives Laravel rules for parameters that carry none', () => {
    const variables = exportToPtdlV2(native()).variables as Record<string, unknown>[];
    expect(variables.map((v) => [v.env_variable, v.rules, v.default_value])).toEqual([
      ['PLAYERS', 'required|integer|min:1|max:64', '8'],
      ['MODE', 'nullable|string|max:3|in:pvp,pve|regex:/^p\\//u', ''],
      ['FREE', '', ''],
      ['ON', 'required|boolean', '0'],
      ['RATE', 'nullable|numeric', ''],
      ['QUERY_PORT', 'nullable|integer', '27016'],
    ]);
  });

  it('gives back an equivalent template when converted again', () => {
    const { template } = convertEgg(exportToPtdlV2(native()));
    const p = template.parameters.properties;
    expect(p.PLAYERS).toMatchObject({ type: 'integer', minimum: 1, maximum: 64, default: 8 });
    expect(p.MODE).toMatchObject({
      type: ['string', 'null'],
      enum: ['pvp', 'pve', null],
      maxLength: 3,
      pattern: '^p\\/',
    });
    expect(p.FREE).toMatchObject({ type: ['string', 'null'], rules: [] });
    expect(template.parameters.required).toEqual(['PLAYERS', 'ON']);
    expect(template.stop).toEqual({ signal: 'SIGTERM' });
    expect(template.readiness).toEqual(native().readiness);
    expect(template.game.icon).toBe('https://example.com/icon.png');
  });

  it('writes ^C for SIGINT, a command as is, and a single done line as a string', () => {
    const t = {
      ...native(),
      stop: { signal: 'SIGINT' },
      readiness: [{ match: 'Ready', regex: false }],
    };
    const config = exportToPtdlV2(t).config as Record<string, string>;
    expect(config.stop).toBe('^C');
    expect(JSON.parse(config.startup as string)).toEqual({ done: 'Ready' });
    expect(
      (exportToPtdlV2({ ...t, stop: { command: 'quit' } }).config as Record<string, string>).stop,
    ).toBe('quit');
  });

  it('writes the install script', () => {
    const t = { ...native(), install: { image: 'alpine:3', entrypoint: 'ash', script: 'echo hi' } };
    expect(exportToPtdlV2(t).scripts).toEqual({
      installation: { script: 'echo hi', container: 'alpine:3', entrypoint: 'ash' },
    });
  });
});

describe('exportToPlcnV3', () => {
  it('writes a PLCN_v3 egg with Pelican names', () => {
    const egg = exportToPlcnV3(native(), { exportedAt: AT });
    expect(egg).toMatchObject({
      meta: { version: 'PLCN_v3', update_url: null },
      image: 'https://example.com/icon.png',
      tags: [],
      startup_commands: { Default: './run', Debug: './run -d' },
    });
    const files = JSON.parse((egg.config as Record<string, string>).files as string) as Record<
      string,
      { find: Record<string, unknown> }
    >;
    expect(files['server.cfg']?.find.port).toBe(
      'port {{server.allocations.default.port}} {{server.environment.QUERY_PORT}} {{server.allocations.default.port}} {{server.environment.PLAYERS}}',
    );
    expect(files['server.cfg']?.find.mem).toContain(
      '{{server.build.memory_limit}} {{server.build.disk_space}} {{server.build.cpu_limit}}',
    );
    const variables = egg.variables as Record<string, unknown>[];
    expect(variables[0]).toEqual({
      sort: 1,
      name: 'Players',
      description: 'How many',
      env_variable: 'PLAYERS',
      default_value: '8',
      user_viewable: true,
      user_editable: true,
      rules: ['required', 'integer', 'min:1', 'max:64'],
    });
  });

  it('writes a single command as Default and no icon as null', () => {
    const t = { ...native(), startup: { command: './go', variants: [] } };
    const { game: _game, ...rest } = t;
    const egg = exportToPlcnV3({ ...rest, game: { id: 'x', name: 'X' } });
    expect(egg.startup_commands).toEqual({ Default: './go' });
    expect(egg.image).toBeNull();
  });

  it('keeps startup variants through a round trip', () => {
    const { template } = convertEgg(exportToPlcnV3(native()));
    expect(template.startup).toEqual(native().startup);
  });
});
