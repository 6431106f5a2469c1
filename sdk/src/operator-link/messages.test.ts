import { describe, expect, it } from 'vitest';
import { parseCoreMessage, parseOperatorMessage } from './messages.ts';

describe('link messages', () => {
  it('parses every frame kind core sends', () => {
    const frames = [
      {
        type: 'document',
        revision: 3,
        kind: 'Tenant',
        tenantId: '42',
        namespace: 'pn-42',
        name: '42',
        spec: { quota: { cpu: 1, memory: 1, disk: 1, servers: 1 }, gamePorts: [] },
        deleted: false,
        signature: 'sig',
        kid: 'ed25519-abc',
      },
      { type: 'welcome', clusterId: 'c1', lastRevision: 0, headRevision: 3 },
      {
        type: 'keys',
        keySet: {
          serial: 2,
          keys: [{ kid: 'ed25519-abc', publicKey: 'MCow' }],
          kid: 'ed25519-abc',
          signature: 'sig',
        },
      },
      { type: 'console.input', requestId: 'r1', namespace: 'pn-42', name: 's', data: 'say hi\n' },
      { type: 'logs.follow', streamId: 'l1', namespace: 'pn-42', name: 's', tailLines: 100 },
      { type: 'logs.stop', streamId: 'l1' },
    ];
    for (const frame of frames) expect(parseCoreMessage(JSON.stringify(frame))).toEqual(frame);
  });

  it('parses every frame kind an operator sends, from text or bytes', () => {
    const frames = [
      { type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 },
      { type: 'ack', revision: 1 },
      { type: 'reject', revision: 2, reason: 'SignatureInvalid', message: 'bad' },
      {
        type: 'status',
        kind: 'GameServer',
        tenantId: '42',
        namespace: 'pn-42',
        name: 's',
        status: null,
      },
      {
        type: 'event',
        kind: 'GameServer',
        tenantId: null,
        namespace: 'pn-42',
        name: 's',
        eventType: 'Warning',
        reason: 'SignatureInvalid',
        message: 'refused',
      },
      { type: 'console.result', requestId: 'r', ok: false, error: { code: 'X', message: 'y' } },
      { type: 'logs.data', streamId: 'l', data: 'line\n' },
      { type: 'logs.end', streamId: 'l' },
      {
        type: 'install.output',
        tenantId: '42',
        namespace: 'pn-42',
        name: 's',
        job: 's-install-0',
        data: 'Downloading…\n',
        restart: true,
      },
      {
        type: 'install.end',
        tenantId: '42',
        namespace: 'pn-42',
        name: 's',
        job: 's-install-0',
        error: { code: 'PN_LINK_LOGS_FAILED', message: 'no kubelet' },
      },
    ];
    for (const frame of frames)
      expect(parseOperatorMessage(Buffer.from(JSON.stringify(frame)))).toEqual(frame);
  });

  it('names what is wrong with a frame', () => {
    expect(() => parseOperatorMessage('{')).toThrow(/not JSON/);
    expect(() => parseOperatorMessage('{"type":"ack","revision":0}')).toThrow(
      expect.objectContaining({
        code: 'PN_LINK_MESSAGE_INVALID',
        message: expect.stringMatching(/^Invalid operator link message: ack/),
      }),
    );
    expect(() => parseCoreMessage('{"type":"document"}')).toThrow(/document/);
    expect(() => parseCoreMessage('null')).toThrow(/frame/);
  });
});
