import { describe, expect, it } from 'vitest';
import {
  OPERATOR_TEXT_MAX,
  operatorCode,
  operatorConditions,
  operatorSummary,
} from './operator-text.ts';

describe('operator text as tenants see it', () => {
  it('hides internal hosts, addresses, URLs, paths and stack traces', () => {
    expect(
      operatorSummary(
        'dial tcp 10.96.0.1:443 to https://kubernetes.default.svc/api failed at /var/lib/kubelet/pods/x/volumes: connection refused\n    at Socket.connect (/srv/app/node_modules/x.js:1:2)',
      ),
    ).toBe('dial tcp <address> to <url> failed at <path>: connection refused');
    expect(operatorSummary('redis.pn-system.svc.cluster.local:6379 refused')).toBe(
      '<host> refused',
    );
    expect(operatorSummary('backend fd00:10:244::1 is down')).toBe('backend <address> is down');
    expect(operatorSummary('Error: boom    at run (/app/x.js:1:1)')).toBe('Error: boom');
    expect(operatorSummary('restarted at 12:30:45')).toBe('restarted at 12:30:45');
  });

  it('keeps what is harmless, on one bounded line', () => {
    expect(operatorSummary('0/3 nodes are available: 3 Insufficient memory.')).toBe(
      '0/3 nodes are available: 3 Insufficient memory.',
    );
    expect(operatorSummary('a\u0007b\u001b[31mc')).toBe('a b [31mc');
    const long = operatorSummary('x'.repeat(5000))!;
    expect(long.length).toBe(OPERATOR_TEXT_MAX);
    expect(long.endsWith('…')).toBe(true);
    expect(operatorSummary(null)).toBeNull();
    expect(operatorSummary({ message: 'x' })).toBeNull();
  });

  it('passes codes that look like codes, and nothing else', () => {
    expect(operatorCode('PN_LINK_ATTACH_FAILED')).toBe('PN_LINK_ATTACH_FAILED');
    expect(operatorCode('see http://10.0.0.1/')).toBe('PN_OPERATOR_ERROR');
    expect(operatorCode(undefined)).toBeNull();
  });

  it('keeps only the known fields of conditions, each bounded', () => {
    expect(
      operatorConditions([
        {
          type: 'Ready',
          status: 'False',
          reason: 'ImagePullBackOff',
          message: 'pull registry.internal:5000/game failed',
          observedGeneration: 3,
          lastTransitionTime: '2026-01-01T00:00:00Z',
          secret: 'hunter2',
        },
        { type: 'bad type!', status: 'True' },
        { type: 'Scheduled', status: 'Maybe', reason: 'has spaces in it' },
        'junk',
      ]),
    ).toEqual([
      {
        type: 'Ready',
        status: 'False',
        reason: 'ImagePullBackOff',
        message: 'pull <host>/game failed',
        observedGeneration: 3,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
      { type: 'Scheduled', reason: 'Unknown' },
    ]);
  });
});
