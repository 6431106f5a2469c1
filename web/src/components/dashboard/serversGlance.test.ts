import { describe, expect, it } from 'vitest';
import { sampleServer } from '../../__fixtures__/servers.ts';
import type { ServerListItem, ServerPhase } from '../../api/servers.ts';
import { glanceOf, glanceState } from './serversGlance.ts';

function server(
  id: string,
  phase: ServerPhase | null,
  extra: { stale?: boolean; current?: ServerListItem['current']; name?: string } = {},
): ServerListItem {
  const base = sampleServer(id, { name: extra.name ?? id });
  return {
    ...base,
    status: { ...base.status, phase, stale: extra.stale ?? false },
    ...('current' in extra ? { current: extra.current } : {}),
  };
}

const sample = (online: number | null) => ({
  sampledAt: '2026-01-01T00:00:00.000Z',
  playersOnline: online,
  playersMax: online === null ? null : 20,
  cpu: null,
  memory: null,
});

describe('servers at a glance', () => {
  it('counts phases by their semantic colour, and a stale server as stale whatever its phase', () => {
    expect(glanceState(server('a', 'Installing'))).toBe('starting');
    expect(glanceState(server('b', 'Stopping'))).toBe('starting');
    expect(glanceState(server('c', 'Running', { stale: true }))).toBe('stale');
    expect(glanceState(server('d', null))).toBe('unknown');
    const glance = glanceOf([
      server('r1', 'Running'),
      server('r2', 'Running'),
      server('i', 'Installing'),
      server('s', 'Stopped'),
      server('f', 'Failed'),
      server('x', 'Failed', { stale: true }),
      server('n', null),
    ]);
    expect(glance.total).toBe(7);
    expect(glance.counts).toEqual({
      running: 2,
      starting: 1,
      stopped: 1,
      failed: 1,
      stale: 1,
      unknown: 1,
    });
  });

  it('lists failed servers, then stale ones, each by name', () => {
    const glance = glanceOf([
      server('1', 'Running', { stale: true, name: 'Zeta' }),
      server('2', 'Failed', { name: 'Omega' }),
      server('3', 'Running', { name: 'Calm' }),
      server('4', 'Stopped', { stale: true, name: 'Alpha' }),
      server('5', 'Failed', { name: 'Beta' }),
    ]);
    expect(glance.attention.map((s) => s.name)).toEqual(['Beta', 'Omega', 'Alpha', 'Zeta']);
  });

  it('adds up measured players only, and keeps "none measured" apart from zero', () => {
    const measured = glanceOf([
      server('a', 'Running', { current: sample(3) }),
      server('b', 'Running', { current: sample(0) }),
      server('c', 'Running', { current: sample(null) }),
      server('d', 'Stopped', { current: null }),
    ]);
    expect(measured).toMatchObject({ playersOnline: 3, playersReported: 2, metricsVisible: true });

    const none = glanceOf([server('a', 'Stopped', { current: null })]);
    expect(none).toMatchObject({ playersOnline: null, playersReported: 0, metricsVisible: true });

    const hidden = glanceOf([server('a', 'Running')]);
    expect(hidden).toMatchObject({ playersOnline: null, metricsVisible: false });
  });
});
