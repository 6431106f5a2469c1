import type { GameServerStatus, ServerCondition, ServerPhase } from '@pteronimbus/sdk';
import type { JobView, PodView } from './types.ts';
import type { Verdict } from './verify.ts';

/** Container waiting reasons that mean the game cannot start as it is. */
const FAILING_WAIT_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** What the reconciler observed about one server, from its caches. */
export interface Observation {
  generation: number;
  deleting: boolean;
  verdict: Verdict;
  /** Why the template cannot be used; `transient` problems (not there yet) are waited for. */
  templateProblem?: { reason: string; message: string; transient: boolean };
  desiredState: 'Running' | 'Stopped';
  /** Whether the template has an install step. */
  hasInstall: boolean;
  installGeneration: number;
  /** The install Job of the current generation, if it exists. */
  installJob?: JobView;
  pod?: PodView;
  previous?: GameServerStatus;
  now: string;
}

/** What to do and what to report. */
export interface Decision {
  phase: ServerPhase;
  message: string;
  conditions: ServerCondition[];
  /** Whether children may be written at all (false for a refused server). */
  applyChildren: boolean;
  replicas: 0 | 1;
  /** Whether the install Job of the current generation should exist now. */
  runInstall: boolean;
  installedGeneration?: number;
  restartCount: number;
}

function jobCondition(job: JobView | undefined, type: string) {
  return job?.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}

function podReady(pod: PodView | undefined): boolean {
  return pod?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function gameContainer(pod: PodView | undefined) {
  return pod?.status?.containerStatuses?.find((c) => c.name === 'game');
}

/** The first reason a container of the pod cannot start, if any. */
function podFailure(pod: PodView | undefined): { reason: string; message: string } | undefined {
  if (!pod) return undefined;
  if (pod.status?.phase === 'Failed')
    return { reason: 'PodFailed', message: 'the game pod failed' };
  for (const c of [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ]) {
    const reason = c.state?.waiting?.reason;
    if (reason && FAILING_WAIT_REASONS.has(reason)) {
      return { reason, message: c.state?.waiting?.message ?? `container ${c.name}: ${reason}` };
    }
  }
  return undefined;
}

/**
 * Carries `lastTransitionTime` over from the previous condition of the same type when its status
 * did not change, as Kubernetes' condition helpers do.
 */
export function mergeConditions(
  previous: readonly ServerCondition[] | undefined,
  next: readonly Omit<ServerCondition, 'lastTransitionTime'>[],
  now: string,
): ServerCondition[] {
  return next.map((c) => {
    const before = previous?.find((p) => p.type === c.type);
    return {
      ...c,
      lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : now,
    };
  });
}

/**
 * The phase machine: from what is observed, the phase, conditions and replica count. Pure, so the
 * same observation always gives the same decision (level-triggered reconciling relies on it).
 */
export function decide(o: Observation): Decision {
  const g = o.generation;
  const cond = (type: string, ok: boolean | 'Unknown', reason: string, message = '') => ({
    type,
    status: ok === 'Unknown' ? ('Unknown' as const) : ok ? ('True' as const) : ('False' as const),
    reason,
    message,
    observedGeneration: g,
  });
  const restartCount = gameContainer(o.pod)?.restartCount ?? o.previous?.restartCount ?? 0;
  const finish = (
    phase: ServerPhase,
    message: string,
    conditions: Omit<ServerCondition, 'lastTransitionTime'>[],
    rest: Partial<Decision> = {},
  ): Decision => ({
    phase,
    message,
    conditions: mergeConditions(o.previous?.conditions, conditions, o.now),
    applyChildren: true,
    replicas: 0,
    runInstall: false,
    restartCount,
    ...rest,
  });

  if (!o.verdict.ok) {
    return finish(
      'Failed',
      o.verdict.message,
      [cond('Verified', false, o.verdict.reason, o.verdict.message)],
      {
        applyChildren: false,
      },
    );
  }
  const verified = cond('Verified', true, 'SignatureValid', 'signed by core for this tenant');
  if (o.deleting) {
    return finish('Stopping', 'the server is being deleted', [
      verified,
      cond('Ready', false, 'Deleting'),
    ]);
  }
  if (o.templateProblem) {
    const { reason, message, transient } = o.templateProblem;
    return finish(
      transient ? 'Installing' : 'Failed',
      message,
      [verified, cond('Ready', false, reason, message)],
      {
        applyChildren: false,
      },
    );
  }

  let installed = cond('Installed', true, 'NoInstallStep', 'the template has no install script');
  let installedGeneration = o.previous?.installedGeneration;
  if (o.hasInstall && installedGeneration !== o.installGeneration) {
    const failed = jobCondition(o.installJob, 'Failed');
    if (failed) {
      const message = `install script failed: ${failed.message ?? failed.reason ?? 'no reason given'}`;
      return finish(
        'Failed',
        message,
        [
          verified,
          cond('Installed', false, 'InstallFailed', message),
          cond('Ready', false, 'InstallFailed'),
        ],
        {
          runInstall: true,
        },
      );
    }
    if (!jobCondition(o.installJob, 'Complete')) {
      // The install and the game share a ReadWriteOnce volume: the game stops before installing.
      const message = o.pod ? 'stopping the server to reinstall' : 'running the install script';
      return finish(
        'Installing',
        message,
        [
          verified,
          cond('Installed', false, 'Installing', message),
          cond('Ready', false, 'Installing'),
        ],
        {
          runInstall: !o.pod,
        },
      );
    }
    installedGeneration = o.installGeneration;
  }
  if (o.hasInstall)
    installed = cond(
      'Installed',
      true,
      'InstallSucceeded',
      `install generation ${o.installGeneration}`,
    );
  const base = {
    runInstall: o.hasInstall,
    ...(installedGeneration === undefined ? {} : { installedGeneration }),
  };

  if (o.desiredState === 'Stopped') {
    return o.pod
      ? finish(
          'Stopping',
          'stopping the game',
          [verified, installed, cond('Ready', false, 'Stopping')],
          base,
        )
      : finish(
          'Stopped',
          'the server is stopped',
          [verified, installed, cond('Ready', false, 'Stopped')],
          base,
        );
  }
  const running = { ...base, replicas: 1 as const };
  if (!o.pod || o.pod.metadata.deletionTimestamp) {
    return finish(
      'Starting',
      'waiting for the game pod',
      [verified, installed, cond('Ready', false, 'PodPending')],
      running,
    );
  }
  const failure = podFailure(o.pod);
  if (failure) {
    return finish(
      'Failed',
      failure.message,
      [verified, installed, cond('Ready', false, failure.reason, failure.message)],
      running,
    );
  }
  if (podReady(o.pod)) {
    return finish(
      'Running',
      'the game is ready',
      [verified, installed, cond('Ready', true, 'PodReady', 'the readiness line appeared')],
      running,
    );
  }
  return finish(
    'Starting',
    'waiting for the readiness line',
    [verified, installed, cond('Ready', false, 'NotReady')],
    running,
  );
}
