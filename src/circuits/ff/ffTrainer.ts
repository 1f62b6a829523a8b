import { existsSync, readFileSync } from 'node:fs';
import type { ImageSet } from '../../data/mnist.js';
import type { Adam } from '../../plasticity/adam.js';
import { argmax } from '../../math/argmax.js';
import { FileFormatError, SpecError, requirePositiveInt } from '../../core/errors.js';
import { SeededRandom } from '../../core/random.js';
import { atomicWriteFile, decodeFloat32, encodeFloat32 } from '../../sim/serialize.js';
import { Simulator } from '../../sim/Simulator.js';
import { fourierLabels, labelEncoding, wrongLabel, type LabelEncoding, type LabelEncodingKind } from '../../stimuli/ffLabels.js';
import type { FFLayerOrder } from '../../neurons/ff/ffLayerNorm.js';
import type { FFLayer } from '../../neurons/ff/ffLayer.js';
import { buildFFNetwork, type FFArchitecture, type FFNetwork } from './ffNetwork.js';
import { LinearReadout } from './linearReadout.js';

/** Everything that defines a Forward-Forward training run (saved with its checkpoints). */
export interface FFTrainingConfig {
  /** The run's name (checkpoint and report file names). */
  readonly name: string;
  /** Dense or conv layers. */
  readonly architecture: FFArchitecture;
  /** How labels are folded into the images. */
  readonly labels: LabelEncodingKind;
  /** Label intensity K for spatial labels (share of the total intensity). */
  readonly intensity: number;
  /** Epochs to train. */
  readonly epochs: number;
  /** Images per batch: each gives one positive, one negative and one neutral sample. */
  readonly batch: number;
  /** Adam step size of the layers. */
  readonly lr: number;
  /** Linear cool-down of the step size over the second half of the epochs (the paper's schedule). */
  readonly cooldown: boolean;
  /** Scale of the logit g − θ (see `forwardForward`). */
  readonly logitScale: number;
  /** FF loss per layer (default, the paper) or per position of a conv layer. */
  readonly locality?: 'layer' | 'position';
  /** θ per layer = thetaFactor × units. */
  readonly thetaFactor: number;
  /** Adam step size of the linear read-out. */
  readonly readoutLr: number;
  /** Seed of the initial weights and of the batches' order. */
  readonly seed: number;
  /** Train on the first `trainLimit` training images only (default all). */
  readonly trainLimit?: number;
  /** Layer order: 'relu-norm' (default) or the paper's 'norm-relu' with a learned gain and shift per channel. */
  readonly order?: FFLayerOrder;
  /** Fourier labels: range of grating frequencies in cycles per image (default [2, 7]). */
  readonly labelFrequencies?: readonly [number, number];
}

/** What one epoch measured. */
export interface FFEpochRecord {
  /** Epoch number (1-based). */
  epoch: number;
  /** Step size used in it. */
  lr: number;
  /** Mean FF loss and positive/negative separation per layer over the epoch. */
  layerLoss: number[];
  /** Mean positive/negative separation per layer over the epoch. */
  layerSeparation: number[];
  /** Mean cross-entropy of the linear read-out over the epoch. */
  readoutLoss: number;
  /** Test accuracy by goodness (layers but the first), by goodness of all layers, by the linear read-out. */
  goodness: number;
  /** Test accuracy by goodness of all layers. */
  goodnessAllLayers: number;
  /** Test accuracy by each layer's goodness alone (how far the label survives each layer). */
  goodnessByLayer?: number[];
  /** Test accuracy by the linear read-out. */
  linear: number;
  /** Test images evaluated. */
  evaluated: number;
  /** Wall seconds of training. */
  trainSeconds: number;
  /** Wall seconds of evaluation. */
  evalSeconds: number;
}

/** Accuracies on an image set (`FFTrainer.evaluate`), as shares of the images. */
export interface FFEvaluation {
  /** By goodness of the layers but the first. */
  goodness: number;
  /** By goodness of all layers. */
  goodnessAllLayers: number;
  /** By each layer's goodness alone. */
  goodnessByLayer: number[];
  /** By the linear read-out. */
  linear: number;
  /** Images evaluated. */
  count: number;
}

const CHECKPOINT_FORMAT = 'neurostream.ff-checkpoint';
const MODEL_FORMAT = 'neurostream.ff-model';

