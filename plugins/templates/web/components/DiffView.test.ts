import { loadPluginMessages, mountInPanel } from '@pteronimbus/web/testing';
import { beforeAll, afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import type { DiffChange } from '../api.ts';
import DiffView from './DiffView.vue';
import { formatValue, readablePath } from './diff.ts';
import { templatesUi } from '../index.ts';

// The panel merges the plugin's messages when core has it loaded; so do these tests.
beforeAll(() => loadPluginMessages(templatesUi));

async function mountDiff(changes: DiffChange[]) {
  const host = defineComponent({ setup: () => () => h(DiffView, { changes, from: 1, to: 3 }) });
  const { wrapper } = await mountInPanel(host);
  return wrapper;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('diff view', () => {
  it('shows each change with its path, kind and the values before and after', async () => {
    const wrapper = await mountDiff([
      {
        path: '$.startup.command',
        op: 'changed',
        before: 'java -jar a.jar',
        after: 'java -jar b.jar',
      },
      { path: '$.ports[1]', op: 'added', after: { name: 'query', containerPort: 27015 } },
      { path: '$.features[0]', op: 'removed', before: 'eula' },
    ]);
    expect(wrapper.get('h3').text()).toContain('Changes from version 1 to version 3');
    expect(wrapper.get('h3').text()).toContain('3 changes');
    const [changed, added, removed] = wrapper.findAll('[data-testid="diff-change"]');
    expect(changed?.get('[data-testid="diff-path"]').text()).toBe('startup.command');
    expect(changed?.get('[data-testid="diff-op"]').text()).toBe('changed');
    expect(changed?.get('[data-testid="diff-before"]').text()).toBe('java -jar a.jar');
    expect(changed?.get('[data-testid="diff-after"]').text()).toBe('java -jar b.jar');
    expect(added?.find('[data-testid="diff-before"]').exists()).toBe(false);
    expect(added?.get('[data-testid="diff-after"]').text()).toContain('"containerPort": 27015');
    expect(removed?.find('[data-testid="diff-after"]').exists()).toBe(false);
    expect(removed?.get('[data-testid="diff-before"]').text()).toBe('eula');
  });

  it('says when two versions are the same', async () => {
    const wrapper = await mountDiff([]);
    expect(wrapper.get('[data-testid="diff-empty"]').text()).toBe('These versions are identical.');
  });
});

describe('diff helpers', () => {
  it('keeps strings as they are and cuts huge values', () => {
    expect(formatValue('a\nb')).toBe('a\nb');
    expect(formatValue(null)).toBe('null');
    expect(formatValue('x'.repeat(5000))).toHaveLength(4001);
    expect(readablePath('$')).toBe('$');
    expect(readablePath('$.a.b')).toBe('a.b');
  });
});
