import { stringify as toYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseEgg } from './parse.ts';

/** A small valid egg of `version`, with `patch` merged over it. */
function egg(version: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    meta: { version },
    name: 'Test Game',
    author: 'someone@example.com',
    description: 'A test.',
    docker_images: { 'Java 21': 'ghcr.io/example/java:21' },
    startup: 'java -jar {{SERVER_JARFILE}}',
    config: { files: '{}', startup: '{"done": "Ready"}', logs: '{}', stop: 'stop' },
    scripts: {
      installation: { script: '#!/bin/bash\necho hi', container: 'debian:12', entrypoint: 'bash' },
    },
    variables: [
      {
        name: 'Jar',
        description: 'Jar file',
        env_variable: 'SERVER_JARFILE',
        default_value: 'server.jar',
        user_viewable: true,
        user_editable: true,
        rules: 'required|string|max:20',
      },
    ],
    ...patch,
  };
}

function invalid(input: unknown): { path: unknown; expected: unknown } {
  try {
    parseEgg(input);
  } catch (err) {
    const e = err as { code?: string; details?: { path: unknown; expected: unknown } };
    expect(e.code).toBe('PN_EGG_INVALID');
    return e.details as { path: unknown; expected: unknown };
  }
  throw new Error('expected PN_EGG_INVALID');
}

