import { flushPromises } from '@vue/test-utils';
import type { Terminal } from '@xterm/xterm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountInPanel } from '../../__fixtures__/mount.ts';
import { jsonResponse } from '../../__fixtures__/registry.ts';
import { startStreamServer, type TestStreamServer } from '../../__fixtures__/streamServer.ts';
import { createServersApi } from '../../api/servers.ts';
import ConsolePanel from './ConsolePanel.vue';

const topic = 'server/100/s1/console';

/** How long and how often the tests look again for the state they wait for. */
const settle = { timeout: 3_000, interval: 10 };

let stream: TestStreamServer;
const commands: string[] = [];

beforeEach(async () => {
  stream = await startStreamServer();
  commands.length = 0;
  sessionStorage.clear();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://panel.test');
      if (url.pathname === '/api/v1/tenants/100/servers/s1/console') {
        const { command } = JSON.parse(String(init?.body)) as { command: string };
        if (command === 'fail')
          return jsonResponse(
            { error: { code: 'PN_SERVER_CLUSTER_OFFLINE', message: 'The cluster is offline.' } },
            503,
          );
        commands.push(command);
        return jsonResponse({ requestId: 'r1' }, 202);
      }
      return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
    }),
  );
});

afterEach(async () => {
  document.body.innerHTML = '';
  await stream.close();
});

async function mountConsole(props: Partial<{ canWrite: boolean; canLogs: boolean }> = {}) {
  const { wrapper } = await mountInPanel(ConsolePanel, {
    mount: {
      props: {
        tenantId: '100',
        serverId: 's1',
        serverName: 'Survival',
        api: createServersApi('100'),
        canWrite: true,
        canLogs: true,
        ...props,
      },
    },
  });
  const text = () => (wrapper.vm as unknown as { bufferText(): string }).bufferText();
  const lines = () => text().split('\n');
  const terminal = () => (wrapper.vm as unknown as { terminal: Terminal }).terminal;
  return { wrapper, text, lines, terminal };
}

