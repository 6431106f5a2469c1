import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseImage, convertEgg, exportToPtdlV2, parseEgg } from '@pteronimbus/sdk';
import { communityEgg, communityEggs } from './__fixtures__/community.ts';
import {
  MINECRAFT_EULA_URL,
  MINECRAFT_JAVA_GAME_ID,
  MINECRAFT_READY_LINE,
  classifyMinecraftEgg,
  defaultJavaVersion,
  javaVersionOf,
  minecraftJavaProvider,
} from './provider.ts';

const providers = [minecraftJavaProvider];
const ownEgg = (name: string) => readFileSync(new URL(`../eggs/${name}`, import.meta.url), 'utf8');

// Java servers and proxies of the community collection, by their folder in it; Bedrock is not ours.
const JAVA_EDITION = /(\/|__)minecraft__(java|proxy)__|stock-eggs__minecraft__/;

describe('which eggs the Minecraft provider claims', () => {
  it.each(communityEggs().map((e) => [e.file, e.text]))('%s', (file, text) => {
    const score = minecraftJavaProvider.matches(parseEgg(text));
    if (JAVA_EDITION.test(file)) expect(score).toBeGreaterThan(1);
    else expect(score).toBe(0);
  });

  it('leaves Bedrock and Classic servers alone even when they run on Java', () => {
    for (const file of [
      'plcn/minecraft__bedrock__bedrock__egg-vanilla-bedrock.json',
      'ptdl_v2/game_eggs__minecraft__bedrock__gomint__egg-go-mint.json',
      'ptdl_v2/game_eggs__classicube__mcgalaxy__egg-classi-cube--m-g-c.json',
    ]) {
      expect(classifyMinecraftEgg(parseEgg(communityEgg(file)))).toBeUndefined();
    }
  });

  it('tells servers from proxies and Java from native servers', () => {
    const kind = (file: string) => classifyMinecraftEgg(parseEgg(communityEgg(file)));
    expect(kind('plcn/minecraft__java__purpur__egg-purpur.json')).toEqual({
      kind: 'server',
      java: true,
    });
    expect(kind('ptdl_v2/game_eggs__minecraft__proxy__java__velocity__egg-velocity.json')).toEqual({
      kind: 'proxy',
      java: true,
    });
    expect(kind('ptdl_v1/minecraft__proxy__java__waterfall__egg-waterfall.json')?.kind).toBe(
      'proxy',
    );
    expect(kind('ptdl_v1/minecraft__java__cuberite__egg-cuberite.json')).toEqual({
      kind: 'server',
      java: false,
    });
  });
});

