import type { SweepJobDefinition } from '../jobDefinition.js';

/**
 * Job functions a sweep names without a module (`job: { function: fly-dsi }`), loaded when
 * first used so a worker that runs other jobs does not load the fly circuit.
 */
export const BUILT_IN_JOBS: Readonly<Record<string, () => Promise<SweepJobDefinition>>> = {
  'fly-dsi': async () => (await import('./flyDsi.js')).flyDsi as unknown as SweepJobDefinition,
};
