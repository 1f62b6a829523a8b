import { zeroFrequencyRatio } from '../../math/cca/filterShape.js';
import { requireFinite, requirePositive, requirePositiveInt, SpecError } from '../../core/errors.js';
import { StateMonitor } from '../../sim/monitors/StateMonitor.js';
import { Simulator } from '../../sim/Simulator.js';
import { sceneScan, type Scene } from '../../stimuli/naturalScene.js';
import type { DrosophilaCircuit } from './circuit.js';
import { SUBTYPES, trainingDirection, type Subtype } from './subtypes.js';

export interface TrainOptions {
  /** Steps each scene is scanned per phase (default 2000). */
  steps?: number;
  /** Image rows scanned at once, one per batch copy (default 32). */
  rows?: number;
  /** Scan speed in image pixels per step (default 1, the reference). */
  speed?: number;
  /** Image pixels between adjacent receptors (default 13: neighbours see the scan 13 steps apart). */
  spacing?: number;
  /** White noise on the z-scored contrast (default 0.05, the reference). */
  noiseStd?: number;
  /** T4/T5 threshold = this × the std of the unit's unrectified response on the training scans (default 1). */
  thresholdFactor?: number;
  /** Time step in seconds that one sample stands for (default 5 ms, flyvis's). */
  dt?: number;
  seed?: number;
  /** Skip the lamina phase and keep the lamina filters the circuit has (e.g. copied from a trained circuit). */
  keepLamina?: boolean;
  /** Called as work proceeds: phase name, steps done, steps in the phase. */
  progress?: (phase: string, done: number, total: number) => void;
}

export interface TrainingReport {
  readonly dt: number;
  readonly scenes: readonly string[];
  readonly lamina: {
    readonly correlations: readonly number[];
    readonly mutualInformation: number;
    /** Gain at zero frequency over peak gain of filter 1 (L3) and filter 2 (L1/L2). */
    readonly zeroFrequencyRatio: readonly [number, number];
    readonly windows: number;
  };
  readonly detectors: Readonly<Record<Subtype, { readonly correlations: readonly number[]; readonly responseStd: number; readonly threshold: number; readonly windows: number }>>;
  readonly options: Required<Omit<TrainOptions, 'progress'>>;
}

/** Resolve training options with defaults, naming bad fields. */
export function trainDefaults(options: TrainOptions): Required<Omit<TrainOptions, 'progress'>> {
  const factor = requireFinite('train.thresholdFactor', options.thresholdFactor ?? 1);
  if (factor < 0) throw new SpecError('train.thresholdFactor', `must be >= 0, got ${factor}`);
  return {
    steps: requirePositiveInt('train.steps', options.steps ?? 2000),
    rows: requirePositiveInt('train.rows', options.rows ?? 32),
    speed: requirePositive('train.speed', options.speed ?? 1),
    spacing: requirePositive('train.spacing', options.spacing ?? 13),
    noiseStd: requireFinite('train.noiseStd', options.noiseStd ?? 0.05),
    thresholdFactor: factor,
    dt: requirePositive('train.dt', options.dt ?? 0.005),
    seed: options.seed ?? 1,
    keepLamina: options.keepLamina ?? false,
  };
}

/**
 * Train the circuit by simulating it, phase by phase, with only local rules switched on:
 * 1. lamina: every pixel's ReSU learns its past–future CCA filters from its own contrast
 *    history while the scenes scan by (statistics pooled over pixels and rows);
 * 2. detectors: with the lamina frozen, T4a/T5a learn while the scenes move in the +1
 *    direction, then T4b/T5b while they move in the −1 direction;
 * 3. thresholds: each detector's threshold is set to `thresholdFactor` × the std of its
 *    unrectified response on its own training scans (never from test stimuli).
 */