describe('refining community Minecraft eggs', () => {
  const ours = communityEggs().filter((e) => JAVA_EDITION.test(e.file));

  it.each(ours.map((e) => [e.file, e.text]))(
    '%s converts with the Minecraft refinements',
    (_f, text) => {
      const { template, report } = convertEgg(text, { providers });
      expect(report.provider).toBe(MINECRAFT_JAVA_GAME_ID);
      expect(template.game.id).toBe(MINECRAFT_JAVA_GAME_ID);
      expect(template.ports[0]).toEqual({
        name: 'game',
        containerPort: 25565,
        protocol: 'TCP',
        envVariable: 'SERVER_PORT',
      });
      expect(template.readiness.length).toBeGreaterThan(0);
      expect(template.stop.command).toMatch(/^(stop|end)$/);
      expect(report.warnings.map((w) => w.message).join('\n')).not.toMatch(/"(eula|java_version)"/);
    },
  );

  it('asks Java servers for the EULA and writes eula.txt', () => {
    const { template } = convertEgg(communityEgg('plcn/minecraft__java__purpur__egg-purpur.json'), {
      providers,
    });
    const eula = template.parameters.properties.EULA_ACCEPTED;
    expect(eula).toMatchObject({ type: 'boolean', const: true, envVariable: 'EULA_ACCEPTED' });
    expect(eula?.description).toContain(MINECRAFT_EULA_URL);
    expect(eula?.default).toBeUndefined();
    expect(template.parameters.required).toContain('EULA_ACCEPTED');
    expect(template.configFiles).toContainEqual({
      path: 'eula.txt',
      parser: 'properties',
      replacements: [{ match: 'eula', value: 'true' }],
    });
  });

  it('offers the Java versions of the images, Java 21 first, whatever the egg order', () => {
    // Purpur lists java_8 first.
    const { template } = convertEgg(communityEgg('plcn/minecraft__java__purpur__egg-purpur.json'), {
      providers,
    });
    expect(template.images.map((i) => i.label)).toEqual([
      'Java 21',
      'Java 17',
      'Java 16',
      'Java 11',
      'Java 8',
    ]);
    expect(template.images[0]?.image).toBe('ghcr.io/parkervcp/yolks:java_21');
    // The parameter chooses the image: a server asking for Java 8 runs the java_8 image.
    expect(template.imageParameter).toBe('JAVA_VERSION');
    expect(chooseImage(template, { JAVA_VERSION: '8' }).image).toBe(
      'ghcr.io/parkervcp/yolks:java_8',
    );
    expect(template.parameters.properties.JAVA_VERSION).toMatchObject({
      type: 'integer',
      enum: [21, 17, 16, 11, 8],
      default: 21,
      rules: ['required', 'integer', 'in:21,17,16,11,8'],
    });
  });

  it('gives proxies neither EULA nor the stop command of a server', () => {
    const { template } = convertEgg(
      communityEgg('ptdl_v2/game_eggs__minecraft__proxy__java__velocity__egg-velocity.json'),
      { providers },
    );
    expect(template.parameters.properties.EULA_ACCEPTED).toBeUndefined();
    expect(template.configFiles.map((f) => f.path)).not.toContain('eula.txt');
    expect(template.stop).toEqual({ command: 'end' });
    expect(template.readiness).toEqual([{ match: 'Done (', regex: false }]);
  });

  it('adds a readiness line where the egg has none, per kind', () => {
    const without = (file: string) => {
      const doc = JSON.parse(communityEgg(file));
      doc.config.startup = '{}';
      doc.config.stop = '^C';
      return convertEgg(doc, { providers }).template;
    };
    const server = without('plcn/minecraft__java__purpur__egg-purpur.json');
    expect(server.readiness).toEqual([{ match: MINECRAFT_READY_LINE, regex: false }]);
    expect(server.stop).toEqual({ command: 'stop' });
    const velocity = without(
      'ptdl_v2/game_eggs__minecraft__proxy__java__velocity__egg-velocity.json',
    );
    expect(velocity.readiness).toEqual([{ match: 'Done (', regex: false }]);
    expect(velocity.stop).toEqual({ command: 'end' });
    const waterfall = without('ptdl_v1/minecraft__proxy__java__waterfall__egg-waterfall.json');
    expect(waterfall.readiness).toEqual([{ match: 'Listening on ', regex: false }]);
  });

  it('does not ask a native server (Cuberite) for the EULA or a Java version', () => {
    const { template } = convertEgg(
      communityEgg('ptdl_v1/minecraft__java__cuberite__egg-cuberite.json'),
      { providers },
    );
    expect(template.parameters.properties.EULA_ACCEPTED).toBeUndefined();
    expect(template.parameters.properties.JAVA_VERSION).toBeUndefined();
    expect(template.ports[0]?.containerPort).toBe(25565);
  });

  it('does not mutate the template or the egg it refines', () => {
    const text = communityEgg('plcn/minecraft__java__purpur__egg-purpur.json');
    const generic = convertEgg(text).template;
    const egg = parseEgg(text);
    const before = structuredClone({ generic, egg });
    minecraftJavaProvider.refine(generic, egg);
    expect({ generic, egg }).toEqual(before);
  });
});

describe('first-party Minecraft eggs', () => {
  it.each([['egg-paper.json'], ['egg-vanilla.json']])(
    '%s converts without warnings and with every refinement',
    (name) => {
      const { template, report } = convertEgg(ownEgg(name), { providers });
      expect(report.warnings).toEqual([]);
      expect(report.provider).toBe(MINECRAFT_JAVA_GAME_ID);
      expect(template.install?.script).toMatch(/^#!\/bin\/bash/);
      expect(template.install?.image).toBe('ghcr.io/pterodactyl/installers:debian');
      expect(template.parameters.required.slice(0, 1)).toEqual(['EULA_ACCEPTED']);
      expect(template.parameters.properties.JAVA_VERSION?.default).toBe(21);
      expect(template.images[0]).toEqual({
        label: 'Java 21',
        image: 'ghcr.io/pterodactyl/yolks:java_21',
        value: '21',
      });
      expect(template.configFiles.map((f) => f.path)).toEqual(['server.properties', 'eula.txt']);
      expect(template.configFiles[0]?.replacements).toContainEqual({
        match: 'server-port',
        value: '{{server.port}}',
      });
      expect(template.readiness).toEqual([{ match: ')! For help, type ', regex: false }]);
      expect(template.stop).toEqual({ command: 'stop' });
    },
  );

  it('keeps its refinements through an export and a new import', () => {
    const { template } = convertEgg(ownEgg('egg-paper.json'), { providers });
    const again = convertEgg(exportToPtdlV2(template), { providers }).template;
    expect(again.parameters).toEqual(template.parameters);
    expect(again.configFiles).toEqual(template.configFiles);
  });
});

describe('Java versions', () => {
  it('reads the version from common image names', () => {
    const v = (image: string) => javaVersionOf({ label: image, image });
    expect(v('ghcr.io/pterodactyl/yolks:java_21')).toBe(21);
    expect(v('quay.io/pterodactyl/core:java-11')).toBe(11);
    expect(v('eclipse-temurin:17-jre')).toBe(17);
    expect(v('quay.io/pterodactyl/core:java')).toBeUndefined();
  });

  it('prefers the Java that current Minecraft needs, else the newest', () => {
    expect(defaultJavaVersion([8, 11, 17, 21, 22])).toBe(21);
    expect(defaultJavaVersion([8, 16])).toBe(8);
    expect(defaultJavaVersion([16, 22])).toBe(22);
  });
});
