import { z } from 'zod';
import type { ImageSet } from '../../data/mnist.js';
import { FileFormatError, SpecError, requirePositive, requirePositiveInt } from '../../core/errors.js';
import { checkAllocation } from '../../core/memoryBudget.js';
import { SeededRandom } from '../../core/random.js';
import { atomicWriteFile } from '../../sim/serialize.js';
import { decodeFiniteFloat32, encodeFiniteFloat32, float32Count } from '../../core/base64.js';
import { Simulator } from '../../sim/Simulator.js';
import type { StimulusFn } from '../../sim/Stimulus.js';
import { bspNetwork, resolveBspNetworkOptions, type BspNetwork, type BspNetworkOptions, type ResolvedBspNetworkOptions } from './bspNetwork.js';
import { WindowMeanMonitor } from '../../sim/monitors/WindowMeanMonitor.js';
import { readFileSync } from 'node:fs';
import { argmax } from '../../math/argmax.js';

/** Options of `new BspClassifier`: the network's, and the training protocol's. */
export interface BspClassifierOptions extends Omit<BspNetworkOptions, 'windows'> {
  /** Integration step in time units (default 0.5 with RK4, 0.2 with Euler). */
  dt?: number;
  /** Window T in time units for the forward and for the backward pass (default 10). */
  window?: number;
  /** Samples simulated together and per weight update (default 50). */
  batch?: number;
  /** Target of the true class's output cell (default 1; the others 0). */
  target?: number;
}

/** Settings that fix a trained classifier (saved with it). */
export interface ResolvedBspClassifierOptions extends ResolvedBspNetworkOptions {
  /** Integration step, in the Wuxing model's time units. */
  readonly dt: number;
  /** Window T of each pass, in time units. */
  readonly window: number;
  /** Samples simulated together and per weight update. */
  readonly batch: number;
  /** Target of the true class's output cell. */
  readonly target: number;
  /** Step size of the rules. */
  readonly rate: number;
  /** kt of G2 = atan(kt·G1)/kt. */
  readonly kt: number;
  /** Per-connection-layer multipliers of `rate` (empty: all 1). */
  readonly layerRates: number[];
  /** Method 1: measure D from the fixed points or from the initial ones. */
  readonly reference: 'fixedPoint' | 'initial';
  /** Method 1's fixed-point rule settings, or null. */
  readonly fixedPoint: BspNetworkOptions['fixedPoint'] | null;
}

/** One finished epoch: accuracies and time taken. */
export interface EpochRecord {
  /** Epoch number (1-based). */
  readonly epoch: number;
  /** Share of training samples classified right while training. */
  readonly trainAccuracy: number;
  /** Share of test samples classified right after the epoch. */
  readonly testAccuracy: number;
  /** Wall seconds the epoch took. */
  readonly seconds: number;
  /** CPU seconds of this process over the same span (wall time is inflated on a shared machine). */
  readonly cpuSeconds?: number;
}

/** The format name of a BSP classifier's model or checkpoint file. */
export const BSP_MODEL_FORMAT = 'neurostream.bsp-classifier';
/** The version of that file's layout; files with another version are refused. */
export const BSP_MODEL_VERSION = 1;

const modelSchema = z.object({
  format: z.literal(BSP_MODEL_FORMAT),
  version: z.literal(BSP_MODEL_VERSION),
  options: z.record(z.string(), z.unknown()),
  weights: z.record(z.string(), z.string()),
  parameters: z.record(z.string(), z.object({ K1: z.string(), K2: z.string(), K3: z.string() })),
  history: z.array(z.object({ epoch: z.number(), trainAccuracy: z.number(), testAccuracy: z.number(), seconds: z.number(), cpuSeconds: z.number().optional() })),
  progress: z.object({ epoch: z.number().int().min(0), batch: z.number().int().min(0), correct: z.number().int().min(0), seen: z.number().int().min(0), seconds: z.number(), cpuSeconds: z.number().optional() }).optional(),
});

/** A saved BSP classifier (model or checkpoint), as {@link BspClassifier.save} writes it; checked on load by a zod schema. */
export interface BspModelFile {
  /** `neurostream.bsp-classifier`. */
  format: typeof BSP_MODEL_FORMAT;
  /** Layout version (1). */
  version: typeof BSP_MODEL_VERSION;
  /** The resolved options the classifier was built with ({@link ResolvedBspClassifierOptions}). */
  options: Record<string, unknown>;
  /** Each forward connection's weights by connection name, base64 of little-endian float32. */
  weights: Record<string, string>;
  /** Each forward layer's Wuxing rate constants K1, K2, K3 per cell, base64 of little-endian float32. */
  parameters: Record<
    string,
    {
      /** K1 per cell. */
      K1: string;
      /** K2 per cell. */
      K2: string;
      /** K3 per cell. */
      K3: string;
    }
  >;
  /** One record per finished epoch. */
  history: EpochRecord[];
  /** Where an interrupted epoch stands; only in checkpoints written mid-epoch. */
  progress?: TrainingProgress;
}

