import { requireFinite, requirePositive, requirePositiveInt, SpecError } from '../../core/errors.js';
import { StateMonitor } from '../../sim/monitors/StateMonitor.js';
import { Simulator } from '../../sim/Simulator.js';
import { hexSceneMotion, quarterTurn, type ContrastImage } from '../../stimuli/hexSceneMotion.js';
import { lagStrideSteps, settleSteps2d, STEP_2D, type Drosophila2dCircuit } from './circuit2d.js';
import { enableOnly, pooledStd, runPhase } from '../drosophila/trainingPhases.js';
import { DIRECTIONS_2D, SUBTYPES_2D, cardinalDirection, type Subtype2d } from './subtypes2d.js';

/** The default training speeds, degrees per second, spread over the batch copies. */
export const TRAINING_SPEEDS_2D: readonly number[] = [10, 22.3, 50];

/** The default detector threshold, in std of the unit's response on its training motion. */
export const THRESHOLD_FACTOR_2D = 0.7;

/** Options of `trainCircuit2d`. */
export interface Train2dOptions {
  /** Steps each image moves per phase (default 300: 6 s at 20 ms). */
  steps?: number;
  /** Batch copies, each watching another part of the image (default 16). */
  batch?: number;
  /**
   * Speed of the training motion in degrees per second; several values are spread over the
   * batch copies (default 10, 22.3 and 50: around the 1-D reference's 1/13 column per 20 ms
   * step at 5.8° = 22.3°/s, spanning the test speeds; one speed alone gave grating DSIs of
   * 0.16–0.42, three give 0.46–0.69).
   */
  speedDeg?: number | readonly number[];
  /** White noise on the z-scored contrast (default 0.05, the 1-D reference's). */
  noiseStd?: number;
  /**
   * Detector threshold = this × the std of its unrectified response on its training motion
   * (default 0.7, `THRESHOLD_FACTOR_2D`: with the high-pass medulla, 1 left some subtypes silent
   * to edges, 0.5 let T4d answer OFF edges half as much as ON edges).
   */
  thresholdFactor?: number;
  /** Seconds one step stands for (default 0.02). */
  dt?: number;
  /** Seed of the training's random draws (default 1). */
  seed?: number;
  /**
   * Also train on each image turned a quarter turn (default true), so horizontal and vertical
   * motion see the same statistics whatever the photographs' own anisotropy.
   */
  turned?: boolean;
  /** Called as training goes with the phase's name and its progress. */
  progress?: (phase: string, done: number, total: number) => void;
}

/** What `trainCircuit2d` measured (saved in the model file for reports). */
export interface Training2dReport {
  /** Seconds one step stands for. */
  readonly dt: number;
  /** Labels of the images trained on. */
  readonly scenes: readonly string[];
  /** The lamina fit. */
  readonly lamina: {
    /** All canonical correlations, descending. */
    readonly correlations: readonly number[];
    /** Past–future information of the fit, nats. */
    readonly mutualInformation: number;
    /** Windows the fit came from. */
    readonly windows: number;
  };
  /** Each subtype's fit. */
  readonly detectors: Readonly<
    Record<
      Subtype2d,
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
  readonly options: Required<Omit<Train2dOptions, 'progress' | 'speedDeg'>> & {
    /** The training speeds, degrees per second. */
    readonly speedDeg: readonly number[];
  };
}

export function train2dDefaults(options: Train2dOptions): Training2dReport['options'] {
  const factor = requireFinite('train2d.thresholdFactor', options.thresholdFactor ?? THRESHOLD_FACTOR_2D);
  if (factor < 0) throw new SpecError('train2d.thresholdFactor', `must be ≥ 0, got ${factor}`);
  const speeds = typeof options.speedDeg === 'object' ? [...options.speedDeg] : options.speedDeg !== undefined ? [options.speedDeg] : [...TRAINING_SPEEDS_2D];
  if (speeds.length === 0) throw new SpecError('train2d.speedDeg', 'is empty');
  speeds.forEach((v, k) => requirePositive(`train2d.speedDeg[${k}]`, v));
  const noiseStd = requireFinite('train2d.noiseStd', options.noiseStd ?? 0.05);
  if (noiseStd < 0) throw new SpecError('train2d.noiseStd', `must be ≥ 0, got ${noiseStd}`);
  return {
    steps: requirePositiveInt('train2d.steps', options.steps ?? 300),
    batch: requirePositiveInt('train2d.batch', options.batch ?? 16),
    speedDeg: speeds,
    noiseStd,
    thresholdFactor: factor,
    dt: requirePositive('train2d.dt', options.dt ?? STEP_2D),
    seed: options.seed ?? 1,
    turned: options.turned ?? true,
  };
}

