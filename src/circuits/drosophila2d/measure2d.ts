import { angleDifference, evenDirections, populationVector, vectorSelectivity, type VectorSelectivity } from '../../analysis/vectorSelectivity.js';
import { requirePositive, requirePositiveInt } from '../../core/errors.js';
import { SeededRandom } from '../../core/random.js';
import { Simulator } from '../../sim/Simulator.js';
import type { Stimulus } from '../../sim/Stimulus.js';
import { hexEdges } from '../../stimuli/hexEdges.js';
import { hexGratings } from '../../stimuli/hexGratings.js';
import { hexSceneMotion, type ContrastImage } from '../../stimuli/hexSceneMotion.js';
import { settleSteps2d, type Drosophila2dCircuit } from './circuit2d.js';
import { MeanOutputMonitor } from './meanOutputMonitor.js';
import { SUBTYPES_2D, cardinalDirection, type Subtype2d } from './subtypes2d.js';

/** Mean output of every subtype (over its units and the steps after `skip`), per batch copy. */
export function meanResponses(circuit: Drosophila2dCircuit, dt: number, stimulus: Stimulus, batch: number, steps: number, skip: number): Record<Subtype2d, number[]> & { monitors: Record<Subtype2d, MeanOutputMonitor> } {
  const sim = new Simulator(circuit.network, { dt, batch, seed: 1 });
  const monitors = {} as Record<Subtype2d, MeanOutputMonitor>;
  for (const s of SUBTYPES_2D) monitors[s] = sim.add(new MeanOutputMonitor(s, skip));
  sim.runSteps(stimulus, steps, { record: 'none', learn: false });
  const out = { monitors } as Record<Subtype2d, number[]> & { monitors: Record<Subtype2d, MeanOutputMonitor> };
  for (const s of SUBTYPES_2D) out[s] = Array.from({ length: batch }, (_, b) => monitors[s].mean(b));
  return out;
}

/** Lag vectors fill (lamina, then detector) before a response counts. */
function settleSteps(circuit: Drosophila2dCircuit): number {
  return settleSteps2d(circuit.settings);
}

/** Responses to motion in each tested direction, and each subtype's vector selectivity. */
export interface DirectionTuning {
  /** Directions tested, degrees. */
  readonly directions: readonly number[];
  /** Per subtype, the mean response to each direction. */
  readonly responses: Readonly<Record<Subtype2d, readonly number[]>>;
  /** Per subtype, the vector DSI and preferred direction. */
  readonly selectivity: Readonly<Record<Subtype2d, VectorSelectivity>>;
}

function tuning(directions: number[], responses: Record<Subtype2d, number[]>): DirectionTuning {
  const selectivity = {} as Record<Subtype2d, VectorSelectivity>;
  const rs = {} as Record<Subtype2d, number[]>;
  for (const s of SUBTYPES_2D) {
    rs[s] = responses[s];
    selectivity[s] = vectorSelectivity(directions, responses[s]);
  }
  return { directions, responses: rs, selectivity };
}

/** Responses to a drifting grating at each of `directions` (default 12), one batch copy each, over whole periods. */
export function gratingTuning2d(circuit: Drosophila2dCircuit, dt: number, test: { wavelength: number; temporalFrequency: number; contrast?: number; periods?: number; directions?: number[] }): DirectionTuning {
  const f = requirePositive('gratingTuning2d.temporalFrequency', test.temporalFrequency);
  const directions = test.directions ?? evenDirections(12);
  const period = Math.max(1, Math.round(1 / (f * dt)));
  const skip = Math.max(settleSteps(circuit), period);
  const whole = Math.max(test.periods ?? 2, Math.ceil(40 / period)) * period;
  const stim = hexGratings({ eye: circuit.eye, wavelength: test.wavelength, temporalFrequency: f, direction: directions, contrast: test.contrast ?? Math.SQRT2 });
  return tuning(directions, meanResponses(circuit, dt, stim, directions.length, skip + whole, skip));
}

