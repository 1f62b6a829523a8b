import { directionSelectivity, dsiFrom, meanResponse, type DirectionSelectivity } from '../../analysis/directionSelectivity.js';
import { requirePositive } from '../../core/errors.js';
import { Simulator } from '../../sim/Simulator.js';
import type { Stimulus } from '../../sim/Stimulus.js';
import { movingEdge } from '../../stimuli/edges.js';
import { gratings } from '../../stimuli/gratings.js';
import { sceneScan, type Scene } from '../../stimuli/naturalScene.js';
import type { DrosophilaCircuit } from './circuit.js';
import { CHANNELS, SUBTYPES, type Subtype } from './subtypes.js';

/** One direction-selectivity measure per subtype. */
export type SubtypeSelectivity = Readonly<Record<Subtype, DirectionSelectivity>>;

/** A grating condition for `gratingSelectivity`. */
export interface GratingTest {
  /** Spatial period in receptors. */
  wavelength: number;
  /** Hz. */
  temporalFrequency: number;
  /** Amplitude (default √2: unit variance, like the z-scored training contrast). */
  contrast?: number;
  /** Simulated seconds (default: 4 periods or 4 s, whichever is longer). */
  seconds?: number;
}

/** Run a stimulus in both directions at once (batch copies 0: +1, 1: −1) with learning off. */
function bothDirections(circuit: DrosophilaCircuit, dt: number, make: (direction: [1, -1]) => Stimulus, seconds: number, seed: number) {
  const sim = new Simulator(circuit.network, { dt, batch: 2, seed, checkFinite: 100 });
  return sim.run(make([1, -1]), seconds, { record: [...SUBTYPES], learn: false });
}

/**
 * Direction selectivity of every subtype for a drifting grating: DSI over whole periods
 * after one period (and at least the lamina's memory) of onset transient.
 */
export function gratingSelectivity(circuit: DrosophilaCircuit, dt: number, test: GratingTest): SubtypeSelectivity {
  const f = requirePositive('grating.temporalFrequency', test.temporalFrequency);
  const period = 1 / (f * dt);
  const seconds = test.seconds ?? Math.max(4, 4 / f);
  const r = bothDirections(circuit, dt, (direction) => gratings({ wavelength: test.wavelength, temporalFrequency: f, direction, contrast: test.contrast ?? Math.SQRT2 }), seconds, 11);
  const skip = Math.max(Math.round(period), circuit.settings.memory * 2);
  const out = {} as Record<Subtype, DirectionSelectivity>;
  for (const s of SUBTYPES) out[s] = directionSelectivity({ batched: r, batch: [0, 1] }, s, { period, skip });
  return out;
}

/** What `edgeResponses` returns. */
export interface EdgeResponses {
  /** Mean response of each subtype to an ON and an OFF edge, summed over both directions. */
  readonly on: Readonly<Record<Subtype, number>>;
  /** Mean response of each subtype to an OFF edge, summed over both directions. */
  readonly off: Readonly<Record<Subtype, number>>;
}

/** Mean responses to ON and OFF edges sweeping across the row at `speed` receptors/s. */
export function edgeResponses(circuit: DrosophilaCircuit, dt: number, speed: number, contrast = Math.SQRT2): EdgeResponses {
  const pixels = circuit.settings.pixels;
  const delay = circuit.settings.memory * 2 * dt; // let the lamina settle on the blank row first
  const seconds = delay + (pixels + 4) / speed;
  const result = {} as { on: Record<Subtype, number>; off: Record<Subtype, number> };
  for (const polarity of ['on', 'off'] as const) {
    const r = bothDirections(circuit, dt, (direction) => movingEdge({ polarity, speed, direction, contrast, delay, softness: 1 }), seconds, 12);
    const skip = Math.round(delay / dt);
    result[polarity] = {} as Record<Subtype, number>;
    for (const s of SUBTYPES) {
      result[polarity][s] = meanResponse(r, s, { skip, batchIndex: 0 }) + meanResponse(r, s, { skip, batchIndex: 1 });
    }
  }
  return result;
}

/** Image pixels between neighbouring receptors in scene scans (the training recipe's spacing). */
export const SCENE_SPACING = 13;

