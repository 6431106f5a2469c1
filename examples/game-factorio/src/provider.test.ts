import { describe, expect, it } from 'vitest';
import { convertEgg, parseEgg } from '@pteronimbus/sdk';
import { communityEgg, communityEggs } from '@pteronimbus/testing';
import { factorioProvider } from './provider.ts';

const FACTORIO_EGG = 'ptdl_v2/game_eggs__factorio__factorio-modupdate__egg-factorio-modupdate.json';

describe('factorioProvider', () => {
  it('claims the Factorio eggs among the community eggs, and only them', () => {
    const claimed = communityEggs()
      .filter(({ text }) => factorioProvider.matches(parseEgg(text)) > 0)
      .map(({ file }) => file);
    expect(claimed.length).toBeGreaterThan(0);
    for (const file of claimed) expect(file).toMatch(/factorio/);
  });

  it('refines the conversion: UDP game port, readiness and a saving stop', () => {
    const { template, report } = convertEgg(communityEgg(FACTORIO_EGG), {
      providers: [factorioProvider],
    });
    expect(report.provider).toBe('factorio');
    expect(template.game.id).toBe('factorio');
    expect(template.ports).toEqual([
      {
        name: 'game',
        containerPort: expect.any(Number),
        protocol: 'UDP',
        envVariable: 'SERVER_PORT',
      },
    ]);
    expect(template.readiness.map((r) => r.match)).toContain('Hosting game at');
    expect(template.stop).toEqual({ command: '/quit' });
  });

  it('leaves other games alone', () => {
    const minecraft = communityEggs().find(
      ({ file }) => file.includes('paper') || file.includes('spigot'),
    );
    expect(minecraft).toBeDefined();
    expect(factorioProvider.matches(parseEgg(minecraft!.text))).toBe(0);
  });
});