/** Responses to an ON or OFF edge crossing the whole eye in each direction (mean over the sweep). */
export function edgeTuning2d(circuit: Drosophila2dCircuit, dt: number, test: { polarity: 'on' | 'off'; speed: number; contrast?: number; directions?: number[] }): DirectionTuning {
  const directions = test.directions ?? evenDirections(12);
  const speed = requirePositive('edgeTuning2d.speed', test.speed);
  const settle = settleSteps(circuit);
  const across = (2 * circuit.eye.radius + 2) / speed; // seconds to cross the eye
  const steps = settle + Math.ceil(across / dt);
  const stim = hexEdges({ eye: circuit.eye, polarity: test.polarity, speed, direction: directions, contrast: test.contrast ?? 1, delay: settle * dt });
  return tuning(directions, meanResponses(circuit, dt, stim, directions.length, steps, settle));
}

/** Responses over temporal frequency, per subtype. */
export interface TemporalTuning {
  /** Temporal frequencies tested, Hz. */
  readonly frequencies: readonly number[];
  /** Per subtype and frequency: the response to its cardinal direction and its vector DSI over the four cardinal directions. */
  readonly responses: Readonly<Record<Subtype2d, readonly number[]>>;
  /** Per subtype and frequency: the two-direction index at its cardinal direction. */
  readonly twoDirection: Readonly<Record<Subtype2d, readonly number[]>>;
  /** The frequency of the largest preferred-direction response. */
  readonly optimum: Readonly<Record<Subtype2d, number>>;
}

/** Temporal-frequency tuning at one wavelength, gratings in the four cardinal directions. */
export function temporalTuning2d(circuit: Drosophila2dCircuit, dt: number, test: { wavelength: number; frequencies?: number[]; contrast?: number }): TemporalTuning {
  const frequencies = test.frequencies ?? [0.25, 0.5, 1, 2, 4, 8, 16];
  const cardinal = [0, 90, 180, 270];
  const responses = {} as Record<Subtype2d, number[]>;
  const twoDirection = {} as Record<Subtype2d, number[]>;
  for (const s of SUBTYPES_2D) {
    responses[s] = [];
    twoDirection[s] = [];
  }
  for (const f of frequencies) {
    const t = gratingTuning2d(circuit, dt, { wavelength: test.wavelength, temporalFrequency: f, directions: cardinal, periods: 1, ...(test.contrast !== undefined ? { contrast: test.contrast } : {}) });
    for (const s of SUBTYPES_2D) {
      const c = cardinal.indexOf(cardinalDirection(s));
      const rp = t.responses[s][c]!;
      const rn = t.responses[s][(c + 2) % 4]!;
      responses[s].push(rp);
      twoDirection[s].push(rp + rn > 0 ? (rp - rn) / (rp + rn) : 0);
    }
  }
  const optimum = {} as Record<Subtype2d, number>;
  for (const s of SUBTYPES_2D) optimum[s] = frequencies[responses[s].indexOf(Math.max(...responses[s]))]!;
  return { frequencies, responses, twoDirection, optimum };
}

/** What `sceneDecoding2d` measured: decoding natural-scene motion from the subtypes' responses. */
export interface SceneDecoding {
  /** Speeds tested, degrees per second. */
  readonly speeds: readonly number[];
  /** Directions tested, degrees. */
  readonly directions: readonly number[];
  /** Number of trials. */
  readonly trials: number;
  /** Fraction of trials whose decoded direction lies within ±45° of the true one. */
  readonly correct: number;
  /** Per speed: the fraction correct. */
  readonly correctBySpeed: readonly number[];
  /** Per subtype and speed: (R(θ) − R(θ+180°))/(R(θ) + R(θ+180°)) at its cardinal θ, summed over images. */
  readonly selectivityBySpeed: Readonly<Record<Subtype2d, readonly number[]>>;
  /** Per trial: the angle between decoded and true direction, degrees (180 when nothing was decoded). */
  readonly errors: readonly number[];
}

/** The j-th of `starts` places a scene trial starts from: spread along the image's middle, staggered in height. */
function scenePlace(img: ContrastImage, j: number, starts: number): [number, number] {
  return [img.width * (0.3 + (0.4 * (j + 0.5)) / starts), img.height * (0.35 + 0.3 * ((j * 0.618) % 1))];
}