describe('parseEgg', () => {
  it.each(['PTDL_v1', 'PTDL_v2', 'PLCN_v1', 'PLCN_v2', 'PLCN_v3'])(
    'detects %s from meta.version',
    (version) => {
      expect(parseEgg(egg(version)).format).toBe(version);
    },
  );

  it('reads meta.version regardless of case and surrounding space', () => {
    expect(parseEgg(egg(' ptdl_V2 ')).format).toBe('PTDL_v2');
  });

  it('reads JSON text, YAML text, bytes and objects alike', () => {
    const doc = egg('PTDL_v2');
    const fromObject = parseEgg(doc);
    expect(parseEgg(JSON.stringify(doc))).toEqual(fromObject);
    expect(parseEgg(`\uFEFF${JSON.stringify(doc)}`)).toEqual(fromObject);
    expect(parseEgg(toYaml(doc))).toEqual(fromObject);
    expect(parseEgg(new TextEncoder().encode(JSON.stringify(doc)))).toEqual(fromObject);
  });

  it('keeps a JSON copy of the document, not the caller object', () => {
    const doc = egg('PTDL_v2', { extra: undefined });
    const parsed = parseEgg(doc);
    expect(parsed.document).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(parsed.document).not.toBe(doc);
  });

  it('reads config values that are JSON inside strings, objects, empty strings or PHP empty arrays', () => {
    const files = {
      'server.properties': {
        parser: 'properties',
        find: { 'server-port': '{{server.build.default.port}}' },
      },
    };
    const asString = parseEgg(
      egg('PTDL_v2', { config: { files: JSON.stringify(files), startup: '{"done":"x"}' } }),
    );
    const asObject = parseEgg(egg('PLCN_v3', { config: { files, startup: { done: 'x' } } }));
    expect(asString.configFiles).toEqual(asObject.configFiles);
    expect(asString.configFiles[0]).toMatchObject({
      path: 'server.properties',
      parser: 'properties',
    });
    for (const empty of ['', '[]', [], null, '  ']) {
      expect(
        parseEgg(egg('PTDL_v2', { config: { files: empty, startup: empty } })).configFiles,
      ).toEqual([]);
    }
    expect(parseEgg(egg('PTDL_v2', { config: null })).configFiles).toEqual([]);
  });

  it('defaults a config file without parser to file and lower-cases parsers', () => {
    const files = { a: { find: { x: 'y' } }, b: { parser: 'YAML', find: [] } };
    const parsed = parseEgg(egg('PTDL_v2', { config: { files } }));
    expect(parsed.configFiles.map((f) => [f.parser, f.find])).toEqual([
      ['file', { x: 'y' }],
      ['yaml', {}],
    ]);
  });

  it.each<[unknown, string[]]>([
    ['Ready', ['Ready']],
    [
      ['A', 'B'],
      ['A', 'B'],
    ],
    [[], []],
    [undefined, []],
    ['', []],
  ])('reads done %j', (done, expected) => {
    expect(
      parseEgg(egg('PTDL_v2', { config: { startup: JSON.stringify({ done }) } })).done,
    ).toEqual(expected);
  });

  it('reads rules as a pipe string or a list', () => {
    const variable = (rules: unknown) =>
      parseEgg(egg('PLCN_v1', { variables: [{ env_variable: 'A', rules }] })).variables[0]?.rules;
    expect(variable('required|string')).toEqual(['required|string']);
    expect(variable(['required', 'string', 7])).toEqual(['required', 'string', '7']);
    expect(variable(null)).toEqual([]);
    expect(variable(undefined)).toEqual([]);
  });

  it('reads images from docker_images (map or list), images, and PTDL image', () => {
    const images = (patch: Record<string, unknown>) =>
      parseEgg({
        ...egg('PTDL_v1', patch),
        ...('docker_images' in patch ? {} : { docker_images: undefined }),
      }).images;
    expect(images({ docker_images: { 'Java 17': 'j:17', 'Java 21': 'j:21' } })).toEqual([
      { label: 'Java 17', image: 'j:17' },
      { label: 'Java 21', image: 'j:21' },
    ]);
    expect(images({ docker_images: ['j:17'] })).toEqual([{ label: 'j:17', image: 'j:17' }]);
    expect(images({ image: 'j:11', images: ['j:11', 'j:8'] })).toEqual([
      { label: 'j:11', image: 'j:11' },
      { label: 'j:8', image: 'j:8' },
    ]);
    expect(images({ image: 'j:11' })).toEqual([{ label: 'j:11', image: 'j:11' }]);
  });

  it("reads Pelican's image key as the icon, not a container image", () => {
    const parsed = parseEgg(egg('PLCN_v3', { image: 'data:image/png;base64,AAAA' }));
    expect(parsed.icon).toBe('data:image/png;base64,AAAA');
    expect(parsed.images).toEqual([{ label: 'Java 21', image: 'ghcr.io/example/java:21' }]);
    expect(parseEgg(egg('PLCN_v3', { icon: 'https://example.com/i.png', image: null })).icon).toBe(
      'https://example.com/i.png',
    );
  });

  it('prefers startup_commands over startup', () => {
    const parsed = parseEgg(
      egg('PLCN_v3', {
        startup: undefined,
        startup_commands: { Default: './run', Debug: './run -v' },
      }),
    );
    expect(parsed.startup).toEqual([
      { label: 'Default', command: './run' },
      { label: 'Debug', command: './run -v' },
    ]);
    expect(parseEgg(egg('PLCN_v3', { startup_commands: ['./a'] })).startup).toEqual([
      { label: 'Command 1', command: './a' },
    ]);
    expect(parseEgg(egg('PLCN_v3', { startup_commands: {} })).startup[0]?.command).toBe(
      'java -jar {{SERVER_JARFILE}}',
    );
  });

  it.each<[unknown, string[]]>([
    [
      ['a.txt', 'b.txt'],
      ['a.txt', 'b.txt'],
    ],
    ['', []],
    ['a.txt\nb.txt', ['a.txt', 'b.txt']],
    [{}, []],
    [null, []],
  ])('reads file_denylist %j', (value, expected) => {
    expect(parseEgg(egg('PTDL_v2', { file_denylist: value })).fileDenylist).toEqual(expected);
  });

  it.each<[unknown, string[]]>([
    [null, []],
    [undefined, []],
    [{}, []],
    [
      ['eula', 'java_version'],
      ['eula', 'java_version'],
    ],
  ])('reads features %j', (value, expected) => {
    expect(parseEgg(egg('PTDL_v2', { features: value })).features).toEqual(expected);
  });

  it('smooths variable quirks: numbers, numeric flags, missing fields, sort', () => {
    const parsed = parseEgg(
      egg('PLCN_v3', {
        variables: [
          {
            env_variable: 'PORT_A',
            default_value: 27015,
            user_viewable: 1,
            user_editable: '0',
            sort: 2,
          },
          { env_variable: 'FLAG', default_value: true, user_viewable: 'true', sort: null },
          { env_variable: ' SPACED ', name: '', default_value: null },
        ],
      }),
    );
    expect(
      parsed.variables.map((v) => [
        v.envVariable,
        v.name,
        v.defaultValue,
        v.userViewable,
        v.userEditable,
        v.sort,
      ]),
    ).toEqual([
      ['PORT_A', 'PORT_A', '27015', true, false, 2],
      ['FLAG', 'FLAG', '1', true, false, undefined],
      ['SPACED', 'SPACED', '', false, false, undefined],
    ]);
  });

  it('reads variables given as a map', () => {
    expect(
      parseEgg(egg('PTDL_v2', { variables: { a: { env_variable: 'A' } } })).variables[0]
        ?.envVariable,
    ).toBe('A');
    expect(parseEgg(egg('PTDL_v2', { variables: null })).variables).toEqual([]);
  });

  it('reads the install script, or none when it is empty', () => {
    expect(parseEgg(egg('PTDL_v2')).install).toEqual({
      script: '#!/bin/bash\necho hi',
      container: 'debian:12',
      entrypoint: 'bash',
    });
    expect(
      parseEgg(egg('PTDL_v2', { scripts: { installation: { script: null } } })).install,
    ).toBeUndefined();
    expect(parseEgg(egg('PTDL_v2', { scripts: null })).install).toBeUndefined();
    expect(parseEgg(egg('PTDL_v2', { scripts: { installation: null } })).install).toBeUndefined();
    expect(
      parseEgg(egg('PTDL_v2', { scripts: { installation: { script: 'x', container: ' ' } } }))
        .install,
    ).toEqual({
      script: 'x',
      container: undefined,
      entrypoint: undefined,
    });
  });

  it('reads stop, uuid, tags and update url', () => {
    const parsed = parseEgg(
      egg('PLCN_v3', {
        uuid: 'u-1',
        tags: ['steamcmd'],
        meta: { version: 'PLCN_v3', update_url: 'https://x' },
      }),
    );
    expect([parsed.stop, parsed.uuid, parsed.tags, parsed.updateUrl]).toEqual([
      'stop',
      'u-1',
      ['steamcmd'],
      'https://x',
    ]);
    expect(parseEgg(egg('PTDL_v2', { config: { stop: '' } })).stop).toBeUndefined();
  });

  it.each<[string, unknown, string, string]>([
    ['text that is neither JSON nor YAML', 'a: [1, 2', '$', 'JSON or YAML'],
    ['a JSON scalar', '42', '$', 'an object'],
    ['a list', [], '$', 'an object'],
    ['no meta', { name: 'x' }, '$.meta.version', 'PTDL_v1'],
    ['an unknown version', { meta: { version: 'PTDL_v9' } }, '$.meta.version', 'PLCN_v3'],
    [
      'a cyclic object',
      (() => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      })(),
      '$',
      'plain JSON',
    ],
    ['no name', egg('PTDL_v2', { name: '' }), '$.name', 'non-empty string'],
    ['a name object', egg('PTDL_v2', { name: {} }), '$.name', 'a string'],
    ['no image', egg('PTDL_v2', { docker_images: {} }), '$.docker_images', 'container image'],
    ['bad images', egg('PTDL_v2', { docker_images: 'x' }), '$.docker_images', 'map of label'],
    [
      'an image object',
      egg('PTDL_v2', { docker_images: { a: {} } }),
      '$.docker_images.a',
      'a string',
    ],
    ['no startup', egg('PTDL_v2', { startup: undefined }), '$.startup', 'startup command'],
    [
      'bad startup_commands',
      egg('PLCN_v3', { startup_commands: 3 }),
      '$.startup_commands',
      'map of label',
    ],
    ['config not an object', egg('PTDL_v2', { config: 'x' }), '$.config', 'an object'],
    [
      'broken JSON in files',
      egg('PTDL_v2', { config: { files: '{"a":' } }),
      '$.config.files',
      'JSON object',
    ],
    ['files a list', egg('PTDL_v2', { config: { files: '[1]' } }), '$.config.files', 'an object'],
    [
      'a file spec string',
      egg('PTDL_v2', { config: { files: { 'a.cfg': 'x' } } }),
      '$.config.files["a.cfg"]',
      'parser and find',
    ],
    [
      'done an object',
      egg('PTDL_v2', { config: { startup: { done: { a: {} } } } }),
      '$.config.startup.done.a',
      'a string',
    ],
    ['variables a string', egg('PTDL_v2', { variables: 'x' }), '$.variables', 'list of variables'],
    [
      'a variable string',
      egg('PTDL_v2', { variables: ['x'] }),
      '$.variables[0]',
      'variable object',
    ],
    [
      'no env_variable',
      egg('PTDL_v2', { variables: [{ name: 'x' }] }),
      '$.variables[0].env_variable',
      'environment variable',
    ],
    [
      'a bad env_variable',
      egg('PTDL_v2', { variables: [{ env_variable: 'A-B' }] }),
      '$.variables[0].env_variable',
      'letters',
    ],
    [
      'a bad flag',
      egg('PTDL_v2', { variables: [{ env_variable: 'A', user_viewable: 'maybe' }] }),
      '$.variables[0].user_viewable',
      'boolean',
    ],
    [
      'rules an object',
      egg('PTDL_v2', { variables: [{ env_variable: 'A', rules: {} }] }),
      '$.variables[0].rules',
      'rule string',
    ],
    [
      'a rule object',
      egg('PTDL_v2', { variables: [{ env_variable: 'A', rules: [{}] }] }),
      '$.variables[0].rules[0]',
      'a string',
    ],
    ['scripts a string', egg('PTDL_v2', { scripts: 'x' }), '$.scripts', 'an object'],
    [
      'installation a list',
      egg('PTDL_v2', { scripts: { installation: [] } }),
      '$.scripts.installation',
      'an object',
    ],
    ['features a number', egg('PTDL_v2', { features: 3 }), '$.features', 'list of strings'],
  ])('rejects %s with PN_EGG_INVALID at its path', (_, input, path, expected) => {
    const details = invalid(input);
    expect(details.path).toBe(path);
    expect(details.expected).toContain(expected);
  });
});