/**
 * Train the 2-D circuit by simulating it with only local rules switched on, as the 1-D
 * recipe does: (1) the lamina learns from every column's own contrast history while the
 * images move in all four cardinal directions; (2) with the lamina frozen, each pair
 * T4x/T5x learns while the images move in its own direction x; (3) each detector's
 * threshold is `thresholdFactor` × the std of its unrectified response on that motion.
 */
export function trainCircuit2d(circuit: Drosophila2dCircuit, images: readonly ContrastImage[], options: Train2dOptions = {}): Training2dReport {
  if (images.length === 0) throw new SpecError('train2d.scenes', 'give at least one image');
  const o = train2dDefaults(options);
  // Lag spacings were turned into steps of STEP_2D when the circuit was built.
  for (const field of ['laminaLagSpacing', 'detectorLagSpacing'] as const) {
    const spacing = circuit.settings[field];
    if (spacing !== undefined && lagStrideSteps(`drosophilaMotion2d.${field}`, spacing, o.dt) !== lagStrideSteps(field, spacing)) {
      throw new SpecError('train2d.dt', `${o.dt} s differs from the ${STEP_2D} s step the circuit's ${field} (${spacing} s) was built for`);
    }
  }
  const scenes = o.turned ? images.flatMap((i) => [i, quarterTurn(i)]) : images;
  const { network, attachments, eye } = circuit;
  const B = o.batch;
  const speedOf = Array.from({ length: B }, (_, b) => o.speedDeg[b % o.speedDeg.length]!);
  const motion = (scene: ContrastImage, k: number, direction: number | number[], salt: number) =>
    hexSceneMotion(scene, { eye, speedDeg: speedOf, direction, noiseStd: o.noiseStd, seed: o.seed * 1000 + salt * 100 + k });
  const simulator = (salt: number) => new Simulator(network, { dt: o.dt, batch: B, seed: o.seed * 10 + salt, checkFinite: 100 });
  const phase = (name: string, direction: number | number[], salt: number, learn: boolean, sim: Simulator) =>
    runPhase(sim, name, scenes.length, o.steps, (k) => motion(scenes[k]!, k, direction, salt), learn, options.progress);
  const only = (on: readonly string[]) => enableOnly(attachments, on);
  const pairFor = (d: number) => SUBTYPES_2D.filter((s) => cardinalDirection(s) === d);

  try {
    only(['L']);
    phase('lamina', Array.from({ length: B }, (_, b) => DIRECTIONS_2D[b % 4]!), 1, true, simulator(1));
    DIRECTIONS_2D.forEach((d, k) => {
      only(pairFor(d));
      phase(pairFor(d).join('/'), d, 2 + k, true, simulator(2 + k));
    });
  } finally {
    only([]);
  }

  const stds = {} as Record<Subtype2d, number>;
  DIRECTIONS_2D.forEach((d, k) => {
    const sim = simulator(6 + k);
    const subtypes = pairFor(d);
    const monitors = subtypes.map((s) => sim.add(new StateMonitor(s, 'z1', { everySteps: 2 })));
    phase('thresholds', d, 6 + k, false, sim);
    const skip = Math.ceil(settleSteps2d(circuit.settings) / 2) + 1; // lag vectors fill first (monitor samples every 2 steps)
    subtypes.forEach((s, j) => {
      stds[s] = pooledStd(monitors[j]!, circuit.detectors[s].size * B, skip);
      circuit.detectorModels[s].parameters.threshold[0] = o.thresholdFactor * stds[s];
    });
  });

  const lf = circuit.laminaRule.lastFit;
  if (!lf) throw new SpecError('train2d.steps', 'too few steps for the lamina to fit its filters; move the images longer');
  const detectors = {} as Record<Subtype2d, Training2dReport['detectors'][Subtype2d]>;
  for (const s of SUBTYPES_2D) {
    const fit = circuit.detectorRules[s].lastFit;
    if (!fit) throw new SpecError('train2d.steps', `too few steps for ${s} to fit; move the images longer`);
    detectors[s] = { correlations: Array.from(fit.correlations.slice(0, 4)), responseStd: stds[s], threshold: circuit.detectorModels[s].parameters.threshold[0]!, windows: fit.windows };
  }
  return {
    dt: o.dt,
    scenes: scenes.map((s) => s.label),
    lamina: { correlations: Array.from(lf.correlations.slice(0, 4)), mutualInformation: lf.mutualInformation, windows: lf.windows },
    detectors,
    options: o,
  };
}
