import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RelayedMessage } from '../operator-gateway/index.ts';
import { OperatorRelay } from './relay.ts';
import {
  CLUSTER,
  FakeServerStore,
  RecordingAudit,
  RecordingBus,
  recordingLogger,
  serverRecord,
  TENANT,
} from './__fixtures__/fakes.ts';

const actor = {
  principal: { userId: 'u1', name: 'Alice' } as never,
  source: 'web' as const,
};

function setup(options: { stale?: boolean; linked?: boolean } = {}) {
  const store = new FakeServerStore().add(serverRecord({ id: 's1' }));
  const relayed: RelayedMessage[] = [];
  const events = new RecordingBus();
  const audit = new RecordingAudit();
  const logger = recordingLogger();
  let answer: ((m: RelayedMessage) => void) | null = null;
  const relay = new OperatorRelay({
    store,
    gateway: {
      relay: async (_clusterId, m) => {
        relayed.push(m);
        answer?.(m);
      },
      connected: () => (options.linked === false ? [] : [CLUSTER]),
    },
    liveness: { isStale: async () => options.stale ?? false },
    events,
    audit,
    logger,
    consoleAuditKey: Buffer.from('key'),
    relayTimeoutMs: 200,
    logsQuietMs: 50,
  });
  /** The operator answers each relayed message with what `with` gives. */
  const operator = (
    withAnswers: (m: RelayedMessage) => Parameters<OperatorRelay['receive']>[1][],
  ) => {
    answer = (m) => {
      for (const a of withAnswers(m)) queueMicrotask(() => void relay.receive(CLUSTER, a));
    };
  };
  return { relay, relayed, events, audit, logger, operator };
}

describe('operator relay', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('audits a console line without its text, relays it and publishes it once answered', async () => {
    const { relay, relayed, events, audit, operator } = setup();
    operator((m) =>
      m.type === 'console.input'
        ? [{ type: 'console.result', requestId: m.requestId, ok: true }]
        : [],
    );
    const { requestId } = await relay.command(TENANT, 's1', 'login hunter2', actor);
    expect(relayed).toEqual([
      {
        type: 'console.input',
        requestId,
        namespace: `pn-${TENANT}`,
        name: 's1',
        data: 'login hunter2\n',
      },
    ]);
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({
      action: 'server.console.command',
      target: { type: 'server', id: 's1' },
      changes: { command: { verb: 'login', words: 2, length: 13 } },
    });
    expect(JSON.stringify(audit.entries)).not.toContain('hunter2');
    expect(events.on('/console')).toEqual([{ kind: 'input', data: 'login hunter2', by: 'Alice' }]);
  });

  it('says the operator failed with a sanitized summary, and logs the full text', async () => {
    const { relay, events, logger, operator } = setup();
    const long = `no such pod ${'x'.repeat(500)}`;
    operator((m) =>
      m.type === 'console.input'
        ? [
            {
              type: 'console.result',
              requestId: m.requestId,
              ok: false,
              error: { code: 'PN_LINK_CONSOLE_FAILED', message: long },
            },
          ]
        : [],
    );
    const failed = await relay.command(TENANT, 's1', 'say hi', actor).catch((e: unknown) => e);
    expect(failed).toMatchObject({
      code: 'PN_SERVER_CONSOLE_FAILED',
      details: { operatorCode: 'PN_LINK_CONSOLE_FAILED' },
    });
    const summary = (failed as { details: { operatorMessage: string } }).details.operatorMessage;
    expect(summary.length).toBeLessThan(long.length);
    expect(logger.lines).toContainEqual([
      'info',
      expect.objectContaining({ serverId: 's1', operatorMessage: long }),
      'operator failure (full text)',
    ]);
    expect(events.published).toEqual([]);
  });

  it('gives up on a silent operator after the relay timeout', async () => {
    vi.useFakeTimers();
    const { relay } = setup();
    const command = relay.command(TENANT, 's1', 'list', actor).catch((e: unknown) => e);
    const logs = relay.logs(TENANT, 's1', 10).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(199);
    let settled = false;
    void Promise.race([command, logs]).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await command).toMatchObject({ code: 'PN_SERVER_RELAY_TIMEOUT' });
    expect(await logs).toMatchObject({ code: 'PN_SERVER_RELAY_TIMEOUT' });
  });

  it('refuses console and logs of a server whose cluster is offline, asking nobody', async () => {
    const { relay, relayed } = setup({ stale: true });
    await expect(relay.command(TENANT, 's1', 'list', actor)).rejects.toMatchObject({
      code: 'PN_SERVER_CLUSTER_OFFLINE',
    });
    await expect(relay.logs(TENANT, 's1', 10)).rejects.toMatchObject({
      code: 'PN_SERVER_CLUSTER_OFFLINE',
    });
    await expect(relay.logs(TENANT, 'nope', 10)).rejects.toMatchObject({
      code: 'PN_SERVER_NOT_FOUND',
    });
    expect(relayed).toEqual([]);
  });

  it('downloads logs until they end or go quiet, then stops following them', async () => {
    const { relay, relayed, operator } = setup();
    operator((m) =>
      m.type === 'logs.follow'
        ? [
            { type: 'logs.data', streamId: m.streamId, data: 'one\n' },
            { type: 'logs.data', streamId: m.streamId, data: 'two\n' },
            { type: 'logs.end', streamId: m.streamId },
          ]
        : [],
    );
    expect(await relay.logs(TENANT, 's1', 10)).toBe('one\ntwo\n');
    expect(relayed.map((m) => m.type)).toEqual(['logs.follow', 'logs.stop']);
    expect(relayed[0]).toMatchObject({ tailLines: 10, name: 's1' });

    // A followed log never ends: what came is the answer once it has been quiet.
    operator((m) =>
      m.type === 'logs.follow' ? [{ type: 'logs.data', streamId: m.streamId, data: 'tail\n' }] : [],
    );
    expect(await relay.logs(TENANT, 's1', 10)).toBe('tail\n');
    operator((m) =>
      m.type === 'logs.follow'
        ? [{ type: 'logs.end', streamId: m.streamId, error: { code: 'X', message: 'no pod' } }]
        : [],
    );
    await expect(relay.logs(TENANT, 's1', 10)).rejects.toMatchObject({
      code: 'PN_SERVER_LOGS_FAILED',
      details: { operatorMessage: 'no pod' },
    });
    // As console history, a failure is simply no history.
    expect(await relay.consoleHistory(TENANT, 's1')).toEqual([]);
  });

  it('follows the console of a running server and publishes its output where the link is held', async () => {
    const linked = setup();
    await linked.relay.followConsole(CLUSTER, { tenantId: TENANT, id: 's1' });
    const streamId = `console:${TENANT}:s1`;
    expect(linked.relayed).toEqual([
      { type: 'logs.follow', streamId, namespace: `pn-${TENANT}`, name: 's1', tailLines: 100 },
    ]);
    await linked.relay.receive(CLUSTER, { type: 'logs.data', streamId, data: 'joined\n' });
    expect(linked.events.on('/console')).toEqual([{ kind: 'output', data: 'joined\n' }]);

    const elsewhere = setup({ linked: false });
    await elsewhere.relay.receive(CLUSTER, { type: 'logs.data', streamId, data: 'joined\n' });
    expect(elsewhere.events.published).toEqual([]);
  });
});
