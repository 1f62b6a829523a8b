import type { Attachment } from '../../sim/Network.js';
import type { StateMonitor } from '../../sim/monitors/StateMonitor.js';
import type { Simulator } from '../../sim/Simulator.js';
import type { Stimulus } from '../../sim/Stimulus.js';

/**
 * The steps the 1-D and 2-D fly trainers share: switch learning on for some populations
 * only, run a phase over every scene, and measure a detector's response spread for its
 * threshold.
 */

/** Switch learning on for exactly the attachments named in `on`, off for all the others. */
export function enableOnly(attachments: Readonly<Record<string, Attachment>>, on: readonly string[]): void {
  for (const [name, a] of Object.entries(attachments)) a.enabled = on.includes(name);
}

/** Called as training proceeds: phase name, steps done, steps in the phase. */
export type TrainingProgress = (phase: string, done: number, total: number) => void;

/** Run `steps` steps of `stimulus(k)` for each of `count` scenes in turn, learning or not, reporting progress across the phase. */
export function runPhase(sim: Simulator, name: string, count: number, steps: number, stimulus: (k: number) => Stimulus, learn: boolean, progress?: TrainingProgress): void {
  const total = count * steps;
  for (let k = 0; k < count; k++) {
    sim.runSteps(stimulus(k), steps, {
      record: 'none',
      learn,
      ...(progress ? { progress: (d: number) => progress(name, k * steps + d, total), progressEvery: Math.max(1, steps >> 4) } : {}),
    });
  }
}

/** Standard deviation of a monitor's traces, pooled over `traces` units × batch copies, from sample `skip` on (lag vectors fill first). */
export function pooledStd(monitor: StateMonitor, traces: number, skip: number): number {
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let u = 0; u < traces; u++) {
    const tr = monitor.trace(u);
    for (let i = skip; i < tr.length; i++) {
      sum += tr[i]!;
      sq += tr[i]! * tr[i]!;
      n++;
    }
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean));
}
