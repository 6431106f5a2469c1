import { execFileSync } from 'node:child_process';
import {
  readdirSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertEgg, renderPlaceholders, type PlaceholderContext } from '@pteronimbus/sdk';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  applyConfigPatches,
  NODE_IP_MARKER,
  runApplyConfigCommand,
  type FilePatch,
} from './apply.ts';
import { iniPath, patchText, type Parser } from './formats.ts';
import { parsePath, ANY } from './values.ts';

const EGGS = new URL('../../../sdk/src/eggs/__fixtures__/community/', import.meta.url);

const ctx: PlaceholderContext = {
  server: {
    ip: '0.0.0.0',
    port: 27015,
    memory: 2048,
    disk: 10240,
    cpu: 100,
    uuid: 'u-1',
    name: 's1',
  },
  node: { ip: NODE_IP_MARKER },
  ports: {},
  env: {},
};

/**
 * The config patches of a real egg as the operator renders them: converted by the SDK, every
 * variable at its default unless given, placeholders filled as the reconciler fills them.
 */
function eggPatches(file: string, env: Record<string, string> = {}): FilePatch[] {
  const egg: unknown = JSON.parse(readFileSync(new URL(file, EGGS), 'utf8'));
  const { template } = convertEgg(egg);
  const defaults = Object.fromEntries(
    Object.entries(template.parameters.properties).map(([k, p]) => [k, String(p.default ?? '')]),
  );
  const c = { ...ctx, env: { ...defaults, ...env } };
  return template.configFiles.map((f) => ({
    path: f.path,
    parser: f.parser as Parser,
    replacements: f.replacements.map((r) => ({ ...r, value: renderPlaceholders(r.value, c) })),
  }));
}

const only = (patches: FilePatch[], path: string): FilePatch =>
  patches.find((p) => p.path === path)!;
const run = (p: FilePatch, text: string) => patchText(p.parser, text, p.replacements);

describe('paths', () => {
  it('split dotted matches into keys, list indexes and wildcards', () => {
    expect(parsePath('listeners[0].host')).toEqual(['listeners', 0, 'host']);
    expect(parsePath('servers.*.address')).toEqual(['servers', ANY, 'address']);
    expect(parsePath('a.b[1][2]')).toEqual(['a', 'b', 1, 2]);
    expect(iniPath('SERVER.NAME')).toEqual({ section: 'SERVER', key: 'NAME' });
    expect(iniPath('[a.b].c.d')).toEqual({ section: 'a.b', key: 'c.d' });
    expect(iniPath('top')).toEqual({ section: '', key: 'top' });
  });
});

describe('every egg in the fixtures', () => {
  const dir = fileURLToPath(EGGS);
  const eggs = ['ptdl_v1', 'ptdl_v2', 'plcn'].flatMap((d) =>
    readdirSync(join(dir, d))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `${d}/${f}`),
  );

  it('creates each missing config file with every key its patches set', () => {
    let files = 0;
    for (const egg of eggs) {
      for (const p of eggPatches(egg)) {
        files++;
        const out = run(p, '');
        const plain = p.replacements.filter((r) => r.ifValue === undefined);
        if (p.parser === 'json' || p.parser === 'yaml') {
          const data: unknown = p.parser === 'json' ? JSON.parse(out) : parseYaml(out);
          for (const r of plain) {
            if (r.match.includes('*')) continue;
            const value = parsePath(r.match).reduce<unknown>(
              (node, key) => (node as Record<string | number, unknown>)[key as string],
              data,
            );
            expect(String(value), `${egg} ${p.path} ${r.match}`).toBe(r.value);
          }
        } else if (p.parser === 'properties') {
          for (const r of plain)
            expect(out, `${egg} ${r.match}`).toContain(`${r.match}=${r.value}\n`);
        } else if (p.parser === 'ini') {
          for (const r of plain) {
            const { section, key } = iniPath(r.match);
            const body = section ? out.slice(out.indexOf(`[${section}]\n`)) : out;
            expect(body, `${egg} ${r.match}`).toContain(`${key}=${r.value}\n`);
          }
        } else if (p.parser === 'file') {
          // Nothing to replace in an empty file, and `file` adds no lines.
          expect(out).toBe('');
        }
      }
    }
    expect(files).toBeGreaterThan(40);
  });
});