/** The interface documents the file, the schema checks it: each accepts what the other describes. */
type Assignable<A, B extends A> = B;
type BspModelFileMatchesSchema = [Assignable<BspModelFile, z.infer<typeof modelSchema>>, Assignable<z.infer<typeof modelSchema>, BspModelFile>];

/** Where an interrupted epoch stands (saved in checkpoints). */
export interface TrainingProgress {
  /** Epoch under way (0-based). */
  epoch: number;
  /** Batches of it done. */
  batch: number;
  /** Samples classified right so far in it. */
  correct: number;
  /** Samples seen so far in it. */
  seen: number;
  /** Wall seconds spent in it so far. */
  seconds: number;
  /** CPU seconds spent in it so far. */
  cpuSeconds?: number;
}

/**
 * A BSP image classifier: the network of `bspNetwork` on a batched simulator, with the
 * protocol of the paper's six training steps. For each batch: every state starts at its
 * fixed point; the pixels drive the forward chain for a window T; the readout is the
 * window mean of the output cells' D; the error target − readout is injected into the
 * reversed output cells for a second window T while the forward chain keeps its input;
 * then every rule updates from what it saw (its own local view and the routed D̂).
 */
export class BspClassifier {
  /** The settings the classifier was built with, after defaults. */
  readonly options: ResolvedBspClassifierOptions;
  /** The BSP network. */
  readonly net: BspNetwork;
  /** The batched simulator that runs it. */
  readonly sim: Simulator;
  /** Steps per window: window / dt, rounded. */
  readonly steps: number;
  /** One record per finished epoch. */
  history: EpochRecord[] = [];
  private readonly images: Float32Array;
  private readonly err: Float32Array;
  private readonly mean: Float32Array;
  private readonly readout: WindowMeanMonitor;
  private readonly stimuli: Record<string, StimulusFn>;
  /**
   * Populations the backward window holds: ungated, nothing reads the forward chain after the
   * forward window (the rules take D over the forward window only, the readout has stopped),
   * so its 50 further steps and their products are skipped — the same weights to the bit
   * (test/circuits/bsp/bspHold.test.ts). Gated, the twins read the forward cells' gain: none.
   */
  private readonly holdBackward: readonly string[];

  /** `backend`: where the simulator runs the cells, deliveries and window products (default 'cpu'; not saved with the model). */
  constructor(options: BspClassifierOptions, backend = 'cpu') {
    const base = resolveBspNetworkOptions(options);
    const dt = requirePositive('bsp.dt', options.dt ?? (base.integrator === 'euler' ? 0.2 : 0.5));
    const window = requirePositive('bsp.window', options.window ?? 10);
    const batch = requirePositiveInt('bsp.batch', options.batch ?? 50);
    const steps = Math.max(1, Math.round(window / dt));
    this.options = {
      ...base,
      dt,
      window,
      batch,
      target: requirePositive('bsp.target', options.target ?? 1),
      rate: options.rate ?? (base.method === 2 ? 0.1 : 1),
      kt: options.kt ?? 1,
      layerRates: [...(options.layerRates ?? [])],
      reference: options.reference ?? 'fixedPoint',
      fixedPoint: options.fixedPoint ?? null,
    };
    this.steps = steps;
    this.net = bspNetwork({ ...options, ...base, rate: this.options.rate, kt: this.options.kt, windows: { forward: steps, backward: steps } });
    this.sim = new Simulator(this.net.network, { backend, dt, batch, seed: base.seed, checkFinite: steps });
    const L = base.layers.length - 1;
    this.holdBackward = base.gate === false ? this.net.forward.map((p) => p.name) : [];
    this.readout = this.sim.add(new WindowMeanMonitor(`F${L}`));
    this.images = new Float32Array(base.layers[0]! * batch);
    this.err = new Float32Array(base.layers[L]! * batch);
    this.mean = new Float32Array(base.layers[L]! * batch);
    const images = this.images;
    const err = this.err;
    this.stimuli = {
      X: (_s, _dt, out) => out.set(images),
      E: (_s, _dt, out) => out.set(err),
    };
  }

  /** Pixels per image: the input layer's size. */
  get inputSize(): number {
    return this.options.layers[0]!;
  }

  /** Classes: the output layer's size. */
  get classes(): number {
    return this.options.layers[this.options.layers.length - 1]!;
  }

