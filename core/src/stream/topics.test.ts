import { describe, expect, it } from 'vitest';
import { CORE_STREAM_TOPICS, streamTopics, type StreamTopicFamily } from '@pteronimbus/sdk';
import { matchTopic, patternProblem } from './topics.ts';

describe('stream topics', () => {
  it('match the family that declares them and extract its parameters', () => {
    const m = matchTopic(CORE_STREAM_TOPICS, streamTopics.serverConsole('t1', 's-9'));
    expect(m).toMatchObject({
      topic: 'server/t1/s-9/console',
      tenantId: 't1',
      params: { tenantId: 't1', serverId: 's-9' },
      family: { permission: 'server.console.read' },
    });
    expect(matchTopic(CORE_STREAM_TOPICS, 'tenant/t1/events')?.family.permission).toBe(
      'server.read',
    );
  });

  it('refuse undeclared shapes, wildcards and malformed topics', () => {
    for (const topic of [
      'server/t1/s1',
      'server/t1/s1/status/extra',
      'servers/t1/s1/status',
      'server/t1/*/status',
      'server/t1//status',
      'tenant/t.1/events',
      '',
      `tenant/${'x'.repeat(300)}/events`,
    ])
      expect(matchTopic(CORE_STREAM_TOPICS, topic), topic).toBeNull();
  });

  it('let the first declaration win, so a plugin cannot loosen a core topic', () => {
    const loose: StreamTopicFamily = {
      pattern: 'server/:tenantId/:serverId/status',
      permission: null,
    };
    expect(
      matchTopic([...CORE_STREAM_TOPICS, loose], 'server/t1/s1/status')?.family.permission,
    ).toBe('server.read');
  });

  it('name what is wrong with a pattern, and never match a broken one', () => {
    expect(patternProblem('server/:serverId/status')).toMatch(/:tenantId/);
    expect(patternProblem('server/:tenantId/:tenantId')).toMatch(/twice/);
    expect(patternProblem('Server/:tenantId')).toMatch(/neither/);
    expect(patternProblem('plugin-x/:tenantId/feed')).toBeNull();
    const broken: StreamTopicFamily = { pattern: 'x/:id', permission: null };
    expect(matchTopic([broken], 'x/1')).toBeNull();
  });

  it('build only well-formed topics on the publishing side', () => {
    expect(streamTopics.tenantEvents('t1')).toBe('tenant/t1/events');
    expect(streamTopics.serverInstall('t1', 's1')).toBe('server/t1/s1/install');
    expect(() => streamTopics.serverStatus('t1', 'a/b')).toThrow(TypeError);
    expect(() => streamTopics.tenantEvents('*')).toThrow(TypeError);
  });
});
