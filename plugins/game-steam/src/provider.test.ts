import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCES, convertEgg, parseEgg } from '@pteronimbus/sdk';
import { communityEgg, communityEggs } from './__fixtures__/community.ts';
import { cs2Provider, steamAppIdOf, valheimProvider } from './provider.ts';

const providers = [cs2Provider, valheimProvider];
const ownEgg = (name: string) => readFileSync(new URL(`../eggs/${name}`, import.meta.url), 'utf8');

// The community sample has no Counter-Strike 2 egg; both Valheim Plus eggs are Valheim.
const VALHEIM = /valheim/;

describe('which eggs the Steam providers claim', () => {
  it.each(communityEggs().map((e) => [e.file, e.text]))('%s', (file, text) => {
    const egg = parseEgg(text);
    expect(cs2Provider.matches(egg)).toBe(0);
    if (VALHEIM.test(file)) expect(valheimProvider.matches(egg)).toBeGreaterThan(1);
    else expect(valheimProvider.matches(egg)).toBe(0);
  });

  it('finds the Steam app id in a variable or in an app_update', () => {
    const valheim = parseEgg(
      communityEgg(
        'ptdl_v2/game_eggs__steamcmd_servers__valheim__valheim_plus__egg-valheim-plus-mod.json',
      ),
    );
    expect(steamAppIdOf(valheim)).toBe('896660');
    const doc = JSON.parse(ownEgg('egg-cs2.json'));
    doc.variables = doc.variables.filter(
      (v: { env_variable: string }) => v.env_variable !== 'SRCDS_APPID',
    );
    doc.scripts.installation.script = 'steamcmd +login anonymous +app_update 730 validate +quit';
    doc.startup = './run.sh';
    const cs2 = parseEgg(doc);
    expect(steamAppIdOf(cs2)).toBe('730');
    expect(cs2Provider.matches(cs2)).toBe(60);
    doc.scripts.installation.script = 'true';
    expect(steamAppIdOf(parseEgg(doc))).toBeUndefined();
  });

  it('recognises CS2 by its binary or, more weakly, by its name', () => {
    const doc = JSON.parse(ownEgg('egg-cs2.json'));
    doc.variables = [];
    doc.scripts.installation.script = 'true';
    expect(cs2Provider.matches(parseEgg(doc))).toBe(60);
    doc.startup = './start.sh';
    expect(cs2Provider.matches(parseEgg(doc))).toBe(40);
    doc.name = 'Some shooter';
    expect(cs2Provider.matches(parseEgg(doc))).toBe(0);
  });

  it('recognises Valheim by its binary or, more weakly, by its name', () => {
    const doc = JSON.parse(ownEgg('egg-valheim.json'));
    doc.variables = [];
    doc.scripts.installation.script = 'true';
    expect(valheimProvider.matches(parseEgg(doc))).toBe(60);
    doc.startup = './start.sh';
    expect(valheimProvider.matches(parseEgg(doc))).toBe(40);
  });
});