/** The paper's step-size schedule: constant, then lr(e) = 2·lr/E · (1 + E − e) over the second half (e counted from 1). */
export function cooldownRate(lr: number, epoch: number, epochs: number): number {
  const e = epoch + 1;
  if (e <= epochs / 2) return lr;
  return Math.min(lr, ((2 * lr) / epochs) * (1 + epochs - e));
}


/**
 * Trains a Forward-Forward classifier on an image set through the simulator: each step is
 * one batch of B images presented as B positives (true label), B negatives (a wrong label
 * drawn from the others) and B neutral-label samples; the layers' `forwardForward` rules
 * learn from the first 2B, a linear read-out on the normalised activities (all layers but
 * the first) learns from the neutral ones. Evaluation infers by goodness (one pass per label)
 * and by the read-out.
 */
export class FFTrainer {
  /** The Forward-Forward network. */
  readonly ff: FFNetwork;
  /** The batched simulator that runs it. */
  readonly sim: Simulator;
  /** How labels are folded into the images. */
  readonly encoding: LabelEncoding;
  /** The linear read-out on the layers' activities. */
  readonly readout: LinearReadout;
  /** One record per finished epoch. */
  readonly history: FFEpochRecord[] = [];
  /** Epochs completed (resumes from here). */
  epoch = 0;
  private readonly slots: number;
  private readonly pixels: number;
  private readonly readLayers: number[];
  private readonly features: Float32Array;

  /** `backend`: where the simulator runs the layers, their products and the read-out (default 'cpu'). */
  constructor(
    /** What defines the run. */
    readonly config: FFTrainingConfig,
    backend = 'cpu',
  ) {
    const B = requirePositiveInt('ff.batch', config.batch);
    this.slots = 3 * B;
    this.encoding =
      config.labels === 'fourier' && config.labelFrequencies
        ? fourierLabels({ intensity: config.intensity, frequencies: config.labelFrequencies })
        : labelEncoding(config.labels, { intensity: config.intensity });
    this.pixels = this.encoding.rows * this.encoding.cols;
    this.ff = buildFFNetwork(
      {
        inputShape: [this.encoding.rows, this.encoding.cols, 1],
        architecture: config.architecture,
        lr: config.lr,
        logitScale: config.logitScale,
        locality: config.locality,
        thetaFactor: config.thetaFactor,
        seed: config.seed,
        order: config.order,
      },
      this.slots,
    );
    this.sim = new Simulator(this.ff.network, { backend, batch: this.slots, seed: config.seed, dt: 1, checkFinite: 10 });
    const L = this.ff.layers.length;
    this.readLayers = L > 1 ? Array.from({ length: L - 1 }, (_, k) => k + 1) : [0];
    const D = this.readLayers.reduce((s, k) => s + this.ff.layers[k]!.units, 0);
    this.readout = new LinearReadout(D, this.encoding.classes, config.readoutLr, this.sim.kernels);
    this.features = new Float32Array(this.slots * D);
  }

  /** Copy the normalised activities of the read-out layers for slots [from, from + n) into `features`. */
  private gatherFeatures(from: number, n: number): void {
    const D = this.readout.features;
    let off = 0;
    for (const k of this.readLayers) {
      const pop = this.ff.populations[k]!;
      const h = pop.state.h!;
      const u = pop.size;
      const f = this.features;
      for (let j = 0; j < n; j++) {
        const src = (from + j) * u;
        const dst = j * D + off;
        for (let i = 0; i < u; i++) f[dst + i] = h[src + i]!;
      }
      off += u;
    }
  }