describe('console panel', () => {
  it('opens with the last lines held, keeps ANSI colours and follows new output', async () => {
    stream.publish('server/100/s1/status', { other: true });
    for (const line of ['[info] booting', '\x1b[31mERROR\x1b[0m disk low'])
      stream.publish(topic, { kind: 'output', data: `${line}\n` });
    // The replica only holds what it followed; here it holds what was published above.
    const { wrapper, lines, terminal } = await mountConsole();
    await vi.waitFor(() => {
      expect(lines().length).toBeGreaterThanOrEqual(2);
      expect(lines()[1]).toBe('ERROR disk low');
    }, settle);
    expect(lines()).toEqual(['[info] booting', 'ERROR disk low']);
    // "ERROR" is drawn in palette colour 1 (red), the rest in the default colour.
    const row = terminal().buffer.active.getLine(1)!;
    expect(row.getCell(0)!.isFgPalette() && row.getCell(0)!.getFgColor()).toBe(1);
    expect(row.getCell(6)!.isFgDefault()).toBe(true);
    expect(wrapper.get('[data-testid="console-status"]').attributes('data-status')).toBe('live');

    stream.publish(topic, { kind: 'input', data: 'say hi', by: 'alice' });
    stream.publish(topic, { kind: 'output', data: 'hi\n' });
    await vi.waitFor(() => expect(lines()).toHaveLength(4), settle);
    expect(lines()[2]).toBe('> say hi (alice)');
    expect(lines()[3]).toBe('hi');
    wrapper.unmount();
  });

  it('reconnects without losing or repeating lines, and rebuilds on a reset', async () => {
    const { wrapper, lines } = await mountConsole();
    await vi.waitFor(() => expect(stream.subscribed()).toContain(topic), settle);
    // Live, with nothing printed yet: it says so.
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="console-empty"]').exists()).toBe(true),
      settle,
    );
    for (let n = 1; n <= 3; n++) stream.publish(topic, { kind: 'output', data: `line ${n}\n` });
    await vi.waitFor(() => expect(lines()).toHaveLength(3), settle);
    expect(wrapper.find('[data-testid="console-empty"]').exists()).toBe(false);

    stream.cut();
    // Published while the tab is away: replayed once it is back.
    for (let n = 4; n <= 5; n++) stream.publish(topic, { kind: 'output', data: `line ${n}\n` });
    await vi.waitFor(() => {
      expect(stream.connections).toBeGreaterThanOrEqual(2);
      expect(lines()).toHaveLength(5);
    }, settle);
    stream.publish(topic, { kind: 'output', data: 'line 6\n' });
    await vi.waitFor(() => expect(lines()).toHaveLength(6), settle);
    expect(lines()).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6']);

    // Another replica answers: it holds other lines; the screen starts afresh with them.
    stream.restart();
    stream.publish(topic, { kind: 'output', data: 'after restart\n' });
    await vi.waitFor(() => expect(lines()[0]).toBe('after restart'), settle);
    expect(lines()).toEqual(['after restart']);
    wrapper.unmount();
  });

  it('holds output while paused and shows it when following again', async () => {
    const { wrapper, lines } = await mountConsole();
    await vi.waitFor(() => expect(stream.subscribed()).toContain(topic), settle);
    stream.publish(topic, { kind: 'output', data: 'one\n' });
    await vi.waitFor(() => expect(lines()[0]).toBe('one'), settle);
    await wrapper.get('[data-testid="console-follow"]').trigger('click');
    stream.publish(topic, { kind: 'output', data: 'two\n' });
    stream.publish(topic, { kind: 'output', data: 'three\n' });
    await vi.waitFor(
      () => expect(wrapper.get('[data-testid="console-follow"]').text()).toContain('2 new lines'),
      settle,
    );
    expect(lines()).toEqual(['one']);
    await wrapper.get('[data-testid="console-follow"]').trigger('click');
    await vi.waitFor(() => expect(lines()).toHaveLength(3), settle);
    expect(lines()).toEqual(['one', 'two', 'three']);
    wrapper.unmount();
  });

  it('sends commands and walks their history with Up and Down', async () => {
    const { wrapper } = await mountConsole();
    const input = () => wrapper.get('[data-testid="console-command"]');
    for (const command of ['list', 'say hello']) {
      await input().setValue(command);
      await wrapper.get('[data-testid="console-form"]').trigger('submit');
      await vi.waitFor(() => expect(commands).toContain(command), settle);
      // Core has it; the panel clears the line once the answer is in.
      await flushPromises();
    }
    expect((input().element as HTMLInputElement).value).toBe('');
    await input().setValue('dra');
    await input().trigger('keydown', { key: 'ArrowUp' });
    expect((input().element as HTMLInputElement).value).toBe('say hello');
    await input().trigger('keydown', { key: 'ArrowUp' });
    expect((input().element as HTMLInputElement).value).toBe('list');
    await input().trigger('keydown', { key: 'ArrowDown' });
    await input().trigger('keydown', { key: 'ArrowDown' });
    expect((input().element as HTMLInputElement).value).toBe('dra');

    await input().setValue('fail');
    await wrapper.get('[data-testid="console-form"]').trigger('submit');
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="console-error"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="console-error"]').text()).toContain(
      'PN_SERVER_CLUSTER_OFFLINE',
    );
    // A failed command stays in the input, to retry.
    expect((input().element as HTMLInputElement).value).toBe('fail');
    expect(JSON.parse(sessionStorage.getItem('pn:console-history:100:s1') ?? '[]')).toEqual([
      'list',
      'say hello',
    ]);
    wrapper.unmount();
  });

  it('offers writing and the log download only with their permissions, saying why', async () => {
    const { wrapper } = await mountConsole({ canWrite: false, canLogs: false });
    expect(wrapper.get('[data-testid="console-command"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="console-send"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="console-write-denied"]').text()).toContain(
      'server.console.write',
    );
    const download = wrapper.get('[data-testid="console-download"]');
    expect(download.attributes('href')).toBeUndefined();
    expect(download.attributes('aria-disabled')).toBe('true');
    wrapper.unmount();

    const allowed = await mountConsole();
    expect(allowed.wrapper.get('[data-testid="console-download"]').attributes('href')).toBe(
      '/api/v1/tenants/100/servers/s1/logs?lines=1000',
    );
    allowed.wrapper.unmount();
  });

  it('searches the output and copies it', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    const { wrapper, lines } = await mountConsole();
    await vi.waitFor(() => expect(stream.subscribed()).toContain(topic), settle);
    stream.publish(topic, { kind: 'output', data: 'alpha\nbeta\n' });
    await vi.waitFor(() => expect(lines()).toHaveLength(2), settle);
    await wrapper.get('[data-testid="console-search"]').setValue('gamma');
    await wrapper.get('[data-testid="console-find"]').trigger('click');
    expect(wrapper.get('[data-testid="console"]').text()).toContain('No match');
    await wrapper.get('[data-testid="console-search"]').setValue('beta');
    await wrapper.get('[data-testid="console-find"]').trigger('click');
    expect(wrapper.get('[data-testid="console"]').text()).not.toContain('No match');

    // The search selected "beta": copy takes the selection.
    await wrapper.get('[data-testid="console-copy"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenLastCalledWith('beta');
    expect(wrapper.get('[data-testid="console-notice"]').text()).toBe('Selection copied');
    wrapper.unmount();
  });

  it('says when reading the console is refused', async () => {
    stream.refuse(topic, {
      code: 'PN_FORBIDDEN',
      message: 'Missing permission server.console.read',
      details: { permission: 'server.console.read' },
    });
    const { wrapper } = await mountConsole();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="state-forbidden"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="missing-permission"]').text()).toBe('server.console.read');
    wrapper.unmount();
  });
});
