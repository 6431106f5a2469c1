import { describe, expect, it } from 'vitest';
import type { GameTemplateSpec } from '@pteronimbus/sdk';
import { ServerReads } from './reads.ts';
import type { ServerFilter } from './records.ts';
import { VERSIONS } from './__fixtures__/catalog.ts';
import { FakeServerStore, fakeTemplates, serverRecord, TENANT } from './__fixtures__/fakes.ts';
import type { InstallOutput } from './install-output.ts';

/** Version 2 of the fixture template with MOTD hidden from members. */
const v2 = VERSIONS[2]!;
const HIDDEN_MOTD: Record<number, GameTemplateSpec> = {
  2: {
    ...v2,
    parameters: {
      ...v2.parameters,
      properties: {
        ...v2.parameters.properties,
        MOTD: { ...v2.parameters.properties.MOTD!, userViewable: false },
      },
    },
  },
};

const filter: ServerFilter = { limit: 2 };
const kept: InstallOutput = {
  job: 'install-1',
  output: 'done\n',
  ended: true,
  error: null,
  truncated: false,
};

function setup(stale = new Set<string>()) {
  const store = new FakeServerStore();
  const reads = new ServerReads({
    store,
    liveness: { isStale: async (c) => stale.has(c) },
    templates: fakeTemplates(HIDDEN_MOTD),
    install: { read: async () => kept },
    sampleIntervalMs: 60_000,
  });
  return { store, reads };
}

const ids = (json: Buffer) =>
  (JSON.parse(json.toString()) as { items: Array<{ id: string }> }).items.map((s) => s.id);

describe('server reads', () => {
  it("shows a server with its cluster's staleness, hiding from members what they may not see", async () => {
    const { store, reads } = setup(new Set(['c-one']));
    store.add(serverRecord({ id: 's1', parameters: { WORLD: 'alpha', MOTD: 'secret' } }));
    const all = await reads.get(TENANT, 's1');
    expect(all.parameters).toEqual({ WORLD: 'alpha', MOTD: 'secret' });
    expect(all.status.stale).toBe(true);
    expect((await reads.get(TENANT, 's1', 'member')).parameters).toEqual({ WORLD: 'alpha' });
    await expect(reads.get('another-tenant', 's1')).rejects.toMatchObject({
      code: 'PN_SERVER_NOT_FOUND',
    });
  });

  it('hides every parameter from a member when the template cannot be read', async () => {
    const { store, reads } = setup();
    store.add(serverRecord({ id: 's1', templateVersion: 7, parameters: { WORLD: 'alpha' } }));
    expect((await reads.get(TENANT, 's1', 'member')).parameters).toEqual({});
  });

  it('pages by id and lets identical requests share one read until a write', async () => {
    const { store, reads } = setup();
    store.add(serverRecord({ id: 's1' }), serverRecord({ id: 's2' }), serverRecord({ id: 's3' }));
    const [a, b] = await Promise.all([
      reads.listJson(TENANT, filter),
      reads.listJson(TENANT, filter),
    ]);
    expect(store.reads).toBe(1);
    expect(ids(a)).toEqual(['s1', 's2']);
    expect(JSON.parse(a.toString()).nextCursor).toBe('s2');
    expect(b).toBe(a);
    const pending = reads.listJson(TENANT, filter);
    reads.wrote(TENANT);
    await Promise.all([pending, reads.listJson(TENANT, filter)]);
    expect(store.reads).toBe(3);
    expect(ids(await reads.listJson(TENANT, { ...filter, after: 's2' }))).toEqual(['s3']);
  });

  it('shows a recent sample only of servers whose metrics the caller may read', async () => {
    const { store, reads } = setup();
    store.add(serverRecord({ id: 's1' }), serverRecord({ id: 's2' }));
    const sample = { cpu: 250, memory: 512, playersOnline: 3, playersMax: 20 };
    store.latest.set('s1', { at: new Date(), ...sample });
    store.latest.set('s2', { at: new Date(Date.now() - 4 * 60_000), ...sample });
    const items = (metrics: 'all' | string[]) =>
      reads
        .listJson(TENANT, { limit: 10 }, metrics)
        .then((b) => JSON.parse(b.toString()).items as Array<{ id: string; current?: unknown }>);
    const all = await items('all');
    expect(all[0]!.current).toMatchObject({ playersOnline: 3, cpu: 250 });
    // Older than three sample periods: it no longer says what is happening now.
    expect(all[1]!.current).toBeNull();
    const some = await items(['s2']);
    expect(some[0]).not.toHaveProperty('current');
    expect(some[1]).toHaveProperty('current', null);
  });

  it('gives the kept install output as stream history, and nothing for an unknown server', async () => {
    const { store, reads } = setup();
    store.add(serverRecord({ id: 's1' }));
    expect(await reads.installHistory(TENANT, 's1')).toEqual([
      { kind: 'output', data: 'done\n' },
      { kind: 'end', error: null },
    ]);
    expect(await reads.installHistory(TENANT, 'nope')).toEqual([]);
    expect(await reads.installOutput(TENANT, 's1')).toEqual(kept);
    await expect(reads.installOutput(TENANT, 'nope')).rejects.toMatchObject({
      code: 'PN_SERVER_NOT_FOUND',
    });
  });
});