  /** Train one epoch over `train`; `progress(done, total, note)` is called every few batches. */
  trainEpoch(train: ImageSet, progress?: (done: number, total: number, note: string) => void): FFEpochRecord {
    const { batch: B, seed } = this.config;
    const C = this.encoding.classes;
    const n = Math.min(train.count, this.config.trainLimit ?? train.count);
    const steps = Math.floor(n / B);
    if (steps < 1) throw new SpecError('ff.batch', `batch ${B} is larger than the ${n} training images`);
    const epoch = this.epoch;
    const r = new SeededRandom(seed, `ff-epoch:${epoch}`);
    const order = r.permutation(n);
    const lr = this.config.cooldown ? cooldownRate(this.config.lr, epoch, this.config.epochs) : this.config.lr;
    for (const rule of this.ff.rules) rule.lr = lr;
    const signs = this.ff.signs;
    signs.fill(0);
    signs.fill(1, 0, B);
    signs.fill(-1, B, 2 * B);
    const px = this.pixels;
    const labels = new Uint8Array(B);
    const enc = this.encoding;
    const frame = (t: number, _dt: number, out: Float32Array) => {
      for (let j = 0; j < B; j++) {
        const i = order[t * B + j]!;
        const y = train.labels[i]!;
        labels[j] = y;
        enc.apply(train.images, i * px, y, out, j * px);
        enc.apply(train.images, i * px, wrongLabel(y, C, r), out, (B + j) * px);
        enc.apply(train.images, i * px, -1, out, (2 * B + j) * px);
      }
    };
    const L = this.ff.layers.length;
    const lossSum = new Float64Array(L);
    const sepSum = new Float64Array(L);
    let readoutSum = 0;
    let done = 0;
    const sub = this.sim.tick$.subscribe(() => {
      this.gatherFeatures(2 * B, B);
      this.readout.train(this.features, labels, B);
      readoutSum += this.readout.lastLoss;
      for (let k = 0; k < L; k++) {
        lossSum[k] = lossSum[k]! + this.ff.rules[k]!.stats.loss;
        sepSum[k] = sepSum[k]! + this.ff.rules[k]!.stats.accuracy;
      }
      done++;
      if (progress && (done % 10 === 0 || done === steps)) {
        const notes = this.ff.rules.map((ru, k) => `L${k + 1} ${(100 * (sepSum[k]! / done)).toFixed(1)}%`).join(' ');
        progress(done, steps, `sep ${notes} | readout ${(readoutSum / done).toFixed(3)}`);
      }
    });
    const t0 = performance.now();
    this.sim.reset();
    try {
      this.sim.runSteps(frame, steps, { record: 'none', learn: true });
    } finally {
      sub.unsubscribe();
    }
    const trainSeconds = (performance.now() - t0) / 1000;
    this.epoch++;
    return {
      epoch: this.epoch,
      lr,
      layerLoss: Array.from(lossSum, (s) => s / steps),
      layerSeparation: Array.from(sepSum, (s) => s / steps),
      readoutLoss: readoutSum / steps,
      goodness: Number.NaN,
      goodnessAllLayers: Number.NaN,
      linear: Number.NaN,
      evaluated: 0,
      trainSeconds,
      evalSeconds: 0,
    };
  }

  /** Accuracy on the first `limit` images of `set`, by goodness and by the linear read-out. */
  evaluate(set: ImageSet, limit = set.count, progress?: (done: number, total: number) => void): FFEvaluation {
    const n = Math.min(limit, set.count);
    const C = this.encoding.classes;
    const S = this.slots;
    const px = this.pixels;
    const L = this.ff.layers.length;
    const enc = this.encoding;
    // goodness: every (image, label) pair, S pairs per step
    const pairs = n * C;
    const gAll = new Float64Array(pairs);
    const gRest = new Float64Array(pairs);
    const gLayer = Array.from({ length: L }, () => new Float64Array(pairs));
    const pairSteps = Math.ceil(pairs / S);
    const readSteps = Math.ceil(n / S);
    const total = pairSteps + readSteps;
    let base = 0;
    let done = 0;
    const goodFrame = (t: number, _dt: number, out: Float32Array) => {
      base = t * S;
      for (let j = 0; j < S; j++) {
        const q = base + j;
        if (q < pairs) enc.apply(set.images, Math.floor(q / C) * px, q % C, out, j * px);
        else out.fill(0, j * px, (j + 1) * px);
      }
    };
    let sub = this.sim.tick$.subscribe(() => {
      for (let k = 0; k < L; k++) {
        const pop = this.ff.populations[k]!;
        const y = pop.output;
        const u = pop.size;
        for (let j = 0; j < S && base + j < pairs; j++) {
          let g = 0;
          for (let i = j * u; i < (j + 1) * u; i++) g += y[i]! * y[i]!;
          gAll[base + j] = gAll[base + j]! + g;
          gLayer[k]![base + j] = g;
          if (k > 0 || L === 1) gRest[base + j] = gRest[base + j]! + g;
        }
      }
      done++;
      if (progress && done % 20 === 0) progress(done, total);
    });
    this.sim.reset();
    try {
      this.sim.runSteps(goodFrame, pairSteps, { record: 'none', learn: false });
    } finally {
      sub.unsubscribe();
    }
    let rightRest = 0;
    let rightAll = 0;
    const rightLayer = new Array<number>(L).fill(0);
    for (let i = 0; i < n; i++) {
      if (argmax(gRest, i * C, C) === set.labels[i]) rightRest++;
      if (argmax(gAll, i * C, C) === set.labels[i]) rightAll++;
      for (let k = 0; k < L; k++) if (argmax(gLayer[k]!, i * C, C) === set.labels[i]) rightLayer[k]!++;
    }
    // linear read-out: neutral label, S images per step
    let rightLinear = 0;
    const linFrame = (t: number, _dt: number, out: Float32Array) => {
      base = t * S;
      for (let j = 0; j < S; j++) {
        if (base + j < n) enc.apply(set.images, (base + j) * px, -1, out, j * px);
        else out.fill(0, j * px, (j + 1) * px);
      }
    };
    sub = this.sim.tick$.subscribe(() => {
      const m = Math.min(S, n - base);
      this.gatherFeatures(0, m);
      const z = this.readout.scores(this.features, m);
      for (let j = 0; j < m; j++) {
        let best = 0;
        for (let c = 1; c < C; c++) if (z[j * C + c]! > z[j * C + best]!) best = c;
        if (best === set.labels[base + j]) rightLinear++;
      }
      done++;
      if (progress && done % 20 === 0) progress(done, total);
    });
    this.sim.reset();
    try {
      this.sim.runSteps(linFrame, readSteps, { record: 'none', learn: false });
    } finally {
      sub.unsubscribe();
    }
    progress?.(total, total);
    return { goodness: rightRest / n, goodnessAllLayers: rightAll / n, goodnessByLayer: rightLayer.map((r) => r / n), linear: rightLinear / n, count: n };
  }