/**
 * One image's scene trials at one speed: every direction from the same `starts` places of the
 * image, batch copy b = (place ⌊b / directions⌋, direction b mod directions); each subtype's mean
 * response per copy.
 */
function sceneTrials(circuit: Drosophila2dCircuit, dt: number, img: ContrastImage, speedDeg: number, directions: readonly number[], starts: number, steps: number, settle: number, seed: number) {
  const batchDirs = Array.from({ length: starts * directions.length }, (_, b) => directions[b % directions.length]!);
  const startAt = Array.from({ length: batchDirs.length }, (_, b) => scenePlace(img, Math.floor(b / directions.length), starts));
  const stim = hexSceneMotion(img, { eye: circuit.eye, speedDeg, direction: batchDirs, start: startAt, seed });
  return { batchDirs, responses: meanResponses(circuit, dt, stim, batchDirs.length, steps, settle) };
}

/** Whether `direction` is the subtype's null direction (its cardinal direction + 180°). */
function isNullDirection(subtype: Subtype2d, direction: number): boolean {
  return Math.abs(angleDifference(direction, cardinalDirection(subtype) + 180)) < 1e-9;
}

/**
 * Photographs translated in `directions` at each of `speeds` (degrees per second): the
 * decoded direction of a trial is the vector sum of the eight subtypes' mean responses,
 * each along its cardinal direction (times its `weights` entry, default 1).
 */
export function sceneDecoding2d(circuit: Drosophila2dCircuit, dt: number, images: readonly ContrastImage[], test: { speeds?: number[]; directions?: number[]; seconds?: number; starts?: number; seed?: number; weights?: Readonly<Record<Subtype2d, number>> } = {}): SceneDecoding {
  const speeds = test.speeds ?? [5, 10, 20, 50, 100];
  const directions = test.directions ?? evenDirections(12);
  const starts = test.starts ?? 2;
  const settle = settleSteps(circuit);
  const steps = settle + Math.round((test.seconds ?? 1) / dt);
  const cardinals = SUBTYPES_2D.map(cardinalDirection);
  let good = 0;
  let trials = 0;
  const correctBySpeed: number[] = [];
  const errors: number[] = [];
  const sel = {} as Record<Subtype2d, number[]>;
  for (const s of SUBTYPES_2D) sel[s] = [];
  for (const v of speeds) {
    let goodHere = 0;
    let here = 0;
    const pd = {} as Record<Subtype2d, number>;
    const nd = {} as Record<Subtype2d, number>;
    for (const s of SUBTYPES_2D) pd[s] = nd[s] = 0;
    images.forEach((img, k) => {
      const { batchDirs, responses: r } = sceneTrials(circuit, dt, img, v, directions, starts, steps, settle, (test.seed ?? 7) + k);
      batchDirs.forEach((d, b) => {
        const decoded = populationVector(cardinals, SUBTYPES_2D.map((s) => (test.weights?.[s] ?? 1) * r[s][b]!));
        const err = Number.isNaN(decoded.angle) ? 180 : Math.abs(angleDifference(decoded.angle, d));
        errors.push(err);
        if (err <= 45) {
          good++;
          goodHere++;
        }
        trials++;
        here++;
        for (const s of SUBTYPES_2D) {
          if (d === cardinalDirection(s)) pd[s] += r[s][b]!;
          if (isNullDirection(s, d)) nd[s] += r[s][b]!;
        }
      });
    });
    correctBySpeed.push(goodHere / here);
    for (const s of SUBTYPES_2D) sel[s].push(pd[s] + nd[s] > 0 ? (pd[s] - nd[s]) / (pd[s] + nd[s]) : 0);
  }
  return { speeds, directions, trials, correct: good / trials, correctBySpeed, selectivityBySpeed: sel, errors };
}

