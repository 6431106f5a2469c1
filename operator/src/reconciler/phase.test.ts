import { describe, expect, it } from 'vitest';
import { decide, mergeConditions, type Observation } from './phase.ts';
import type { JobView, PodView } from './types.ts';

const meta = { name: 'x', namespace: 'pn-t', uid: 'u' };
const base: Observation = {
  generation: 3,
  deleting: false,
  verdict: { ok: true },
  desiredState: 'Running',
  hasInstall: false,
  installGeneration: 0,
  now: '2025-01-01T00:00:00Z',
};
const job = (type: string, message = ''): JobView => ({
  metadata: meta,
  status: { conditions: [{ type, status: 'True', reason: 'R', message }] },
});
const pod = (ready: boolean, extra: PodView['status'] = {}): PodView => ({
  metadata: meta,
  status: {
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    containerStatuses: [{ name: 'game', restartCount: 2 }],
    ...extra,
  },
});
const cond = (d: ReturnType<typeof decide>, type: string) =>
  d.conditions.find((c) => c.type === type);

describe('decide', () => {
  it('refuses an unverified server without touching children', () => {
    const d = decide({ ...base, verdict: { ok: false, reason: 'OverQuota', message: 'too big' } });
    expect(d).toMatchObject({ phase: 'Failed', applyChildren: false, message: 'too big' });
    expect(cond(d, 'Verified')).toMatchObject({
      status: 'False',
      reason: 'OverQuota',
      observedGeneration: 3,
    });
  });

  it('waits for a missing template and fails on a broken one', () => {
    const missing = decide({
      ...base,
      templateProblem: { reason: 'TemplateNotFound', message: 'm', transient: true },
    });
    expect(missing).toMatchObject({ phase: 'Installing', applyChildren: false });
    const broken = decide({
      ...base,
      templateProblem: { reason: 'ImageNotInTemplate', message: 'm', transient: false },
    });
    expect(broken.phase).toBe('Failed');
  });

  it('installs before the first start, with the game scaled down', () => {
    const d = decide({ ...base, hasInstall: true });
    expect(d).toMatchObject({ phase: 'Installing', replicas: 0, runInstall: true });
    const reinstallWhileRunning = decide({
      ...base,
      hasInstall: true,
      installGeneration: 1,
      pod: pod(true),
      previous: { installedGeneration: 0 },
    });
    expect(reinstallWhileRunning).toMatchObject({
      phase: 'Installing',
      replicas: 0,
      runInstall: false,
    });
  });

  it('reports a failed install with the Job message', () => {
    const d = decide({
      ...base,
      hasInstall: true,
      installJob: job('Failed', 'BackoffLimitExceeded'),
    });
    expect(d.phase).toBe('Failed');
    expect(d.message).toContain('BackoffLimitExceeded');
    expect(cond(d, 'Installed')).toMatchObject({ status: 'False', reason: 'InstallFailed' });
  });

  it('starts after a completed install and records the generation', () => {
    const d = decide({ ...base, hasInstall: true, installJob: job('Complete') });
    expect(d).toMatchObject({ phase: 'Starting', replicas: 1, installedGeneration: 0 });
    expect(cond(d, 'Installed')?.status).toBe('True');
  });

  it('maps pod readiness onto Running and counts restarts', () => {
    expect(decide({ ...base, pod: pod(false) }).phase).toBe('Starting');
    const d = decide({ ...base, pod: pod(true) });
    expect(d).toMatchObject({ phase: 'Running', restartCount: 2 });
    expect(cond(d, 'Ready')).toMatchObject({ status: 'True', reason: 'PodReady' });
    expect(
      decide({ ...base, pod: { ...pod(true), metadata: { ...meta, deletionTimestamp: 'now' } } })
        .phase,
    ).toBe('Starting');
  });

  it('fails on a crash loop or a failed pod', () => {
    const crash = pod(false, {
      containerStatuses: [
        { name: 'game', restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } },
      ],
    });
    const d = decide({ ...base, pod: crash });
    expect(d).toMatchObject({ phase: 'Failed', replicas: 1, restartCount: 5 });
    expect(cond(d, 'Ready')?.reason).toBe('CrashLoopBackOff');
    expect(decide({ ...base, pod: pod(false, { phase: 'Failed' }) }).phase).toBe('Failed');
  });

  it('stops: Stopping while the pod exists, then Stopped', () => {
    expect(decide({ ...base, desiredState: 'Stopped', pod: pod(true) })).toMatchObject({
      phase: 'Stopping',
      replicas: 0,
    });
    expect(decide({ ...base, desiredState: 'Stopped' })).toMatchObject({
      phase: 'Stopped',
      replicas: 0,
    });
    expect(decide({ ...base, deleting: true }).phase).toBe('Stopping');
  });

  it('is a function of its input', () => {
    const o = { ...base, hasInstall: true, installJob: job('Complete'), pod: pod(true) };
    expect(decide(o)).toEqual(decide(o));
  });
});

describe('mergeConditions', () => {
  it('keeps the transition time while the status stays', () => {
    const before = [
      {
        type: 'Ready',
        status: 'True' as const,
        reason: 'A',
        message: '',
        observedGeneration: 1,
        lastTransitionTime: 'old',
      },
    ];
    const same = mergeConditions(
      before,
      [{ ...before[0]!, reason: 'B', observedGeneration: 2 }],
      'new',
    );
    expect(same[0]).toMatchObject({
      lastTransitionTime: 'old',
      reason: 'B',
      observedGeneration: 2,
    });
    const flipped = mergeConditions(before, [{ ...before[0]!, status: 'False' }], 'new');
    expect(flipped[0]!.lastTransitionTime).toBe('new');
  });
});