/** DSI of every subtype on a natural-scene scan moving at `speed` image px per step. */
export function sceneSelectivity(circuit: DrosophilaCircuit, dt: number, scene: Scene, speed: number, options: { steps?: number; rows?: number; spacing?: number } = {}): SubtypeSelectivity {
  const rows = options.rows ?? 16;
  const steps = options.steps ?? 2000;
  const rowList = Array.from({ length: rows }, (_, b) => Math.floor(((b + 0.5) / rows) * scene.height));
  const sim = new Simulator(circuit.network, { dt, batch: 2 * rows, seed: 13, checkFinite: 100 });
  // Batch copies 0..rows−1 move +1, rows..2·rows−1 move −1, over the same rows.
  const plus = sceneScan(scene, { pxPerStep: speed, spacing: options.spacing ?? SCENE_SPACING, direction: 1, rows: rowList });
  const minus = sceneScan(scene, { pxPerStep: speed, spacing: options.spacing ?? SCENE_SPACING, direction: -1, rows: rowList });
  // The frame buffer is the receptor population's output, the same array every step: its
  // two halves are cut once, so the per-step frame allocates nothing.
  let buf: Float32Array | null = null;
  let lo: Float32Array = new Float32Array(0);
  let hi: Float32Array = new Float32Array(0);
  const r = sim.runSteps(
    (step, d, out, width) => {
      if (out !== buf) {
        buf = out;
        lo = out.subarray(0, rows * width);
        hi = out.subarray(rows * width);
      }
      plus.frame(step, d, lo, width, rows);
      minus.frame(step, d, hi, width, rows);
    },
    steps,
    { record: [...SUBTYPES], learn: false },
  );
  const skip = circuit.settings.memory * 2;
  const out = {} as Record<Subtype, DirectionSelectivity>;
  for (const s of SUBTYPES) {
    let pos = 0;
    let neg = 0;
    for (let b = 0; b < rows; b++) {
      pos += meanResponse(r, s, { skip, batchIndex: b });
      neg += meanResponse(r, s, { skip, batchIndex: rows + b });
    }
    out[s] = dsiFrom(pos, neg);
  }
  return out;
}

/** What `inputDecomposition` returns: each input channel's share of a unit's response over time (the paper's Fig. 5C). */
export interface InputDecomposition {
  /** Channel names in order: L3 and L1/L2 of the left, centre and right pixels. */
  readonly channels: readonly string[];
  /** Per channel, w_c × input_c(t) summed over the unit's lags (component 2), for the +1 and −1 runs. */
  readonly positive: readonly Float64Array[];
  /** Per channel, the same for the −1 run. */
  readonly negative: readonly Float64Array[];
  /** The unrectified component-2 response (the sum of the channels minus its bias). */
  readonly total: {
    /** For the +1 run. */
    readonly positive: Float64Array;
    /** For the −1 run. */
    readonly negative: Float64Array;
  };
}

/**
 * The paper's Fig. 5C: the inputs of one detector unit weighted by its second canonical
 * filter, channel by channel, over time, for a stimulus moving each way.
 */
export function inputDecomposition(circuit: DrosophilaCircuit, dt: number, subtype: Subtype, stimulus: (direction: [1, -1]) => Stimulus, seconds: number, unit?: number): InputDecomposition {
  const pop = circuit.detectors[subtype];
  const model = circuit.detectorModels[subtype];
  const u = unit ?? Math.floor(pop.size / 2);
  const m = model.memory;
  const width = CHANNELS.length * m;
  const w = model.parameters.filters.subarray(width, 2 * width); // component 2
  const sim = new Simulator(circuit.network, { dt, batch: 2, seed: 14, checkFinite: 100 });
  const steps = Math.round(seconds / dt);
  const series = (n: number) => Array.from({ length: CHANNELS.length }, () => new Float64Array(n));
  const positive = series(steps);
  const negative = series(steps);
  const total = { positive: new Float64Array(steps), negative: new Float64Array(steps) };
  const lag = pop.state.lag!;
  const z2 = pop.state.z2!;
  sim.tick$.subscribe((t) => {
    for (let b = 0; b < 2; b++) {
      const base = (b * pop.size + u) * width;
      const target = b === 0 ? positive : negative;
      for (let c = 0; c < CHANNELS.length; c++) {
        let s = 0;
        for (let l = 0; l < m; l++) s += w[c * m + l]! * lag[base + c * m + l]!;
        target[c]![t.step] = s;
      }
      (b === 0 ? total.positive : total.negative)[t.step] = z2[b * pop.size + u]!;
    }
  });
  sim.runSteps(stimulus([1, -1]), steps, { record: 'none', learn: false });
  return { channels: CHANNELS.map((c) => c.replace('Lx', subtype.startsWith('T4') ? 'L1' : 'L2')), positive, negative, total };
}
