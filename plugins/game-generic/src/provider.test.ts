import { describe, expect, it } from 'vitest';
import { convertEgg, parseEgg, type GameProvider } from '@pteronimbus/sdk';
import { communityEgg, communityEggs } from './__fixtures__/community.ts';
import { GENERIC_SCORE, genericProvider, guessPortProtocol } from './provider.ts';

describe('the generic provider', () => {
  it.each(communityEggs().map((e) => [e.file, e.text]))(
    '%s converts through it with the primary port untouched',
    (_file, text) => {
      const plain = convertEgg(text).template;
      const { template, report } = convertEgg(text, { providers: [genericProvider] });
      expect(report.provider).toBe('generic');
      expect(template.ports[0]).toEqual(plain.ports[0]);
      expect({ ...template, ports: [] }).toEqual({ ...plain, ports: [] });
      expect(template.ports.map((p) => [p.name, p.containerPort])).toEqual(
        plain.ports.map((p) => [p.name, p.containerPort]),
      );
    },
  );

  it('loses to any game plugin that claims the egg', () => {
    const game: GameProvider = {
      id: 'some-game',
      matches: () => 2,
      refine: (t) => ({ ...t, game: { ...t.game, id: 'some-game' } }),
    };
    const text = communityEgg('ptdl_v2/game_eggs__mindustry__egg-mindustry.json');
    expect(genericProvider.matches(parseEgg(text))).toBe(GENERIC_SCORE);
    expect(convertEgg(text, { providers: [genericProvider, game] }).report.provider).toBe(
      'some-game',
    );
  });

  it('opens remote consoles and web interfaces over TCP, Steam query ports over UDP', () => {
    // Insurgency: Sandstorm has QUERY_PORT and a Steam app id.
    const insurgency = convertEgg(
      communityEgg(
        'ptdl_v1/steamcmd_servers__insurgency_sandstorm__egg-insurgency--sandstorm.json',
      ),
      { providers: [genericProvider] },
    ).template;
    expect(insurgency.ports.find((p) => p.name === 'query')?.protocol).toBe('UDP');
    expect(insurgency.ports[0]?.protocol).toBe('TCPUDP');
    // Cuberite has WEB_PORT.
    const cuberite = convertEgg(
      communityEgg('ptdl_v1/minecraft__java__cuberite__egg-cuberite.json'),
      {
        providers: [genericProvider],
      },
    ).template;
    expect(cuberite.ports.find((p) => p.envVariable === 'WEB_PORT')?.protocol).toBe('TCP');
  });

  it('leaves a query port alone outside Steam games (TeamSpeak queries over TCP)', () => {
    const egg = parseEgg(communityEgg('plcn/voice__teamspeak__egg-teamspeak3-server.yaml'));
    const port = {
      name: 'query',
      containerPort: 10011,
      protocol: 'TCPUDP' as const,
      envVariable: 'QUERY_PORT',
    };
    expect(guessPortProtocol(port, egg)).toBeUndefined();
    expect(guessPortProtocol({ ...port, envVariable: 'RCON_PORT' }, egg)).toBe('TCP');
    expect(guessPortProtocol({ ...port, envVariable: undefined, name: 'http' }, egg)).toBe('TCP');
  });

  it('does not mutate the template or the egg it refines', () => {
    const text = communityEgg(
      'ptdl_v1/steamcmd_servers__insurgency_sandstorm__egg-insurgency--sandstorm.json',
    );
    const generic = convertEgg(text).template;
    const egg = parseEgg(text);
    const before = structuredClone({ generic, egg });
    genericProvider.refine(generic, egg);
    expect({ generic, egg }).toEqual(before);
  });
});
