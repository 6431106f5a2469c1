import { afterEach, describe, expect, it } from 'vitest';
import { mountInPanel } from '../../__fixtures__/mount.ts';
import { i18n } from '../../i18n/instance.ts';
import ServerStatusBadge from './ServerStatusBadge.vue';
import { phaseTone } from './phase.ts';

afterEach(() => {
  document.body.innerHTML = '';
  i18n.global.locale.value = 'en';
});

async function badge(status: { phase: string | null; stale: boolean; reportedAt: string | null }) {
  const { wrapper } = await mountInPanel(ServerStatusBadge, {
    mount: { props: { status: status as never, showAge: true } },
  });
  return wrapper.get('[data-testid="server-status"]');
}

describe('server status badge', () => {
  it('gives each phase its semantic colour', () => {
    expect(phaseTone('Running')).toBe('running');
    expect(phaseTone('Installing')).toBe('starting');
    expect(phaseTone('Starting')).toBe('starting');
    expect(phaseTone('Stopped')).toBe('stopped');
    expect(phaseTone('Failed')).toBe('failed');
    expect(phaseTone(null)).toBe('unknown');
    expect(phaseTone('Exploded')).toBe('unknown');
  });

  it('shows the translated phase and how long ago it was reported', async () => {
    const reportedAt = new Date(Date.now() - 120_000).toISOString();
    const el = await badge({ phase: 'Installing', stale: false, reportedAt });
    expect(el.classes()).toContain('pn-status--starting');
    expect(el.text()).toContain('Installing');
    expect(el.get('[data-testid="server-status-age"]').text()).toBe('2 minutes ago');
    expect(el.attributes('title')).toBe('Reported 2 minutes ago.');
  });

  it('outlines a stale status and says it may be out of date', async () => {
    const el = await badge({ phase: 'Running', stale: true, reportedAt: new Date().toISOString() });
    expect(el.classes()).toContain('pn-status--unknown');
    expect(el.classes()).toContain('pn-status--stale');
    expect(el.text()).toContain('Running');
    expect(el.get('[data-testid="server-status-stale"]').text()).toBe('out of date');
  });

  it('says unknown before the first report, in the chosen language', async () => {
    i18n.global.locale.value = 'de';
    const el = await badge({ phase: null, stale: false, reportedAt: null });
    expect(el.text()).toBe('Unbekannt');
    expect(el.find('[data-testid="server-status-age"]').exists()).toBe(false);
    expect(el.attributes('title')).toBe('Der Cluster hat noch keinen Zustand gemeldet.');
  });
});