  /** Check a data set against the network before any work: input size, labels in range. */
  check(set: ImageSet, name = 'data'): void {
    const px = set.rows * set.cols;
    if (px !== this.inputSize) {
      throw new SpecError('bsp.layers[0]', `the input layer has ${this.inputSize} units but ${name} images have ${set.rows} × ${set.cols} = ${px} pixels; start the layer list with ${px}`);
    }
    for (let k = 0; k < set.count; k++) {
      const l = set.labels[k]!;
      if (l >= this.classes) {
        throw new SpecError(`${name}.labels[${k}]`, `label ${l} is out of range for ${this.classes} output cells (the last layer); use at least ${l + 1}`);
      }
    }
  }

  /** Copy samples `idx[from..from+batch)` into the input buffer (zeros past the end); returns how many. */
  private load(set: ImageSet, idx: ArrayLike<number> | null, from: number): number {
    const px = this.inputSize;
    const n = Math.min(this.options.batch, (idx ? idx.length : set.count) - from);
    for (let b = 0; b < n; b++) {
      const k = idx ? idx[from + b]! : from + b;
      this.images.set(set.images.subarray(k * px, (k + 1) * px), b * px);
    }
    this.images.fill(0, n * px);
    return n;
  }

  /** Forward window from rest; leaves the window means of the output cells in `this.mean`. */
  private forwardWindow(learn: boolean): void {
    this.sim.reset();
    this.err.fill(0);
    this.readout.start();
    this.sim.runSteps(this.stimuli, this.steps, { record: 'none', learn });
    this.readout.stop();
    this.readout.mean(this.mean);
  }

  private argmax(b: number): number {
    return argmax(this.mean, b * this.classes, this.classes);
  }

  /** One training step on samples idx[from…]: returns how many were classified right before the update. */
  trainBatch(
    set: ImageSet,
    idx: ArrayLike<number> | null,
    from: number,
  ): {
    /** Samples classified right before the update. */
    correct: number;
    /** Samples in the batch. */
    count: number;
  } {
    const n = this.load(set, idx, from);
    this.forwardWindow(true);
    const c = this.classes;
    let correct = 0;
    for (let b = 0; b < this.options.batch; b++) {
      for (let j = 0; j < c; j++) this.err[b * c + j] = 0;
      if (b >= n) continue;
      const label = set.labels[idx ? idx[from + b]! : from + b]!;
      if (this.argmax(b) === label) correct++;
      for (let j = 0; j < c; j++) this.err[b * c + j] = (j === label ? this.options.target : 0) - this.mean[b * c + j]!;
    }
    this.sim.runSteps(this.stimuli, this.steps, { record: 'none', learn: true, hold: this.holdBackward });
    return { correct, count: n };
  }

  /** Predicted classes of samples [from, from + batch) into `out`; returns how many. */
  predictBatch(set: ImageSet, from: number, out: Int32Array): number {
    const n = this.load(set, null, from);
    this.forwardWindow(false);
    for (let b = 0; b < n; b++) out[b] = this.argmax(b);
    return n;
  }

  /** Accuracy on a data set (forward windows only, no learning). */
  evaluate(set: ImageSet, onProgress?: (done: number, total: number) => void): number {
    this.check(set, 'evaluate');
    const pred = new Int32Array(this.options.batch);
    let correct = 0;
    for (let from = 0; from < set.count; from += this.options.batch) {
      const n = this.predictBatch(set, from, pred);
      for (let b = 0; b < n; b++) if (pred[b] === set.labels[from + b]) correct++;
      onProgress?.(Math.min(set.count, from + n), set.count);
    }
    return correct / set.count;
  }

  /** The sample order of an epoch: a permutation drawn from the classifier's seed. */
  epochOrder(epoch: number, count: number): Uint32Array {
    return new SeededRandom(this.options.seed, `bsp-epoch-${epoch}`).permutation(count);
  }

