import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertEgg, parseEgg } from '@pteronimbus/sdk';
import { communityEgg, communityEggs } from './__fixtures__/community.ts';
import { TERRARIA_READY_PATTERN, terrariaFlavourOf, terrariaProvider } from './provider.ts';

const providers = [terrariaProvider];
const ownEgg = (name: string) => readFileSync(new URL(`../eggs/${name}`, import.meta.url), 'utf8');

const TERRARIA = /(\/|__)terraria__/;

describe('which eggs the Terraria provider claims', () => {
  it.each(communityEggs().map((e) => [e.file, e.text]))('%s', (file, text) => {
    const score = terrariaProvider.matches(parseEgg(text));
    if (TERRARIA.test(file)) expect(score).toBeGreaterThan(1);
    else expect(score).toBe(0);
  });

  it('tells vanilla, tModLoader and TShock apart', () => {
    const doc = JSON.parse(ownEgg('egg-terraria.json'));
    expect(terrariaFlavourOf(parseEgg(doc))).toBe('vanilla');
    expect(terrariaFlavourOf(parseEgg(ownEgg('egg-tmodloader.json')))).toBe('tmodloader');
    doc.name = 'TShock';
    doc.startup = 'mono TShock.Server.exe -port {{SERVER_PORT}}';
    expect(terrariaFlavourOf(parseEgg(doc))).toBe('tshock');
    // A dedicated server found only by its Steam app id.
    doc.name = 'Server';
    doc.description = '';
    doc.startup = './run';
    doc.variables.push({ env_variable: 'SRCDS_APPID', default_value: '105600' });
    expect(terrariaFlavourOf(parseEgg(doc))).toBe('vanilla');
    doc.variables.at(-1).default_value = '1';
    expect(terrariaFlavourOf(parseEgg(doc))).toBeUndefined();
  });
});

describe('refining Terraria eggs', () => {
  it.each([['egg-terraria.json'], ['egg-tmodloader.json']])(
    'converts the first-party %s without warnings',
    (name) => {
      const { template, report } = convertEgg(ownEgg(name), { providers });
      expect(report.warnings).toEqual([]);
      expect(report.provider).toBe('terraria');
      expect(template.game.id).toBe('terraria');
      expect(template.ports).toEqual([
        { name: 'game', containerPort: 7777, protocol: 'TCP', envVariable: 'SERVER_PORT' },
      ]);
      expect(template.stop).toEqual({ command: 'exit' });
      expect(template.readiness).toEqual([
        { match: "Type 'help' for a list of commands", regex: false },
      ]);
      expect(template.configFiles[0]).toMatchObject({
        path: 'serverconfig.txt',
        parser: 'properties',
      });
      expect(template.configFiles[0]?.replacements).toContainEqual({
        match: 'port',
        value: '{{server.port}}',
      });
      expect(template.install?.script).toMatch(/^#!\/bin\/bash/);
    },
  );

  it('refines the community tModLoader eggs', () => {
    for (const file of [
      'ptdl_v1/terraria__tmodloader__egg-t-modloader.json',
      'ptdl_v2/game_eggs__terraria__tmodloader__egg-t-modloader.json',
    ]) {
      const { template, report } = convertEgg(communityEgg(file), { providers });
      expect(report.provider).toBe('terraria');
      expect(template.ports[0]).toMatchObject({ containerPort: 7777, protocol: 'TCP' });
      expect(template.stop).toEqual({ command: 'exit' });
    }
  });

  it('adds its readiness pattern when the egg has none and opens TShock REST over TCP', () => {
    const doc = JSON.parse(ownEgg('egg-terraria.json'));
    doc.config.startup = '{}';
    doc.config.stop = '^C';
    doc.name = 'TShock';
    doc.variables.push({ name: 'REST port', env_variable: 'REST_PORT', default_value: '7878' });
    const { template } = convertEgg(doc, { providers });
    expect(template.readiness).toEqual([{ match: TERRARIA_READY_PATTERN, regex: true }]);
    expect(new RegExp(TERRARIA_READY_PATTERN).test(': Server started')).toBe(true);
    expect(template.stop).toEqual({ command: 'exit' });
    expect(template.ports).toContainEqual({
      name: 'rest',
      containerPort: 7878,
      protocol: 'TCP',
      envVariable: 'REST_PORT',
    });
  });

  it('does not mutate the template or the egg it refines', () => {
    const text = ownEgg('egg-tmodloader.json');
    const generic = convertEgg(text).template;
    const egg = parseEgg(text);
    const before = structuredClone({ generic, egg });
    terrariaProvider.refine(generic, egg);
    expect({ generic, egg }).toEqual(before);
  });
});