  /** Train the next epoch and evaluate on `test` (first `evalLimit` images); the record joins `history`. */
  runEpoch(train: ImageSet, test: ImageSet, evalLimit: number, progress?: (phase: string, done: number, total: number, note: string) => void): FFEpochRecord {
    const rec = this.trainEpoch(train, (d, t, note) => progress?.('train', d, t, note));
    const t0 = performance.now();
    const ev = this.evaluate(test, evalLimit, (d, t) => progress?.('eval', d, t, ''));
    rec.goodness = ev.goodness;
    rec.goodnessAllLayers = ev.goodnessAllLayers;
    rec.goodnessByLayer = ev.goodnessByLayer;
    rec.linear = ev.linear;
    rec.evaluated = ev.count;
    rec.evalSeconds = (performance.now() - t0) / 1000;
    this.history.push(rec);
    return rec;
  }

  private static adamState(a: Adam) {
    return { t: a.t, m: encodeFloat32(a.m), v: encodeFloat32(a.v) };
  }

  private static restoreAdam(a: Adam, s: { t: number; m: string; v: string }, file: string, where: string) {
    a.t = s.t;
    a.m.set(decode(s.m, a.m.length, file, `${where}.m`));
    a.v.set(decode(s.v, a.v.length, file, `${where}.v`));
  }

  /** A 'norm-relu' layer's gain and shift with their optimiser states (nothing for 'relu-norm'). */
  private static affineState(l: FFLayer, opt: { gain?: Adam; shift?: Adam }): Record<string, unknown> {
    const { gain, shift } = l.parameters;
    if (!gain || !shift || !opt.gain || !opt.shift) return {};
    return { gain: encodeFloat32(gain), shift: encodeFloat32(shift), adamGain: FFTrainer.adamState(opt.gain), adamShift: FFTrainer.adamState(opt.shift) };
  }

  /** Everything needed to resume: config, epoch, history, weights and optimiser states. */
  checkpoint(): Record<string, unknown> {
    return {
      format: CHECKPOINT_FORMAT,
      version: 1,
      config: this.config,
      epoch: this.epoch,
      history: this.history,
      layers: this.ff.layers.map((l, k) => ({
        describe: l.describe(),
        weights: encodeFloat32(l.parameters.weights),
        bias: encodeFloat32(l.parameters.bias),
        adamWeights: FFTrainer.adamState(this.ff.rules[k]!.optimisers.weights),
        adamBias: FFTrainer.adamState(this.ff.rules[k]!.optimisers.bias),
        ...FFTrainer.affineState(l, this.ff.rules[k]!.optimisers),
      })),
      readout: {
        weights: encodeFloat32(this.readout.weights),
        bias: encodeFloat32(this.readout.bias),
        adamWeights: FFTrainer.adamState(this.readout.optW),
        adamBias: FFTrainer.adamState(this.readout.optB),
      },
    };
  }