describe('json (real eggs)', () => {
  it('Factorio: sets top-level keys, numbers stay numbers, strings stay strings', () => {
    const p = only(
      eggPatches('plcn/games-standalone__factorio__factorio__egg-factorio-a-r-m64.json', {
        SERVER_NAME: 'Nimbus Factory',
        MAX_SLOTS: '20',
        SERVER_PASSWORD: '1234',
      }),
      'data/server-settings.json',
    );
    const input = `{\n    "name": "old",\n    "max_players": 0,\n    "game_password": "",\n    "visibility": { "public": true }\n}\n`;
    const out = run(p, input);
    const data = JSON.parse(out) as Record<string, unknown>;
    expect(data.name).toBe('Nimbus Factory');
    expect(data.max_players).toBe(20);
    // A numeric password was a string and stays one.
    expect(data.game_password).toBe('1234');
    expect(data.visibility).toEqual({ public: true });
    expect(out.startsWith('{\n    "name"')).toBe(true); // the file's indentation is kept
  });

  it('Among Us: nested keys, created when the file is missing', () => {
    const p = only(
      eggPatches('ptdl_v1/among_us__impostor_server__egg-among-us--impostor-server.json'),
      'config.json',
    );
    expect(JSON.parse(run(p, ''))).toEqual({ Server: { PublicPort: 27015, ListenPort: 27015 } });
  });

  it('5e.tools: a bare number indexes a list', () => {
    const p = only(eggPatches('ptdl_v2/software__5e-tools__egg-5e-tools.json'), 'caddy.json');
    const input = JSON.stringify({
      apps: { http: { servers: { srv0: { listen: [':80', ':443'], routes: [] } } } },
    });
    const out = JSON.parse(run(p, input)) as {
      apps: { http: { servers: { srv0: { listen: string[] } } } };
    };
    expect(out.apps.http.servers.srv0.listen).toEqual([':27015', ':443']);
  });

  it('V Rising: dotted keys under an object, booleans typed from the old value', () => {
    const p = only(
      eggPatches('plcn/games-steamcmd__v_rising__v_rising_bepinex__egg-v-rising-bep-in-ex.json', {
        RCON: 'true',
        RCON_PASS: 'secret',
      }),
      'save-data/Settings/ServerHostSettings.json',
    );
    const out = JSON.parse(
      run(p, JSON.stringify({ Rcon: { Enabled: false, Password: '', Port: 25575 }, Secure: true })),
    ) as { Rcon: { Enabled: unknown; Password: unknown } };
    expect(out.Rcon.Enabled).toBe(true);
    expect(out.Rcon.Password).toBe('secret');
  });

  it('keys with dots, wildcards over objects and lists, and ifValue', () => {
    const input = JSON.stringify({
      'server.name': 'a',
      servers: { lobby: { address: 'localhost:1' }, game: { address: '10.0.0.5:2' } },
      list: [{ host: '127.0.0.1' }, { host: 'x' }],
    });
    const out = JSON.parse(
      patchText('json', input, [
        { match: 'server.name', value: 'b' },
        { match: 'servers.*.address', ifValue: 'localhost', value: '1.2.3.4' },
        { match: 'list.*.host', ifValue: 'regex:^127\\.', value: '10.' },
        { match: 'missing.*.x', value: 'never' },
      ]),
    ) as Record<string, unknown>;
    expect(out['server.name']).toBe('b');
    expect(out.servers).toEqual({
      lobby: { address: '1.2.3.4:1' },
      game: { address: '10.0.0.5:2' },
    });
    expect(out.list).toEqual([{ host: '10.0.0.1' }, { host: 'x' }]);
    expect(out).not.toHaveProperty('missing');
  });

  it('refuses a file that is not JSON rather than overwrite it', () => {
    expect(() => patchText('json', '{ "a": ', [{ match: 'a', value: '1' }])).toThrow();
  });
});

