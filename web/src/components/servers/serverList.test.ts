import { describe, expect, it } from 'vitest';
import { sampleServer } from '../../__fixtures__/servers.ts';
import type { ServerListItem } from '../../api/servers.ts';
import { matchesFilters, serverPath, withPhase, withServer } from './serverList.ts';

const sample = {
  sampledAt: '2026-01-01T00:00:00.000Z',
  cpu: 1,
  memory: 2,
  playersOnline: 3,
  playersMax: 4,
};

describe('server list updates', () => {
  it('links a server with its ids escaped', () => {
    expect(serverPath('100', 'a b')).toBe('/t/100/servers/a%20b');
  });

  it('matches a server against the status and the search, ignoring case', () => {
    const server = sampleServer('s1', { name: 'Creeper Farm' });
    const phase = server.status.phase;
    expect(matchesFilters(server, { q: '', status: '', game: 'other' })).toBe(true);
    expect(matchesFilters(server, { q: 'creeper', status: phase ?? '', game: '' })).toBe(true);
    expect(matchesFilters(server, { q: 'zombie', status: '', game: '' })).toBe(false);
    const other = phase === 'Running' ? 'Stopped' : 'Running';
    expect(matchesFilters(server, { q: '', status: other, game: '' })).toBe(false);
  });

  it('shows a reported phase at once, as fresh, leaving the other servers alone', () => {
    const list: ServerListItem[] = [sampleServer('s1'), sampleServer('s2')];
    const next = withPhase(list, 's2', 'Stopped', Date.parse('2026-02-01T00:00:00.000Z'));
    expect(next[0]).toBe(list[0]);
    expect(next[1]?.status).toMatchObject({
      phase: 'Stopped',
      reportedAt: '2026-02-01T00:00:00.000Z',
      ageSeconds: 0,
      stale: false,
    });
  });

  it('keeps the sample the list brought when a server read alone replaces it', () => {
    const list: ServerListItem[] = [{ ...sampleServer('s1'), current: sample }];
    const next = withServer(list, sampleServer('s1', { name: 'Renamed' }), true);
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ name: 'Renamed', current: sample });
  });

  it('adds a new server with no sample yet, or none at all for a caller who may not see them', () => {
    expect(withServer([], sampleServer('s9'), true)[0]?.current).toBeNull();
    expect(withServer([], sampleServer('s9'), false)[0]).not.toHaveProperty('current');
  });
});
