import type { ImageSet } from '../../data/mnist.js';
import { argmax } from '../../math/argmax.js';
import { goodnessOf } from '../../plasticity/forwardForward.js';
import type { Simulator } from '../../sim/Simulator.js';
import type { LabelEncoding } from '../../stimuli/ffLabels.js';
import type { FFNetwork } from './ffNetwork.js';
import type { LinearReadout } from './linearReadout.js';

/** Test accuracies of an FF classifier on `count` images. */
export interface FFEvaluation {
  /** By goodness summed over all layers but the first (the paper's inference). */
  goodness: number;
  /** By goodness summed over all layers. */
  goodnessAllLayers: number;
  /** By each layer's goodness alone (how far the label survives each layer). */
  goodnessByLayer: number[];
  /**
   * By the layers but the first (all if only one), each layer's goodness standardised over the
   * labels of the same image before the sum (`argmaxStandardised`), so that no layer's scale
   * outvotes the others.
   */
  goodnessStandardised: number;
  /** By the linear read-out on the neutral-label pass. */
  linear: number;
  /** Images evaluated. */
  count: number;
}

/** What evaluation needs of a classifier (an `FFTrainer` has all of it). */
export interface FFClassifierParts {
  /** The network: layers, their rules and the routed signs. */
  readonly ff: FFNetwork;
  /** The simulator that runs it. */
  readonly sim: Simulator;
  /** How labels enter the images. */
  readonly encoding: LabelEncoding;
  /** The linear read-out attached to the network. */
  readonly readout: LinearReadout;
  /** Samples per simulator step. */
  readonly slots: number;
}

/**
 * Accuracy on the first `limit` images of `set`, learning off. By goodness: every (image,
 * label) pair is presented, `slots` pairs per step, and the label with the largest goodness
 * wins. By the read-out: each image with the neutral label, the class with the largest logit.
 */
export function evaluateFF(c: FFClassifierParts, set: ImageSet, limit = set.count, progress?: (done: number, total: number) => void): FFEvaluation {
  const n = Math.min(limit, set.count);
  const C = c.encoding.classes;
  const S = c.slots;
  const L = c.ff.layers.length;
  const pairSteps = Math.ceil((n * C) / S);
  const readSteps = Math.ceil(n / S);
  const total = pairSteps + readSteps;
  let done = 0;
  const gLayer = goodnessByLabel(c, set, n, () => {
    done++;
    if (progress && done % 20 === 0) progress(done, total);
  });
  const gAll = new Float64Array(n * C);
  const gRest = new Float64Array(n * C);
  for (let k = 0; k < L; k++) {
    for (let q = 0; q < n * C; q++) {
      gAll[q] = gAll[q]! + gLayer[k]![q]!;
      if (k > 0 || L === 1) gRest[q] = gRest[q]! + gLayer[k]![q]!;
    }
  }
  let rightRest = 0;
  let rightAll = 0;
  let rightStd = 0;
  const inferenceLayers = L === 1 ? gLayer : gLayer.slice(1);
  const rightLayer = new Array<number>(L).fill(0);
  for (let i = 0; i < n; i++) {
    if (argmax(gRest, i * C, C) === set.labels[i]) rightRest++;
    if (argmax(gAll, i * C, C) === set.labels[i]) rightAll++;
    if (argmaxStandardised(inferenceLayers, i * C, C) === set.labels[i]) rightStd++;
    for (let k = 0; k < L; k++) if (argmax(gLayer[k]!, i * C, C) === set.labels[i]) rightLayer[k]!++;
  }
  const rightLinear = linearRight(c, set, n, () => {
    done++;
    if (progress && done % 20 === 0) progress(done, total);
  });
  progress?.(total, total);
  return { goodness: rightRest / n, goodnessAllLayers: rightAll / n, goodnessByLayer: rightLayer.map((r) => r / n), goodnessStandardised: rightStd / n, linear: rightLinear / n, count: n };
}

/**
 * How many of the first `n` images of `set` the linear read-out classifies right, learning off:
 * each image with the neutral label, `slots` images a step, the class with the largest logit.
 * `onStep` is called after every simulator step.
 */
export function linearRight(c: FFClassifierParts, set: ImageSet, n: number, onStep?: () => void): number {
  const C = c.encoding.classes;
  const S = c.slots;
  const enc = c.encoding;
  const px = enc.rows * enc.cols;
  const count = Math.min(n, set.count);
  let base = 0;
  let right = 0;
  const frame = (t: number, _dt: number, out: Float32Array) => {
    base = t * S;
    for (let j = 0; j < S; j++) {
      if (base + j < count) enc.apply(set.images, (base + j) * px, -1, out, j * px);
      else out.fill(0, j * px, (j + 1) * px);
    }
  };
  const score = () => {
    const z = c.readout.population.output;
    const m = Math.min(S, count - base);
    for (let j = 0; j < m; j++) if (argmax(z, j * C, C) === set.labels[base + j]) right++;
    onStep?.();
  };
  run(c.sim, frame, Math.ceil(count / S), score);
  return right;
}

/**
 * Each layer's goodness Σ y² for every (image, label) pair of the first `n` images of `set`,
 * learning off: `result[k][i·C + c]` is layer k's goodness of image i shown with label c.
 * `onStep` is called after every simulator step (`slots` pairs each).
 */
export function goodnessByLabel(c: FFClassifierParts, set: ImageSet, n: number, onStep?: () => void): Float64Array[] {
  const C = c.encoding.classes;
  const S = c.slots;
  const enc = c.encoding;
  const px = enc.rows * enc.cols;
  const L = c.ff.layers.length;
  const pairs = Math.min(n, set.count) * C;
  const gLayer = Array.from({ length: L }, () => new Float64Array(pairs));
  let base = 0;
  const frame = (t: number, _dt: number, out: Float32Array) => {
    base = t * S;
    for (let j = 0; j < S; j++) {
      const q = base + j;
      if (q < pairs) enc.apply(set.images, Math.floor(q / C) * px, q % C, out, j * px);
      else out.fill(0, j * px, (j + 1) * px);
    }
  };
  const goodness = () => {
    for (let k = 0; k < L; k++) {
      const pop = c.ff.populations[k]!;
      const y = pop.output;
      const u = pop.size;
      for (let j = 0; j < S && base + j < pairs; j++) gLayer[k]![base + j] = goodnessOf(y, u, j);
    }
    onStep?.();
  };
  run(c.sim, frame, Math.ceil(pairs / S), goodness);
  return gLayer;
}

/**
 * The label whose summed score is largest, where each layer's goodness over the `C` labels of
 * one image (`layers[k][offset … offset + C)`) is first standardised to mean 0 and standard
 * deviation 1 (a layer that gives every label the same goodness adds nothing).
 */
export function argmaxStandardised(layers: readonly Float64Array[], offset: number, C: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < C; c++) {
    let score = 0;
    for (const g of layers) {
      let mean = 0;
      for (let j = 0; j < C; j++) mean += g[offset + j]!;
      mean /= C;
      let v = 0;
      for (let j = 0; j < C; j++) v += (g[offset + j]! - mean) ** 2;
      const sd = Math.sqrt(v / C);
      if (sd > 0) score += (g[offset + c]! - mean) / sd;
    }
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/** Run `steps` steps from rest with learning off, calling `each` after every step. */
function run(sim: Simulator, frame: (t: number, dt: number, out: Float32Array) => void, steps: number, each: () => void): void {
  const sub = sim.tick$.subscribe(each);
  sim.reset();
  try {
    sim.runSteps({ image: frame }, steps, { record: 'none', learn: false });
  } finally {
    sub.unsubscribe();
  }
}