describe('yaml (real eggs)', () => {
  it('Waterfall: a list index and a wildcard with ifValue, comments kept', () => {
    const p = only(
      eggPatches('ptdl_v1/minecraft__proxy__java__waterfall__egg-waterfall.json'),
      'config.yml',
    );
    const input = [
      '# Waterfall',
      'listeners:',
      '- host: 0.0.0.0:25577',
      '  motd: Hello # the greeting',
      'servers:',
      '  lobby:',
      '    address: localhost:25565',
      '    restricted: false',
      '  games:',
      '    address: 10.0.0.9:25566',
      '',
    ].join('\n');
    const out = run(p, input);
    expect(out).toContain('# Waterfall');
    expect(out).toContain('# the greeting');
    const data = parseYaml(out) as {
      listeners: { host: string }[];
      servers: Record<string, { address: string }>;
    };
    expect(data.listeners[0]!.host).toBe('0.0.0.0:27015');
    // `{{config.docker.interface}}` has no equivalent and stays as written.
    expect(data.servers.lobby!.address).toBe(
      `${p.replacements.find((r) => r.ifValue === 'localhost')!.value}:25565`,
    );
    expect(data.servers.games!.address).toBe('10.0.0.9:25566');
  });

  it('TeaSpeak: nested keys created in a missing file, typed values', () => {
    const p = only(eggPatches('ptdl_v2/voice_servers__teaspeak__egg-tea-speak.json'), 'config.yml');
    const data = parseYaml(run(p, '')) as {
      voice: { default_port: unknown };
      query: Record<string, unknown>;
    };
    expect(data.voice.default_port).toBe(27015);
    expect(data.query.max_line_buffer).toBe(10000);
  });
});

describe('ini (real eggs)', () => {
  it("Don't Starve Together: keys by section, missing keys and sections added", () => {
    const p = only(
      eggPatches(
        'ptdl_v2/game_eggs__steamcmd_servers__dont_starve__egg-don-t-starve-together.json',
        {
          MAX_PLAYERS: '12',
        },
      ),
      'DoNotStarveTogether/config/server/cluster.ini',
    );
    const input = [
      '[GAMEPLAY]',
      'game_mode = endless',
      'max_players = 6',
      '; pvp is off',
      '',
      '[NETWORK]',
      'cluster_name = old',
      '',
    ].join('\n');
    const out = run(p, input);
    expect(out).toContain('max_players = 12\n');
    expect(out).toContain('; pvp is off');
    const network = out.slice(out.indexOf('[NETWORK]'), out.indexOf('[SHARD]'));
    expect(network).toMatch(/cluster_name = .*\ncluster_description=/);
    expect(out).toContain('[SHARD]\nshard_enabled=true\nbind_ip=127.0.0.1\n');
    // A key of the same name in another section is not touched.
    expect(run(p, '[OTHER]\nmax_players = 1\n')).toContain('[OTHER]\nmax_players = 1\n');
  });

  it('Assetto Corsa: the same key in two sections', () => {
    const p = only(
      eggPatches(
        'ptdl_v2/game_eggs__steamcmd_servers__assetto_corsa__egg-assetto-corsa--freeroam--a-i.json',
      ),
      'cfg/server_cfg.ini',
    );
    const out = run(p, '[SERVER]\nNAME=old\nUDP_PORT=9600\n\n[DYNAMIC_TRACK]\nUDP_PORT=1\n');
    expect(out).toContain('[SERVER]\nNAME=');
    expect(out).toContain('UDP_PORT=27015\n');
    expect(out).toContain('[DYNAMIC_TRACK]\nUDP_PORT=1\n');
  });
});