  /**
   * Train one epoch (or the rest of one, from `progress`), calling `onBatch` after every batch
   * (for progress bars and checkpoints). Returns the running training accuracy.
   */
  trainEpoch(set: ImageSet, progress: TrainingProgress, onBatch?: (p: TrainingProgress) => void): number {
    this.check(set, 'train');
    const idx = this.epochOrder(progress.epoch, set.count);
    const bs = this.options.batch;
    const batches = Math.ceil(set.count / bs);
    while (progress.batch < batches) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = this.trainBatch(set, idx, progress.batch * bs);
      progress.correct += r.correct;
      progress.seen += r.count;
      progress.batch++;
      progress.seconds += (performance.now() - t0) / 1000;
      const c1 = process.cpuUsage(c0);
      progress.cpuSeconds = (progress.cpuSeconds ?? 0) + (c1.user + c1.system) / 1e6;
      onBatch?.(progress);
    }
    return progress.correct / Math.max(1, progress.seen);
  }

  /** Plain-JSON model (weights and cell parameters base64 Float32 LE), with optional progress. */
  toJSON(progress?: TrainingProgress): BspModelFile {
    const weights: Record<string, string> = {};
    for (const p of this.net.connections) weights[p.name] = encodeFiniteFloat32(p.weights, `weights.${p.name}`);
    const parameters: BspModelFile['parameters'] = {};
    for (const f of this.net.forward) {
      const ps = f.model.parameters!;
      const put = (g: 'K1' | 'K2' | 'K3') => encodeFiniteFloat32(Float32Array.from(ps[g]!), `parameters.${f.name}.${g}`);
      parameters[f.name] = { K1: put('K1'), K2: put('K2'), K3: put('K3') };
    }
    return {
      format: BSP_MODEL_FORMAT,
      version: BSP_MODEL_VERSION,
      options: { ...this.options } as Record<string, unknown>,
      weights,
      parameters,
      history: this.history,
      ...(progress ? { progress: { ...progress } } : {}),
    };
  }

  /** Save atomically (a temporary file renamed over the target); NaN or infinite weights are refused, the old file kept. */
  save(path: string, progress?: TrainingProgress): void {
    atomicWriteFile(path, JSON.stringify(this.toJSON(progress)));
  }

  /** Rebuild a classifier from a model file's JSON; errors name the file and field. */
  static fromJSON(json: unknown, file = 'model', overrides: Partial<BspClassifierOptions> = {}, backend = 'cpu'): {
    /** The rebuilt classifier. */
    classifier: BspClassifier;
    /** Where an interrupted epoch stood, or null. */
    progress: TrainingProgress | null;
  } {
    const parsed = modelSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new FileFormatError(file, `field ${issue.path.join('.') || '(root)'}`, issue.message);
    }
    const m = parsed.data;
    checkDeclaredSizes(m, file);
    let classifier: BspClassifier;
    try {
      classifier = new BspClassifier({ ...(m.options as unknown as BspClassifierOptions), ...overrides }, backend);
    } catch (e) {
      throw new FileFormatError(file, 'field options', (e as Error).message);
    }
    for (const p of classifier.net.connections) {
      const b64 = m.weights[p.name];
      if (b64 === undefined) throw new FileFormatError(file, `field weights.${p.name}`, 'missing');
      p.weights.set(decodeFiniteFloat32(b64, p.weights.length, file, `weights.${p.name}`));
    }
    for (const f of classifier.net.forward) {
      const ps = m.parameters[f.name];
      if (!ps) throw new FileFormatError(file, `field parameters.${f.name}`, 'missing');
      for (const g of ['K1', 'K2', 'K3'] as const) {
        const target = f.model.parameters![g]!;
        target.set(decodeFiniteFloat32(ps[g], target.length, file, `parameters.${f.name}.${g}`));
      }
    }
    classifier.history = m.history;
    return { classifier, progress: m.progress ?? null };
  }

  /** Load a model (or checkpoint) file. */
  static load(path: string, overrides: Partial<BspClassifierOptions> = {}, backend = 'cpu'): {
    /** The rebuilt classifier. */
    classifier: BspClassifier;
    /** Where an interrupted epoch stood, or null. */
    progress: TrainingProgress | null;
  } {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new FileFormatError(path, 'byte 0', `not readable JSON: ${(e as Error).message}`);
    }
    return BspClassifier.fromJSON(json, path, overrides, backend);
  }
}

/**
 * Before anything is built: the connection weights the options declare (layer sizes and
 * topology) must be the ones the file holds, and fit the memory budget, so a small file that
 * declares huge layers is refused instead of allocated.
 */
function checkDeclaredSizes(m: BspModelFile, file: string): void {
  let o: ReturnType<typeof resolveBspNetworkOptions>;
  try {
    o = resolveBspNetworkOptions(m.options as unknown as BspNetworkOptions);
  } catch (e) {
    throw new FileFormatError(file, 'field options', (e as Error).message);
  }
  let bytes = 0;
  for (let l = 1; l < o.layers.length; l++) {
    const a = o.layers[l - 1]!;
    const b = o.layers[l]!;
    const n = o.topology === 'dense' ? a * b : Math.max(a, b);
    const b64 = m.weights[`C${l}`];
    if (b64 !== undefined && float32Count(b64) !== n) {
      throw new FileFormatError(file, `field weights.C${l}`, `holds ${float32Count(b64)} values, options.layers (${a} → ${b}, ${o.topology}) declare ${n}`);
    }
    bytes += 4 * n;
  }
  checkAllocation(`${file}: the BSP connections its options declare`, bytes);
}