describe('Counter-Strike 2', () => {
  it('converts the first-party egg without warnings, with its ports, readiness, stop and disk', () => {
    const { template, report } = convertEgg(ownEgg('egg-cs2.json'), { providers });
    expect(report.warnings).toEqual([]);
    expect(report.provider).toBe('cs2');
    expect(template.game).toMatchObject({ id: 'cs2', name: 'Counter-Strike 2' });
    expect(template.ports).toEqual([
      { name: 'game', containerPort: 27015, protocol: 'UDP', envVariable: 'SERVER_PORT' },
      { name: 'rcon', containerPort: 27015, protocol: 'TCP' },
    ]);
    expect(template.readiness).toEqual([
      { match: 'Connection to Steam servers successful', regex: false },
    ]);
    expect(template.stop).toEqual({ command: 'quit' });
    expect(template.resources).toEqual({ cpu: DEFAULT_RESOURCES.cpu, memory: 4096, disk: 40960 });
    expect(template.install).toMatchObject({ image: 'ghcr.io/parkervcp/installers:debian' });
    expect(template.install?.script).toContain('+app_update "${SRCDS_APPID}"');
    expect(template.parameters.properties.SRCDS_APPID).toMatchObject({
      default: '730',
      userEditable: false,
    });
  });

  it('marks Steam passwords, Guard codes and login tokens as secrets, and only those', () => {
    const { template } = convertEgg(ownEgg('egg-cs2.json'), { providers });
    const secret = Object.entries(template.parameters.properties)
      .filter(([, p]) => p.writeOnly === true)
      .map(([key]) => key)
      .sort();
    expect(secret).toEqual(['STEAM_ACC', 'STEAM_AUTH', 'STEAM_PASS']);
  });

  it('opens no RCON port when the egg has no RCON, and keeps a larger disk asked for', () => {
    const doc = JSON.parse(ownEgg('egg-cs2.json'));
    doc.variables = doc.variables.filter(
      (v: { env_variable: string }) => v.env_variable !== 'RCON_PASSWORD',
    );
    doc.startup = doc.startup.replace(' -usercon', '');
    doc.config.files = '{}';
    const { template } = convertEgg(doc, {
      providers,
      resources: { disk: 81920, memory: 8192 },
    });
    expect(template.ports.map((p) => p.name)).toEqual(['game']);
    expect(template.resources).toMatchObject({ disk: 81920, memory: 8192 });
  });

  it('adds its readiness line when the egg has none', () => {
    const doc = JSON.parse(ownEgg('egg-cs2.json'));
    doc.config.startup = '{}';
    const { template } = convertEgg(doc, { providers });
    expect(template.readiness).toEqual([
      { match: 'Connection to Steam servers successful', regex: false },
    ]);
  });
});

describe('Valheim', () => {
  it('converts the first-party egg without warnings, with game and query ports', () => {
    const { template, report } = convertEgg(ownEgg('egg-valheim.json'), { providers });
    expect(report.warnings).toEqual([]);
    expect(report.provider).toBe('valheim');
    expect(template.game.id).toBe('valheim');
    expect(template.ports).toEqual([
      { name: 'game', containerPort: 2456, protocol: 'UDP', envVariable: 'SERVER_PORT' },
      { name: 'query', containerPort: 2457, protocol: 'UDP' },
    ]);
    expect(template.readiness).toEqual([{ match: 'Game server connected', regex: false }]);
    expect(template.stop).toEqual({ signal: 'SIGINT' });
    expect(template.resources.disk).toBe(4096);
    expect(template.parameters.properties.PASSWORD).toMatchObject({ minLength: 5 });
    expect(template.parameters.required).toContain('PASSWORD');
  });

  it('refines the community Valheim Plus eggs, keeping their own readiness', () => {
    for (const file of [
      'ptdl_v1/steamcmd_servers__valheim__valheim_plus__egg-valheim-plus-mod.json',
      'ptdl_v2/game_eggs__steamcmd_servers__valheim__valheim_plus__egg-valheim-plus-mod.json',
    ]) {
      const { template, report } = convertEgg(communityEgg(file), { providers });
      expect(report.provider).toBe('valheim');
      expect(
        template.ports.slice(0, 2).map((p) => `${p.name}:${p.containerPort}/${p.protocol}`),
      ).toEqual(['game:2456/UDP', 'query:2457/UDP']);
      expect(template.readiness).toEqual([{ match: 'DungeonDB Start', regex: false }]);
      expect(report.warnings.map((w) => w.message).join('\n')).not.toContain('steam_disk_space');
    }
  });

  it('does not mutate the template or the egg it refines', () => {
    const text = ownEgg('egg-valheim.json');
    const generic = convertEgg(text).template;
    const egg = parseEgg(text);
    const before = structuredClone({ generic, egg });
    valheimProvider.refine(generic, egg);
    expect({ generic, egg }).toEqual(before);
  });
});