describe('properties and file (real eggs)', () => {
  it('Spigot: server.properties keeps comments and appends missing keys', () => {
    const p = only(
      eggPatches('ptdl_v1/minecraft__java__spigot__egg-spigot.json'),
      'server.properties',
    );
    const out = run(p, '#Minecraft server properties\nmotd=A server\nserver-port=25565\n');
    expect(out).toContain('#Minecraft server properties\nmotd=A server\nserver-port=27015\n');
    expect(out).toContain('server-ip=0.0.0.0\n');
  });

  it('file: whole lines starting with the match are replaced', () => {
    const out = patchText('file', 'port 1\nname x\n# port\n', [
      { match: 'port', value: 'port 27015' },
      { match: 'name', ifValue: 'x', value: 'y' },
    ]);
    expect(out).toBe('port 27015\nname y\n# port\n');
  });
});

describe('toml', () => {
  it('tables, dotted keys, types, comments, missing keys and tables', () => {
    const input = [
      '# Veloren-like',
      'name = "old" # comment',
      'players = [',
      '  "a",',
      ']',
      '',
      '[server]',
      'port = 14004',
      'admin.password = "1234"',
      '',
      '[world]',
      'seed = 1',
      '',
    ].join('\n');
    const out = patchText('toml', input, [
      { match: 'name', value: 'Nimbus "TOML"' },
      { match: 'server.port', value: '27015' },
      { match: 'server.admin.password', value: '9999' },
      { match: 'server.motd', value: 'hi' },
      { match: 'net.public', value: 'true' },
      { match: '*.seed', value: '42' },
    ]);
    expect(out).toContain('name = "Nimbus \\"TOML\\""');
    expect(out).toContain('players = [\n  "a",\n]');
    expect(out).toContain('[server]\nport = 27015\nadmin.password = "9999"\nmotd = "hi"\n');
    expect(out).toContain('[world]\nseed = 42\n');
    expect(out.endsWith('[net]\npublic = true\n')).toBe(true);
  });
});

describe('xml', () => {
  it('element text, attributes, wildcards, created elements, and the rest kept as written', () => {
    const input = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<!-- server config -->',
      '<Config>',
      '    <Server name="old" public=\'yes\'>',
      '        <Port>7777</Port>',
      '        <Name><![CDATA[Old & Co]]></Name>',
      '    </Server>',
      '    <Slots><Slot>a</Slot><Slot>b</Slot></Slots>',
      '    <Empty/>',
      '</Config>',
      '',
    ].join('\n');
    const out = patchXml(input);
    expect(out).toContain('<?xml version="1.0" encoding="utf-8"?>\n<!-- server config -->');
    expect(out).toContain('<Port>27015</Port>');
    expect(out).toContain('<Name>Tom &amp; Jerry</Name>');
    expect(out).toContain('<Server name="Nimbus" public="yes">');
    expect(out).toContain('<Slots><Slot>x</Slot><Slot>x</Slot></Slots>');
    expect(out).toContain('<Empty>filled</Empty>');
    expect(out).toContain(
      '        <Port>27015</Port>\n        <Name>Tom &amp; Jerry</Name>\n        <MaxPlayers>8</MaxPlayers>\n    </Server>',
    );

    function patchXml(text: string) {
      return patchText('xml', text, [
        { match: 'Config.Server.Port', value: '27015' },
        { match: 'Config.Server.Name', value: 'Tom & Jerry' },
        { match: 'Config.Server', value: "[name='Nimbus']" },
        { match: 'Config.Slots.*', value: 'x' },
        { match: 'Config.Empty', value: 'filled' },
        { match: 'Config.Server.MaxPlayers', value: '8' },
      ]);
    }
  });

  it('never replaces a section (an element holding elements) with text', () => {
    const input = '<Config><Server><Port>1</Port></Server></Config>\n';
    expect(patchText('xml', input, [{ match: 'Config.Server', value: 'oops' }])).toBe(input);
  });

  it('a missing file starts with the root element', () => {
    expect(patchText('xml', '', [{ match: 'Settings.Port', value: '1' }])).toBe(
      '<Settings>\n  <Port>1</Port>\n</Settings>\n',
    );
  });

  it('rejects a broken document', () => {
    expect(() => patchText('xml', '<a><b></a>', [{ match: 'a.b', value: '1' }])).toThrow();
  });
});