/** What `sceneSelectivity2d` measured: each subtype's sign of selectivity on natural scenes, with its spread. */
export interface SceneSelectivity2d {
  /** Speeds tested, degrees per second. */
  readonly speeds: readonly number[];
  /** Seconds of each trial (after the settling steps). */
  readonly seconds: number;
  /** Places per image each trial pair starts from. */
  readonly starts: number;
  /** Trial pairs (image × place) per subtype and speed: one trial along its cardinal direction, one against. */
  readonly pairs: number;
  /** Per subtype and speed: (ΣR(θ) − ΣR(θ+180°)) / (ΣR(θ) + ΣR(θ+180°)) over all pairs, θ its cardinal direction. */
  readonly index: Readonly<Record<Subtype2d, readonly number[]>>;
  /** Per subtype and speed: the 5th percentile of that index over resampled pairs (bootstrap). */
  readonly low: Readonly<Record<Subtype2d, readonly number[]>>;
  /** Per subtype and speed: the 95th percentile of that index over resampled pairs. */
  readonly high: Readonly<Record<Subtype2d, readonly number[]>>;
}

/**
 * Each subtype's selectivity on translated photographs, measured for its sign: only the four
 * cardinal directions (every subtype's preferred and null direction is one of them), from many
 * places and for longer than `sceneDecoding2d`'s trials, with a bootstrap interval over the
 * (image, place) pairs. `sceneDecoding2d`'s 1 s from 2 places samples so little of each image that
 * moving the trial window by 1.5 s turned a subtype's index from −0.09 to +0.63 at 100°/s.
 */
export function sceneSelectivity2d(circuit: Drosophila2dCircuit, dt: number, images: readonly ContrastImage[], test: { speeds?: number[]; seconds?: number; starts?: number; seed?: number; resamples?: number } = {}): SceneSelectivity2d {
  const speeds = test.speeds ?? [5, 10, 20, 50, 100];
  const seconds = requirePositive('sceneSelectivity2d.seconds', test.seconds ?? 3);
  const starts = requirePositiveInt('sceneSelectivity2d.starts', test.starts ?? 16);
  const resamples = requirePositiveInt('sceneSelectivity2d.resamples', test.resamples ?? 1000);
  const seed = test.seed ?? 7;
  const directions = [0, 90, 180, 270];
  const settle = settleSteps(circuit);
  const steps = settle + Math.round(seconds / dt);
  const pairs = images.length * starts;
  const index = {} as Record<Subtype2d, number[]>;
  const low = {} as Record<Subtype2d, number[]>;
  const high = {} as Record<Subtype2d, number[]>;
  for (const s of SUBTYPES_2D) [index[s], low[s], high[s]] = [[], [], []];
  const random = new SeededRandom(seed, 'sceneSelectivity2d');
  const draws = new Float64Array(resamples);
  for (const v of speeds) {
    // along[s][pair] / against[s][pair]: the subtype's mean response along / against its cardinal direction.
    const along = {} as Record<Subtype2d, Float64Array>;
    const against = {} as Record<Subtype2d, Float64Array>;
    for (const s of SUBTYPES_2D) [along[s], against[s]] = [new Float64Array(pairs), new Float64Array(pairs)];
    images.forEach((img, k) => {
      const { batchDirs, responses: r } = sceneTrials(circuit, dt, img, v, directions, starts, steps, settle, seed + k);
      batchDirs.forEach((d, b) => {
        const pair = k * starts + Math.floor(b / directions.length);
        for (const s of SUBTYPES_2D) {
          if (d === cardinalDirection(s)) along[s][pair] = r[s][b]!;
          if (isNullDirection(s, d)) against[s][pair] = r[s][b]!;
        }
      });
    });
    for (const s of SUBTYPES_2D) {
      const pd = along[s];
      const nd = against[s];
      const ratio = (pick: (i: number) => number) => {
        let a = 0;
        let n = 0;
        for (let i = 0; i < pairs; i++) {
          const j = pick(i);
          a += pd[j]!;
          n += nd[j]!;
        }
        return a + n > 0 ? (a - n) / (a + n) : 0;
      };
      index[s].push(ratio((i) => i));
      for (let q = 0; q < resamples; q++) draws[q] = ratio(() => random.int(pairs));
      draws.sort();
      low[s].push(draws[Math.floor(0.05 * (resamples - 1))]!);
      high[s].push(draws[Math.ceil(0.95 * (resamples - 1))]!);
    }
  }
  return { speeds, seconds, starts, pairs, index, low, high };
}
