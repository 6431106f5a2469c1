import { describe, expect, it } from 'vitest';
import { allDefaults, draftOf, patchOf, validate } from './settingsForm.ts';

describe('tenant settings form', () => {
  it('turns saved settings into fields, absent and null as empty', () => {
    expect(draftOf({ nameOverride: 'Builders', quotas: { servers: 5, memoryMb: null } })).toEqual({
      nameOverride: 'Builders',
      notificationChannelId: '',
      defaultClusterId: '',
      quotas: { servers: '5', cpuMillicores: '', memoryMb: '', diskGb: '' },
    });
  });

  it('knows when every setting is the default', () => {
    expect(allDefaults({})).toBe(true);
    expect(allDefaults({ quotas: { servers: null } })).toBe(true);
    expect(allDefaults({ quotas: { diskGb: 0 } })).toBe(false);
    expect(allDefaults({ defaultClusterId: 'eu-1' })).toBe(false);
  });

  it('sends only what changed, null for what was emptied', () => {
    const saved = { nameOverride: 'Builders', quotas: { servers: 5, diskGb: 100 } };
    const draft = draftOf(saved);
    expect(patchOf(saved, draft)).toEqual({});
    draft.nameOverride = '  ';
    draft.notificationChannelId = ' 123456789012345678 ';
    draft.quotas.servers = '8';
    draft.quotas.cpuMillicores = '0';
    expect(patchOf(saved, draft)).toEqual({
      nameOverride: null,
      notificationChannelId: '123456789012345678',
      quotas: { servers: 8, cpuMillicores: 0 },
    });
  });

  it('names the fields core would refuse', () => {
    const draft = draftOf({});
    expect(validate(draft)).toEqual({});
    draft.nameOverride = 'x'.repeat(101);
    draft.notificationChannelId = 'general';
    draft.defaultClusterId = 'c'.repeat(65);
    draft.quotas.servers = '2.5';
    draft.quotas.memoryMb = '-1';
    draft.quotas.diskGb = '1000000001';
    expect(validate(draft)).toEqual({
      nameOverride: { kind: 'tooLong', max: 100 },
      notificationChannelId: { kind: 'channelId' },
      defaultClusterId: { kind: 'tooLong', max: 64 },
      'quotas.servers': { kind: 'wholeNumber' },
      'quotas.memoryMb': { kind: 'wholeNumber' },
      'quotas.diskGb': { kind: 'tooLarge', max: 1_000_000_000 },
    });
    draft.notificationChannelId = '1234';
    expect(validate(draft).notificationChannelId).toEqual({ kind: 'channelId' });
  });
});