export function trainCircuit(circuit: DrosophilaCircuit, scenes: readonly Scene[], options: TrainOptions = {}): TrainingReport {
  if (scenes.length === 0) throw new SpecError('train.scenes', 'give at least one scene');
  const o = trainDefaults(options);
  const { network, attachments } = circuit;
  const scan = (scene: Scene, k: number, direction: 1 | -1, salt: number) =>
    sceneScan(scene, { pxPerStep: o.speed, spacing: o.spacing, noiseStd: o.noiseStd, direction, seed: o.seed * 1000 + salt * 100 + k, rows: rowsFor(scene, o.rows, salt) });
  const phase = (name: string, direction: 1 | -1, salt: number, learn: boolean, sim: Simulator) => {
    const total = scenes.length * o.steps;
    scenes.forEach((scene, k) => {
      sim.runSteps(scan(scene, k, direction, salt), o.steps, {
        record: 'none',
        learn,
        ...(options.progress ? { progress: (d: number) => options.progress!(name, k * o.steps + d, total), progressEvery: Math.max(1, o.steps >> 4) } : {}),
      });
    });
  };
  const simulator = (salt: number) => new Simulator(network, { dt: o.dt, batch: o.rows, seed: o.seed * 10 + salt, checkFinite: 100 });
  const all = ['L', ...SUBTYPES] as const;
  const only = (on: readonly string[]) => all.forEach((k) => (attachments[k].enabled = on.includes(k)));

  try {
    if (!o.keepLamina) {
      only(['L']);
      phase('lamina', 1, 1, true, simulator(1));
    }
    for (const direction of [1, -1] as const) {
      only(SUBTYPES.filter((s) => trainingDirection(s) === direction));
      phase(direction > 0 ? 'T4a/T5a' : 'T4b/T5b', direction, direction > 0 ? 2 : 3, true, simulator(direction > 0 ? 2 : 3));
    }
  } finally {
    only([]);
  }

  // Thresholds from the response statistics on the training scans (a fresh pass, learning off).
  const stds = {} as Record<Subtype, number>;
  for (const direction of [1, -1] as const) {
    const sim = simulator(direction > 0 ? 4 : 5);
    const subtypes = SUBTYPES.filter((s) => trainingDirection(s) === direction);
    const monitors = subtypes.map((s) => sim.add(new StateMonitor(s, 'z2', { everySteps: 3 })));
    phase('thresholds', direction, direction > 0 ? 4 : 5, false, sim);
    const skip = Math.ceil(circuit.settings.memory / 3) + 1; // the lamina's lag vectors fill first
    subtypes.forEach((s, k) => {
      const m = monitors[k]!;
      let sum = 0;
      let sq = 0;
      let n = 0;
      const units = circuit.detectors[s].size * o.rows;
      for (let u = 0; u < units; u++) {
        const tr = m.trace(u);
        for (let i = skip; i < tr.length; i++) {
          sum += tr[i]!;
          sq += tr[i]! * tr[i]!;
          n++;
        }
      }
      const mean = sum / n;
      stds[s] = Math.sqrt(Math.max(0, sq / n - mean * mean));
      circuit.detectorModels[s].parameters.threshold[0] = o.thresholdFactor * stds[s];
    });
  }

  const lf = circuit.laminaRule.lastFit;
  if (!lf && !o.keepLamina) throw new SpecError('train.steps', 'too few steps for the lamina to fit its filters; scan longer');
  const filters = circuit.laminaModel.parameters.filters;
  const m = circuit.settings.memory;
  const detectors = {} as Record<Subtype, TrainingReport['detectors'][Subtype]>;
  for (const s of SUBTYPES) {
    const fit = circuit.detectorRules[s].lastFit;
    if (!fit) throw new SpecError('train.steps', `too few steps for ${s} to fit; scan longer`);
    detectors[s] = { correlations: Array.from(fit.correlations.slice(0, 6)), responseStd: stds[s], threshold: circuit.detectorModels[s].parameters.threshold[0]!, windows: fit.windows };
  }
  return {
    dt: o.dt,
    scenes: scenes.map((s) => s.label),
    lamina: {
      correlations: lf ? Array.from(lf.correlations.slice(0, 6)) : [],
      mutualInformation: lf?.mutualInformation ?? Number.NaN,
      zeroFrequencyRatio: [zeroFrequencyRatio(filters.subarray(0, m)), zeroFrequencyRatio(filters.subarray(m, 2 * m))],
      windows: lf?.windows ?? 0,
    },
    detectors,
    options: o,
  };
}

/** `count` rows spread over the scene (a fixed, seed-independent choice; salt shifts them per phase). */
function rowsFor(scene: Scene, count: number, salt: number): number[] {
  return Array.from({ length: count }, (_, b) => Math.min(scene.height - 1, Math.floor(((b + 0.5 + 0.37 * salt) / count) * scene.height) % scene.height));
}