  /** Save a checkpoint atomically. */
  saveCheckpoint(path: string): void {
    atomicWriteFile(path, JSON.stringify(this.checkpoint()));
  }

  /** The trained model (weights, no optimiser state), saved atomically. */
  saveModel(path: string): void {
    const c = this.checkpoint();
    const layers = (c.layers as Record<string, unknown>[]).map(({ describe, weights, bias, gain, shift }) => ({ describe, weights, bias, gain, shift }));
    const readout = { weights: encodeFloat32(this.readout.weights), bias: encodeFloat32(this.readout.bias) };
    atomicWriteFile(path, JSON.stringify({ format: MODEL_FORMAT, version: 1, config: this.config, epoch: this.epoch, history: this.history, layers, readout }));
  }

  /** Resume from a checkpoint file (or load a saved model, without optimiser state). */
  static load(path: string, backend = 'cpu'): FFTrainer {
    let doc: Record<string, any>;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new FileFormatError(path, 'file', `not readable JSON: ${(e as Error).message}`);
    }
    if (doc.format !== CHECKPOINT_FORMAT && doc.format !== MODEL_FORMAT) {
      throw new FileFormatError(path, 'format', `expected '${CHECKPOINT_FORMAT}' or '${MODEL_FORMAT}', got '${String(doc.format)}'`);
    }
    if (doc.version !== 1) throw new FileFormatError(path, 'version', `unsupported version ${String(doc.version)}`);
    const t = new FFTrainer(doc.config as FFTrainingConfig, backend);
    if (!Array.isArray(doc.layers) || doc.layers.length !== t.ff.layers.length) {
      throw new FileFormatError(path, 'layers', `expected ${t.ff.layers.length} layers`);
    }
    t.ff.layers.forEach((l, k) => {
      const s = doc.layers[k];
      l.parameters.weights.set(decode(s.weights, l.parameters.weights.length, path, `layers[${k}].weights`));
      l.parameters.bias.set(decode(s.bias, l.parameters.bias.length, path, `layers[${k}].bias`));
      if (s.adamWeights) FFTrainer.restoreAdam(t.ff.rules[k]!.optimisers.weights, s.adamWeights, path, `layers[${k}].adamWeights`);
      if (s.adamBias) FFTrainer.restoreAdam(t.ff.rules[k]!.optimisers.bias, s.adamBias, path, `layers[${k}].adamBias`);
      const { gain, shift } = l.parameters;
      const opt = t.ff.rules[k]!.optimisers;
      if (gain && shift) {
        gain.set(decode(s.gain, gain.length, path, `layers[${k}].gain`));
        shift.set(decode(s.shift, shift.length, path, `layers[${k}].shift`));
        if (s.adamGain && opt.gain) FFTrainer.restoreAdam(opt.gain, s.adamGain, path, `layers[${k}].adamGain`);
        if (s.adamShift && opt.shift) FFTrainer.restoreAdam(opt.shift, s.adamShift, path, `layers[${k}].adamShift`);
      }
    });
    t.readout.weights.set(decode(doc.readout.weights, t.readout.weights.length, path, 'readout.weights'));
    t.readout.bias.set(decode(doc.readout.bias, t.readout.bias.length, path, 'readout.bias'));
    if (doc.readout.adamWeights) FFTrainer.restoreAdam(t.readout.optW, doc.readout.adamWeights, path, 'readout.adamWeights');
    if (doc.readout.adamBias) FFTrainer.restoreAdam(t.readout.optB, doc.readout.adamBias, path, 'readout.adamBias');
    t.epoch = doc.epoch;
    t.history.push(...(doc.history as FFEpochRecord[]));
    return t;
  }

  /** Resume from `path` if it exists, else start from `config`. */
  static resumeOrStart(path: string, config: FFTrainingConfig, backend = 'cpu'): FFTrainer {
    return existsSync(path) ? FFTrainer.load(path, backend) : new FFTrainer(config, backend);
  }
}

function decode(b64: unknown, n: number, file: string, where: string): Float32Array {
  if (typeof b64 !== 'string') throw new FileFormatError(file, where, 'missing');
  try {
    return decodeFloat32(b64, n);
  } catch (e) {
    throw new FileFormatError(file, where, (e as Error).message);
  }
}