describe('applyConfigPatches', () => {
  it('patches, creates folders and files, fills the node address, and reports failures', () => {
    const root = mkdtempSync(join(tmpdir(), 'patcher-'));
    writeFileSync(join(root, 'server.properties'), 'server-port=1\n');
    writeFileSync(join(root, 'broken.json'), '{');
    mkdirSync(join(root, 'outside'));
    symlinkSync('/etc', join(root, 'link'));
    const outcomes = applyConfigPatches(
      root,
      [
        {
          path: 'server.properties',
          parser: 'properties',
          replacements: [{ match: 'server-ip', value: NODE_IP_MARKER }],
        },
        {
          path: 'server.properties',
          parser: 'properties',
          replacements: [{ match: 'server-port', value: '1' }],
        },
        { path: 'deep/dir/conf.yml', parser: 'yaml', replacements: [{ match: 'a.b', value: 'c' }] },
        { path: 'broken.json', parser: 'json', replacements: [{ match: 'a', value: '1' }] },
        { path: '../escape.txt', parser: 'file', replacements: [] },
        { path: 'link/passwd', parser: 'file', replacements: [] },
      ],
      '10.1.2.3',
    );
    expect(outcomes.map((o) => o.outcome)).toEqual([
      'patched',
      'unchanged',
      'created',
      'failed',
      'failed',
      'failed',
    ]);
    expect(readFileSync(join(root, 'server.properties'), 'utf8')).toBe(
      'server-port=1\nserver-ip=10.1.2.3\n',
    );
    expect(readFileSync(join(root, 'deep/dir/conf.yml'), 'utf8')).toBe('a:\n  b: c\n');
    expect(statSync(join(root, 'deep/dir/conf.yml')).uid).toBe(statSync(root).uid);
    expect(readFileSync(join(root, 'broken.json'), 'utf8')).toBe('{');
  });

  it('is what the operator entrypoint runs for apply-config, with no cluster access', () => {
    const root = mkdtempSync(join(tmpdir(), 'patcher-'));
    mkdirSync(join(root, 'data'));
    writeFileSync(
      join(root, 'patches.json'),
      JSON.stringify([
        {
          path: 'server.properties',
          parser: 'properties',
          replacements: [{ match: 'server-ip', value: NODE_IP_MARKER }],
        },
      ]),
    );
    const main = fileURLToPath(new URL('../main.ts', import.meta.url));
    const out = execFileSync(
      process.execPath,
      ['--conditions=source', main, 'apply-config', join(root, 'patches.json'), join(root, 'data')],
      // As in the init container: no kubeconfig, no service account.
      { env: { PATH: process.env.PATH, PN_NODE_IP: '10.9.8.7' }, encoding: 'utf8' },
    );
    expect(out).toContain('"outcome":"created"');
    expect(readFileSync(join(root, 'data', 'server.properties'), 'utf8')).toBe(
      'server-ip=10.9.8.7\n',
    );
  });

  it('runs as the apply-config command on the patches the operator writes', () => {
    const root = mkdtempSync(join(tmpdir(), 'patcher-'));
    const patches = join(root, 'patches.json');
    writeFileSync(
      patches,
      JSON.stringify(eggPatches('ptdl_v2/game_eggs__gta__ragemp__egg-rage--m-p.json')),
    );
    mkdirSync(join(root, 'data'));
    const outcomes = runApplyConfigCommand([patches, join(root, 'data')], { PN_NODE_IP: '' });
    expect(outcomes).toEqual([{ path: 'conf.json', outcome: 'created' }]);
    expect(JSON.parse(readFileSync(join(root, 'data', 'conf.json'), 'utf8'))).toMatchObject({
      port: 27015,
      bind: '0.0.0.0',
    });
  });
});
