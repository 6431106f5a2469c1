import { describe, expect, it } from 'vitest';
import { GameTemplateSpecSchema, type GameTemplateSpec } from './schema.ts';
import { assertTemplateSpec, templateProblems } from './validate.ts';

function minimal(): GameTemplateSpec {
  return {
    game: { id: 'test-game', name: 'Test Game' },
    images: [{ label: 'Default', image: 'ghcr.io/example/game:1' }],
    startup: { command: './run --port {{SERVER_PORT}}', variants: [] },
    parameters: {
      type: 'object',
      properties: {
        MAX_PLAYERS: {
          title: 'Max players',
          description: '',
          type: 'integer',
          minimum: 1,
          default: 10,
          envVariable: 'MAX_PLAYERS',
          userViewable: true,
          userEditable: true,
          rules: ['required', 'integer', 'min:1'],
        },
      },
      required: ['MAX_PLAYERS'],
    },
    ports: [{ name: 'game', containerPort: 27015, protocol: 'UDP', envVariable: 'SERVER_PORT' }],
    configFiles: [
      {
        path: 'server.cfg',
        parser: 'file',
        replacements: [{ match: 'port', value: 'port {{server.port}}' }],
      },
    ],
    readiness: [{ match: 'Ready', regex: false }],
    stop: { command: 'quit' },
    resources: { cpu: 1000, memory: 2048, disk: 10240 },
    features: [],
    fileDenylist: [],
    environment: { TZ: 'UTC' },
    warnings: [],
  };
}

/** Every sub-schema, with the JSON pointer that leads to it. */
function* walk(schema: unknown, path = '#'): Generator<[string, Record<string, unknown>]> {
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as Record<string, unknown>;
  yield [path, s];
  for (const [key, value] of Object.entries(s)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, sub] of Object.entries(value))
        yield* walk(sub, `${path}/properties/${name}`);
    } else if (key === 'items' || key === 'additionalProperties') {
      yield* walk(value, `${path}/${key}`);
    } else if (Array.isArray(value) && ['anyOf', 'allOf', 'oneOf'].includes(key)) {
      for (const [i, sub] of value.entries()) yield* walk(sub, `${path}/${key}/${i}`);
    }
  }
}

describe('GameTemplateSpecSchema', () => {
  it('is structural, as a CRD schema must be: one type per field, maps as additionalProperties', () => {
    for (const [path, s] of walk(GameTemplateSpecSchema)) {
      const free = s['x-kubernetes-preserve-unknown-fields'] === true;
      if (!free) expect(typeof s.type, path).toBe('string');
      expect(s, path).not.toHaveProperty('patternProperties');
      expect(s, path).not.toHaveProperty('anyOf');
      expect(s, path).not.toHaveProperty('oneOf');
    }
  });

  it('refuses an image parameter that names no parameter', () => {
    expect(templateProblems({ ...minimal(), imageParameter: 'JAVA_VERSION' })).toEqual([
      { path: '/imageParameter', message: 'names no parameter (JAVA_VERSION)' },
    ]);
  });

  it('accepts a minimal template', () => {
    expect(templateProblems(minimal())).toEqual([]);
    expect(() => assertTemplateSpec(minimal())).not.toThrow();
  });

  it.each<[string, (t: GameTemplateSpec) => unknown, string]>([
    ['no image', (t) => (t.images = []), '/images'],
    [
      'a bad protocol',
      (t) => ((t.ports[0] as { protocol: string }).protocol = 'SCTP'),
      '/ports/0/protocol',
    ],
    [
      'a bad parser',
      (t) => ((t.configFiles[0] as { parser: string }).parser = 'hjson'),
      '/configFiles/0/parser',
    ],
    ['an unknown field', (t) => ((t as unknown as Record<string, unknown>).extra = 1), '/'],
    ['an upper-case id', (t) => (t.game.id = 'Game'), '/game/id'],
    [
      'a port over 65535',
      (t) => ((t.ports[0] as { containerPort: number }).containerPort = 70000),
      '/ports/0/containerPort',
    ],
    ['a bad signal', (t) => (t.stop = { signal: 'TERM' }), '/stop/signal'],
    ['both stop kinds', (t) => (t.stop = { command: 'quit', signal: 'SIGINT' }), '/stop'],
    ['no stop kind', (t) => (t.stop = {}), '/stop'],
    [
      'duplicate port names',
      (t) =>
        t.ports.push({ ...(t.ports[0] as GameTemplateSpec['ports'][number]), containerPort: 1 }),
      '/ports/1/name',
    ],
    [
      'a key that is not the variable',
      (t) =>
        ((t.parameters.properties.MAX_PLAYERS as { envVariable: string }).envVariable = 'OTHER'),
      '/parameters/properties/MAX_PLAYERS/envVariable',
    ],
    [
      'a required parameter that does not exist',
      (t) => t.parameters.required.push('NOPE'),
      '/parameters/required/1',
    ],
  ])('rejects %s', (_, breakIt, path) => {
    const t = minimal();
    breakIt(t);
    const problems = templateProblems(t);
    expect(problems.map((p) => p.path)).toContain(path);
    expect(() => assertTemplateSpec(t)).toThrow(
      expect.objectContaining({ code: 'PN_TEMPLATE_INVALID', details: { problems } }),
    );
  });
});
