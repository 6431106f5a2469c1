/** The semantic colour of a phase, the same everywhere a server's state shows. */
export type PhaseTone = 'running' | 'starting' | 'stopped' | 'failed' | 'unknown';

const tones: Record<string, PhaseTone> = {
  Running: 'running',
  Installing: 'starting',
  Starting: 'starting',
  Stopping: 'starting',
  Stopped: 'stopped',
  Failed: 'failed',
};

/** Running green, Installing/Starting/Stopping amber, Stopped grey, Failed red, else unknown. */
export function phaseTone(phase: string | null): PhaseTone {
  return (phase !== null && tones[phase]) || 'unknown';
}
