import { requireFinite, requirePositive, requirePositiveInt, SpecError } from '../../core/errors.js';
import { StateMonitor } from '../../sim/monitors/StateMonitor.js';
import type { Scene } from '../../stimuli/naturalScene.js';
import type { DrosophilaCircuit } from './circuit.js';
import { laminaReport, trainLamina, type LaminaReport } from './lamina.js';
import { phaseSimulator, scanPhase } from './scanPhase.js';
import { SUBTYPES, trainingDirection, type Subtype } from './subtypes.js';
import { enableOnly, pooledStd } from './trainingPhases.js';

/** Options of `trainCircuit`. */
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
  /** Seed of the training's random draws (default 1). */
  seed?: number;
  /** Skip the lamina phase and keep the lamina filters the circuit has (e.g. copied from a trained circuit). */
  keepLamina?: boolean;
  /** Called as work proceeds: phase name, steps done, steps in the phase. */
  progress?: (phase: string, done: number, total: number) => void;
}

/** What `trainCircuit` measured (saved in the model file for reports). */
export interface TrainingReport {
  /** Time step of one sample, seconds. */
  readonly dt: number;
  /** Labels of the scenes trained on. */
  readonly scenes: readonly string[];
  /** The lamina fit. */
  readonly lamina: LaminaReport;
  /** Each subtype's fit. */
  readonly detectors: Readonly<
    Record<
      Subtype,
      {
        /** All canonical correlations of the subtype's fit, descending. */
        readonly correlations: readonly number[];
        /** Std of the unit's unrectified response on the training motion (the threshold's scale). */
        readonly responseStd: number;
        /** The threshold set: thresholdFactor × responseStd. */
        readonly threshold: number;
        /** Windows the fit came from. */
        readonly windows: number;
      }
    >
  >;
  /** The options training ran with, after defaults. */
  readonly options: Required<Omit<TrainOptions, 'progress'>>;
}

/** Resolve training options with defaults, naming bad fields (as `where.field`). */
export function trainDefaults(options: TrainOptions, where = 'train'): Required<Omit<TrainOptions, 'progress'>> {
  const factor = requireFinite(`${where}.thresholdFactor`, options.thresholdFactor ?? 1);
  if (factor < 0) throw new SpecError(`${where}.thresholdFactor`, `must be >= 0, got ${factor}`);
  return {
    steps: requirePositiveInt(`${where}.steps`, options.steps ?? 2000),
    rows: requirePositiveInt(`${where}.rows`, options.rows ?? 32),
    speed: requirePositive(`${where}.speed`, options.speed ?? 1),
    spacing: requirePositive(`${where}.spacing`, options.spacing ?? 13),
    noiseStd: requireFinite(`${where}.noiseStd`, options.noiseStd ?? 0.05),
    thresholdFactor: factor,
    dt: requirePositive(`${where}.dt`, options.dt ?? 0.005),
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
  const o = trainDefaults(options);
  const lamina = o.keepLamina ? laminaReport(circuit) : trainLaminaPhase(circuit, scenes, options);
  return trainDetectorPhases(circuit, scenes, options, lamina);
}

/**
 * Phase 1 of `trainCircuit` alone: the lamina learns, every other rule stays off. With
 * `trainDetectorPhases` after it, the same as `trainCircuit` (the main job runs the two
 * apart so a second thread can start on the lagged detectors once the lamina is there).
 */
export function trainLaminaPhase(circuit: DrosophilaCircuit, scenes: readonly Scene[], options: TrainOptions = {}): LaminaReport {
  if (scenes.length === 0) throw new SpecError('train.scenes', 'give at least one scene');
  const o = trainDefaults(options);
  try {
    enableOnly(circuit.attachments, []);
    // The same route as `neurostream filters` (learnLaminaFilters): the lamina phase alone.
    return trainLamina(circuit.network, circuit, scenes, o, options.progress);
  } finally {
    enableOnly(circuit.attachments, []);
  }
}

/** Phases 2 and 3 of `trainCircuit` on the circuit's lamina as it is: the detectors, then their thresholds; `lamina` is reported as given. */
export function trainDetectorPhases(circuit: DrosophilaCircuit, scenes: readonly Scene[], options: TrainOptions, lamina: LaminaReport): TrainingReport {
  if (scenes.length === 0) throw new SpecError('train.scenes', 'give at least one scene');
  const o = trainDefaults(options);
  const { network, attachments } = circuit;
  const progress = options.progress ? { progress: options.progress } : {};
  const only = (on: readonly string[]) => enableOnly(attachments, on);

  try {
    only([]);
    for (const direction of [1, -1] as const) {
      only(SUBTYPES.filter((s) => trainingDirection(s) === direction));
      const salt = direction > 0 ? 2 : 3;
      scanPhase(phaseSimulator(network, o, salt), scenes, o, { name: direction > 0 ? 'T4a/T5a' : 'T4b/T5b', direction, salt, learn: true, ...progress });
    }
  } finally {
    only([]);
  }

  // Thresholds from the response statistics on the training scans (a fresh pass, learning off).
  const stds = {} as Record<Subtype, number>;
  for (const direction of [1, -1] as const) {
    const salt = direction > 0 ? 4 : 5;
    const sim = phaseSimulator(network, o, salt);
    const subtypes = SUBTYPES.filter((s) => trainingDirection(s) === direction);
    const monitors = subtypes.map((s) => sim.add(new StateMonitor(s, 'z2', { everySteps: 3 })));
    scanPhase(sim, scenes, o, { name: 'thresholds', direction, salt, learn: false, ...progress });
    const skip = Math.ceil(circuit.settings.memory / 3) + 1; // the lamina's lag vectors fill first
    subtypes.forEach((s, k) => {
      stds[s] = pooledStd(monitors[k]!, circuit.detectors[s].size * o.rows, skip);
      circuit.detectorModels[s].parameters.threshold[0] = o.thresholdFactor * stds[s];
    });
  }

  const detectors = {} as Record<Subtype, TrainingReport['detectors'][Subtype]>;
  for (const s of SUBTYPES) {
    const fit = circuit.detectorRules[s].lastFit;
    if (!fit) throw new SpecError('train.steps', `too few steps for ${s} to fit; scan longer`);
    detectors[s] = { correlations: Array.from(fit.correlations.slice(0, 6)), responseStd: stds[s], threshold: circuit.detectorModels[s].parameters.threshold[0]!, windows: fit.windows };
  }
  return { dt: o.dt, scenes: scenes.map((s) => s.label), lamina, detectors, options: o };
}
