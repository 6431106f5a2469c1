import { i18n, loadPluginMessages, mountInPanel, templateSummary } from '@pteronimbus/web/testing';
import { beforeAll, afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import ImportReport from './ImportReport.vue';
import { localFailure, type ReportEntry } from './importReport.ts';
import { templatesUi } from '../index.ts';

// The panel merges the plugin's messages when core has it loaded; so do these tests.
beforeAll(() => loadPluginMessages(templatesUi));

const entries: ReportEntry[] = [
  {
    label: 'egg-paper.json',
    result: {
      index: 0,
      ok: true,
      template: templateSummary(),
      version: 1,
      report: { format: 'PTDL_v2', provider: 'minecraft-java', warnings: [] },
    },
  },
  {
    label: 'egg-odd.yaml',
    result: {
      index: 1,
      ok: true,
      template: templateSummary({ id: 'odd', name: 'Odd game' }),
      version: 1,
      report: {
        format: 'PLCN_v3',
        warnings: [
          {
            code: 'EGG_FEATURE_UNSUPPORTED',
            message: 'Feature "pid_limit" is not supported; the server runs without it.',
            path: '$.features[0]',
          },
          { code: 'EGG_SOMETHING_NEW', message: 'A future warning.' },
        ],
      },
    },
  },
  {
    label: 'egg-broken.json',
    result: {
      index: 2,
      ok: false,
      error: {
        code: 'PN_EGG_INVALID',
        message: 'Invalid egg at $.variables[3].env_variable: expected a string',
        details: { path: '$.variables[3].env_variable', expected: 'a string' },
      },
    },
  },
  localFailure('huge.json', 'PN_WEB_FILE_TOO_LARGE', '2097152 bytes'),
];

async function mountReport() {
  const host = defineComponent({
    setup: () => () =>
      h(ImportReport, { entries, detailPath: (id: string) => `/admin/templates/${id}` }),
  });
  const { wrapper } = await mountInPanel(host);
  return wrapper;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('import report', () => {
  it('sums up what was imported and what failed', async () => {
    const wrapper = await mountReport();
    expect(wrapper.get('[data-testid="import-summary"]').text()).toBe(
      '2 templates imported. 2 eggs failed.',
    );
    const results = wrapper.findAll('[data-testid="import-result"]');
    expect(results.map((r) => r.attributes('data-ok'))).toEqual(['true', 'true', 'false', 'false']);
  });

  it('links each new template and names its format and the plugin that refined it', async () => {
    const wrapper = await mountReport();
    const first = wrapper.findAll('[data-testid="import-result"]')[0];
    expect(first?.get('[data-testid="import-result-link"]').attributes('href')).toBe(
      '/admin/templates/0190f5f2-0000-7000-8000-000000000001',
    );
    expect(first?.text()).toContain('PTDL_v2');
    expect(first?.text()).toContain('minecraft-java');
    expect(first?.text()).toContain('Converted exactly, nothing to report.');
  });

  it('explains each warning code in plain words, with its path', async () => {
    const wrapper = await mountReport();
    const warnings = wrapper.findAll('[data-testid="import-warning"]');
    expect(warnings[0]?.get('[data-testid="warning-code"]').text()).toBe('EGG_FEATURE_UNSUPPORTED');
    expect(warnings[0]?.get('[data-testid="warning-explanation"]').text()).toBe(
      'The egg asks for a panel feature Pteronimbus does not offer; servers run without it.',
    );
    expect(warnings[0]?.get('[data-testid="warning-path"]').text()).toBe('$.features[0]');
    // An unknown code still reads as a sentence, never as a raw key.
    expect(warnings[1]?.get('[data-testid="warning-explanation"]').text()).toBe(
      'Something in the egg did not carry over exactly.',
    );
  });

  it('shows a failed egg’s code, explanation and JSON path', async () => {
    const wrapper = await mountReport();
    const [, , broken, huge] = wrapper.findAll('[data-testid="import-result"]');
    expect(broken?.get('[data-testid="error-code"]').text()).toBe('PN_EGG_INVALID');
    expect(broken?.get('[data-testid="error-explanation"]').text()).toContain('could not be read');
    expect(broken?.get('[data-testid="error-path"]').text()).toBe('$.variables[3].env_variable');
    expect(huge?.get('[data-testid="error-explanation"]').text()).toContain('larger than 1 MiB');
  });

  it('speaks the chosen language', async () => {
    i18n.global.locale.value = 'es';
    const wrapper = await mountReport();
    expect(wrapper.get('[data-testid="import-summary"]').text()).toContain(
      'Se importaron 2 plantillas.',
    );
  });
});
