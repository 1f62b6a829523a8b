import type { ImageSet } from '../../data/mnist.js';
import { SpecError, requirePositiveInt } from '../../core/errors.js';
import { SeededRandom } from '../../core/random.js';
import { Simulator } from '../../sim/Simulator.js';
import { fourierLabels, labelEncoding, wrongLabel, type LabelEncoding, type LabelEncodingKind } from '../../stimuli/ffLabels.js';
import type { FFLayerOrder } from '../../neurons/ff/ffLayerNorm.js';
import { goodnessOf, type FFLossKind } from '../../plasticity/forwardForward.js';
import { evaluateFF, type FFEvaluation } from './ffEvaluation.js';
import { buildFFNetwork, type FFArchitecture, type FFNetwork } from './ffNetwork.js';
import { attachLinearReadout, type LinearReadout } from './linearReadout.js';

/** Everything that defines a Forward-Forward training run (saved with its checkpoints). */
export interface FFTrainingConfig {
  /** Run name: files are `ff-<name>.json`. */
  readonly name: string;
  /** Dense layer sizes or conv layers. */
  readonly architecture: FFArchitecture;
  /** How labels enter the image: one-hot pixels, Fourier gratings or morphology. */
  readonly labels: LabelEncodingKind;
  /** Label intensity K for spatial labels (share of the total intensity). */
  readonly intensity: number;
  /** Epochs in total (a resumed run may raise it, see `setEpochs`). */
  readonly epochs: number;
  /** Images per batch: each gives one positive, one negative and one neutral sample. */
  readonly batch: number;
  /** Adam step size of the layers. */
  readonly lr: number;
  /** Linear cool-down of the step size over the second half of the epochs (the paper's schedule). */
  readonly cooldown: boolean;
  /** Scale of the logit g − θ in the FF loss. */
  readonly logitScale: number;
  /** FF loss per layer (default, the paper) or per position of a conv layer. */
  readonly locality?: 'layer' | 'position';
  /** θ = thetaFactor × units per layer. */
  readonly thetaFactor: number;
  /** Adam step size of the linear read-out's rule. */
  readonly readoutLr: number;
  /** Seed of weights, epoch orders and wrong labels. */
  readonly seed: number;
  /** Train on the first `trainLimit` training images only (default all). */
  readonly trainLimit?: number;
  /** Layer order: 'relu-norm' (default) or the paper's 'norm-relu' with a learned gain and shift per channel. */
  readonly order?: FFLayerOrder;
  /** Fourier labels: range of grating frequencies in cycles per image (default [2, 7]). */
  readonly labelFrequencies?: readonly [number, number];
  /** The first `frozenLayers` layers keep their initial (random) weights: the paper leaves layer 1 out of the loss (default 0). */
  readonly frozenLayers?: number;
  /** The layers' local loss: 'threshold' (default, the paper) or 'paired' (true label against the wrong one, same image). */
  readonly loss?: FFLossKind;
  /**
   * How each image's wrong label is chosen: 'random' (default, uniform over the other classes) or
   * 'hard' (the wrong label the network itself scores highest: before every batch a pass with
   * learning off presents each image with every label and takes the wrong label of largest
   * goodness summed over the layers but the first, the inference rule). 'hard' costs that pass:
   * `classes` more forward samples per image.
   */
  readonly negatives?: FFNegatives;
}

/** How an FF run picks each image's wrong label: see `FFTrainingConfig.negatives`. */
export type FFNegatives = 'random' | 'hard';

/** What one epoch measured. */
export interface FFEpochRecord {
  /** The epoch, from 1. */
  epoch: number;
  /** Step size of the layers in this epoch. */
  lr: number;
  /** Mean FF loss and positive/negative separation per layer over the epoch. */
  layerLoss: number[];
  /** Share of signed samples on the right side of θ, per layer. */
  layerSeparation: number[];
  /** Per layer, the share of training images whose true label gave more goodness than their wrong label (records before issue 19's fix lack it). */
  layerPairSeparation?: number[];
  /** Mean cross-entropy of the read-out over the epoch. */
  readoutLoss: number;
  /** Test accuracy by goodness (layers but the first), by goodness of all layers, by the linear read-out. */
  goodness: number;
  /** Test accuracy by goodness summed over all layers. */
  goodnessAllLayers: number;
  /** Test accuracy by each layer's goodness alone (how far the label survives each layer). */
  goodnessByLayer?: number[];
  /** Test accuracy by goodness with each layer standardised over the labels (see `FFEvaluation`; older records lack it). */
  goodnessStandardised?: number;
  /** Test accuracy by the linear read-out. */
  linear: number;
  /** Test images evaluated. */
  evaluated: number;
  /** Wall seconds of training and of evaluation. */
  trainSeconds: number;
  /** Wall seconds of the evaluation. */
  evalSeconds: number;
  /** CPU seconds (user + system, all threads) of the process over the epoch's training and evaluation (set by `neurostream ff`). */
  cpuSeconds?: number;
  /** The machine's 1-, 5- and 15-minute load averages at the end of the epoch (set by `neurostream ff`: timings on a shared machine need them). */
  loadAverage?: number[];
  /** The command line that trained this epoch (set by `neurostream ff`; absent in older files and in API runs). */
  command?: string;
  /** 'hard' when this epoch's wrong labels were the network's own hardest (absent: random). */
  negatives?: FFNegatives;
}

/**
 * An epoch stopped part-way (a mid-epoch checkpoint): how far it got and what it has summed so
 * far, so that finishing it later gives the record, weights and Adam state an unbroken epoch gives.
 */
export interface FFPartialEpoch {
  /** The epoch under way, from 1 (the trainer's `epoch` + 1). */
  epoch: number;
  /** Batches done. */
  batches: number;
  /** The layers' step size in this epoch (kept to its end even if the run's length changes). */
  lr: number;
  /** Sum of each layer's FF loss over the batches done. */
  layerLoss: number[];
  /** Sum of each layer's separation over the batches done. */
  layerSeparation: number[];
  /** Sum of each layer's pair separation over the batches done. */
  layerPairSeparation: number[];
  /** Sum of the read-out's cross-entropy over the batches done. */
  readoutLoss: number;
  /** Wall seconds of training so far. */
  trainSeconds: number;
  /** CPU seconds so far (kept by `neurostream ff`). */
  cpuSeconds?: number;
}

/** Where `trainEpoch` may stop part-way: see `FFTrainer.trainEpoch`. */
export interface FFEpochPause {
  /** Batches between chances to stop (default 10). */
  every?: number;
  /**
   * Called after every `every` batches but the last, with the batches done; return true to stop
   * the epoch there (`trainEpoch` returns null, `partial` holds the state, weights and Adam moments
   * are current: a checkpoint saved then resumes here).
   */
  at(batches: number): boolean;
}

/** The label encoding a training config asks for (images rows × cols, classes). */
export function ffLabelEncoding(config: Pick<FFTrainingConfig, 'labels' | 'intensity' | 'labelFrequencies'>): LabelEncoding {
  return config.labels === 'fourier' && config.labelFrequencies
    ? fourierLabels({ intensity: config.intensity, frequencies: config.labelFrequencies })
    : labelEncoding(config.labels, { intensity: config.intensity });
}

/** The paper's step-size schedule: constant, then lr(e) = 2·lr/E · (1 + E − e) over the second half (e counted from 1). */
export function cooldownRate(lr: number, epoch: number, epochs: number): number {
  const e = epoch + 1;
  if (e <= epochs / 2) return lr;
  return Math.min(lr, ((2 * lr) / epochs) * (1 + epochs - e));
}

/**
 * The training protocol of a Forward-Forward classifier on an image set, through the
 * simulator: each step is one batch of B images presented as B positives (true label), B
 * negatives (a wrong label drawn from the others) and B neutral-label samples. The layers'
 * `forwardForward` rules learn from the first 2B (routed signs), the linear read-out's
 * `softmaxDelta` rules from the neutral ones (routed targets). Evaluation: `ffEvaluation.ts`;
 * checkpoint and model files: `ffModelFile.ts` (format) and `ffFiles.ts` (Node).
 */
export class FFTrainer {
  /** The network: image source, layers, their rules and the routed signs. */
  readonly ff: FFNetwork;
  /** The simulator that runs it, batch 3 × `batch`. */
  readonly sim: Simulator;
  /** How labels enter the images. */
  readonly encoding: LabelEncoding;
  /** The linear read-out attached to the network. */
  readonly readout: LinearReadout;
  /** One record per epoch run by `runEpoch`. */
  readonly history: FFEpochRecord[] = [];
  /** Epochs completed (resumes from here). */
  epoch = 0;
  /** The epoch under way when training stopped part-way (`trainEpoch` with a pause), else null: the next `trainEpoch` finishes it. */
  partial: FFPartialEpoch | null = null;
  /**
   * Whether the Adam moments are those of the epochs trained so far. False for a trainer loaded
   * from a model file after epoch 1 or later (the file holds no optimiser state): its next epoch
   * would start Adam from zero moments, which is not the run continued (`neurostream ff` refuses it
   * without `--fresh-optimizer`).
   */
  optimiserStateKept = true;
  /** Samples per simulator step: 3 × batch. */
  readonly slots: number;
  private readonly pixels: number;
  /** Hard negatives: each image's chosen wrong label, and the goodness of every (image, label) pair of a batch. */
  private readonly wrongLabels: Int32Array;
  private readonly hardScores: Float64Array;

  private cfg: FFTrainingConfig;

  /** `backend`: where the simulator runs the layers, their products and the read-out (default 'cpu'). */
  constructor(config: FFTrainingConfig, backend = 'cpu') {
    this.cfg = config;
    const B = requirePositiveInt('ff.batch', config.batch);
    this.slots = 3 * B;
    this.encoding = ffLabelEncoding(config);
    this.pixels = this.encoding.rows * this.encoding.cols;
    this.wrongLabels = new Int32Array(B);
    this.hardScores = new Float64Array(B * this.encoding.classes);
    if (config.negatives !== undefined) this.setNegatives(config.negatives);
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
        frozenLayers: config.frozenLayers,
        loss: config.loss,
      },
      this.slots,
    );
    this.readout = attachLinearReadout(this.ff, { classes: this.encoding.classes, lr: config.readoutLr, maxBatch: this.slots });
    this.sim = new Simulator(this.ff.network, { backend, batch: this.slots, seed: config.seed, dt: 1, checkFinite: 10 });
  }

  /** The run's configuration (saved with its checkpoints). */
  get config(): FFTrainingConfig {
    return this.cfg;
  }

  /**
   * Change the run's total epochs (a resumed run asked for more): at least the epochs already
   * trained. The cool-down schedule follows the new total from the next epoch on.
   */
  setEpochs(epochs: number): void {
    const least = Math.max(1, this.partial ? this.partial.epoch : this.epoch);
    if (!Number.isInteger(epochs) || epochs < least) {
      const why = this.partial ? `epoch ${this.partial.epoch} is under way (${this.partial.batches} batches done)` : 'epochs trained so far';
      throw new SpecError('ff.epochs', `expected an integer of at least ${least} (${why}), got ${epochs}`);
    }
    this.cfg = { ...this.cfg, epochs };
  }

  /**
   * Change how wrong labels are picked from the next epoch on (a run trained on from a model
   * file with new Adam moments may change it; each epoch's record says which it used).
   */
  setNegatives(negatives: FFNegatives): void {
    if (negatives !== 'random' && negatives !== 'hard') throw new SpecError('ff.negatives', `expected 'random' or 'hard', got '${String(negatives)}'`);
    this.cfg = { ...this.cfg, negatives };
  }

  /**
   * Train one epoch over `train` (or finish the one `partial` holds); `progress(done, total, note)`
   * is called every few batches. With `pause`, the epoch runs in stretches of `pause.every`
   * batches and may stop after any of them: then it returns null and `partial` holds where it
   * stands. Stopping and finishing later (in this trainer or one loaded from a checkpoint saved
   * at the stop) gives the same weights, Adam state and record as an unbroken epoch.
   */
  trainEpoch(train: ImageSet, progress?: (done: number, total: number, note: string) => void): FFEpochRecord;
  trainEpoch(train: ImageSet, progress: ((done: number, total: number, note: string) => void) | undefined, pause: FFEpochPause): FFEpochRecord | null;
  trainEpoch(train: ImageSet, progress?: (done: number, total: number, note: string) => void, pause?: FFEpochPause): FFEpochRecord | null {
    const { batch: B, seed } = this.config;
    const C = this.encoding.classes;
    const n = Math.min(train.count, this.config.trainLimit ?? train.count);
    const steps = Math.floor(n / B);
    if (steps < 1) throw new SpecError('ff.batch', `batch ${B} is larger than the ${n} training images`);
    const epoch = this.epoch;
    const part = this.partial;
    if (part && (part.epoch !== epoch + 1 || part.batches >= steps || part.layerLoss.length !== this.ff.layers.length)) {
      throw new SpecError('ff.partial', `the stopped epoch (${part.epoch}, ${part.batches} batches of ${this.ff.layers.length} layers) does not fit this run (epoch ${epoch + 1}, ${steps} batches, ${this.ff.layers.length} layers)`);
    }
    const first = part?.batches ?? 0;
    const every = pause?.every ?? 10;
    if (pause) requirePositiveInt('ff.pause.every', every);
    const r = new SeededRandom(seed, `ff-epoch:${epoch}`);
    const order = r.permutation(n);
    const hard = this.config.negatives === 'hard';
    // the batches done drew their wrong labels from r: draw them again to stand where they left it
    if (!hard) for (let q = 0; q < first * B; q++) wrongLabel(0, C, r);
    const lr = part ? part.lr : this.config.cooldown ? cooldownRate(this.config.lr, epoch, this.config.epochs) : this.config.lr;
    for (const rule of this.ff.rules) rule.lr = lr;
    // routes: signs for the layers (+1 positives, −1 negatives), targets for the read-out (neutral samples)
    const signs = this.ff.signs;
    signs.fill(0);
    signs.fill(1, 0, B);
    signs.fill(-1, B, 2 * B);
    const targets = this.readout.targets;
    targets.fill(-1);
    const px = this.pixels;
    const enc = this.encoding;
    const wrong = this.wrongLabels;
    const S = this.slots;
    const pairs = B * C;
    const score = this.hardScores;
    // hard negatives: each batch takes `scoreSteps` simulator steps that present its B images ×
    // C labels with every rule switched off, then the training step; one run for the epoch
    const scoreSteps = hard ? Math.ceil(pairs / S) : 0;
    const cycle = scoreSteps + 1;
    const attachments = this.ff.network.attachments;
    const enabled = attachments.map((a) => a.enabled);
    let scoring = false;
    let scoreBase = 0;
    const frame = (t: number, _dt: number, out: Float32Array) => {
      const step = first + Math.floor(t / cycle);
      const phase = t - (step - first) * cycle;
      scoring = phase < scoreSteps;
      if (scoring) {
        if (phase === 0) for (const a of attachments) a.enabled = false;
        scoreBase = phase * S;
        for (let j = 0; j < S; j++) {
          const q = scoreBase + j;
          if (q < pairs) enc.apply(train.images, order[step * B + Math.floor(q / C)]! * px, q % C, out, j * px);
          else out.fill(0, j * px, (j + 1) * px);
        }
        return;
      }
      if (hard) {
        for (let j = 0; j < B; j++) {
          const y = train.labels[order[step * B + j]!]!;
          let best = -1;
          for (let c = 0; c < C; c++) if (c !== y && (best < 0 || score[j * C + c]! > score[j * C + best]!)) best = c;
          wrong[j] = best;
        }
        for (let k = 0; k < attachments.length; k++) attachments[k]!.enabled = enabled[k]!;
      }
      for (let j = 0; j < B; j++) {
        const i = order[step * B + j]!;
        const y = train.labels[i]!;
        targets[2 * B + j] = y;
        enc.apply(train.images, i * px, y, out, j * px);
        enc.apply(train.images, i * px, hard ? wrong[j]! : wrongLabel(y, C, r), out, (B + j) * px);
        enc.apply(train.images, i * px, -1, out, (2 * B + j) * px);
      }
    };
    const L = this.ff.layers.length;
    const lossSum = Float64Array.from(part?.layerLoss ?? new Array<number>(L).fill(0));
    const sepSum = Float64Array.from(part?.layerSeparation ?? new Array<number>(L).fill(0));
    const pairSum = Float64Array.from(part?.layerPairSeparation ?? new Array<number>(L).fill(0));
    let readoutSum = part?.readoutLoss ?? 0;
    let done = first;
    const readoutStats = this.readout.rules[0]!.stats;
    const firstScored = L > 1 ? 1 : 0;
    const sub = this.sim.tick$.subscribe(() => {
      if (scoring) {
        // goodness summed over the layers but the first, per (image, label) pair of this step
        for (let j = 0; j < S && scoreBase + j < pairs; j++) score[scoreBase + j] = 0;
        for (let k = firstScored; k < L; k++) {
          const y = this.ff.populations[k]!.output;
          const u = this.ff.populations[k]!.size;
          for (let j = 0; j < S && scoreBase + j < pairs; j++) score[scoreBase + j] = score[scoreBase + j]! + goodnessOf(y, u, j);
        }
        return;
      }
      readoutSum += readoutStats.loss;
      for (let k = 0; k < L; k++) {
        lossSum[k] = lossSum[k]! + this.ff.rules[k]!.stats.loss;
        sepSum[k] = sepSum[k]! + this.ff.rules[k]!.stats.accuracy;
        pairSum[k] = pairSum[k]! + this.ff.rules[k]!.stats.pairAccuracy;
      }
      done++;
      if (progress && (done % 10 === 0 || done === steps)) {
        const notes = this.ff.rules.map((_ru, k) => `L${k + 1} ${(100 * (sepSum[k]! / done)).toFixed(1)}%`).join(' ');
        progress(done, steps, `sep ${notes} | readout ${(readoutSum / done).toFixed(3)}`);
      }
    });
    const t0 = performance.now();
    const secondsBefore = part?.trainSeconds ?? 0;
    this.sim.reset();
    try {
      for (let at = first; at < steps; ) {
        // one run for the epoch, or stretches of `every` batches with a chance to stop after each
        const n = pause ? Math.min(every, steps - at) : steps - at;
        this.sim.runSteps({ image: frame }, n * cycle, { record: 'none', learn: true });
        at += n;
        if (pause && at < steps && pause.at(at)) {
          this.partial = {
            epoch: epoch + 1,
            batches: at,
            lr,
            layerLoss: Array.from(lossSum),
            layerSeparation: Array.from(sepSum),
            layerPairSeparation: Array.from(pairSum),
            readoutLoss: readoutSum,
            trainSeconds: secondsBefore + (performance.now() - t0) / 1000,
          };
          return null;
        }
      }
    } finally {
      sub.unsubscribe();
      targets.fill(-1);
      attachments.forEach((a, k) => (a.enabled = enabled[k]!));
    }
    const trainSeconds = secondsBefore + (performance.now() - t0) / 1000;
    this.partial = null;
    this.epoch++;
    return {
      epoch: this.epoch,
      lr,
      layerLoss: Array.from(lossSum, (s) => s / steps),
      layerSeparation: Array.from(sepSum, (s) => s / steps),
      layerPairSeparation: Array.from(pairSum, (s) => s / steps),
      readoutLoss: readoutSum / steps,
      goodness: Number.NaN,
      goodnessAllLayers: Number.NaN,
      linear: Number.NaN,
      evaluated: 0,
      trainSeconds,
      evalSeconds: 0,
      ...(hard ? { negatives: 'hard' as const } : {}),
    };
  }

  /** Accuracy on the first `limit` images of `set`, by goodness and by the linear read-out (see `evaluateFF`). */
  evaluate(set: ImageSet, limit = set.count, progress?: (done: number, total: number) => void): FFEvaluation {
    return evaluateFF(this, set, limit, progress);
  }

  /**
   * Train the next epoch (or finish a stopped one) and evaluate on `test` (first `evalLimit`
   * images); the record joins `history`. With `pause` (see `trainEpoch`) it may stop part-way:
   * null, nothing evaluated.
   */
  runEpoch(train: ImageSet, test: ImageSet, evalLimit: number, progress?: (phase: string, done: number, total: number, note: string) => void): FFEpochRecord;
  runEpoch(train: ImageSet, test: ImageSet, evalLimit: number, progress: ((phase: string, done: number, total: number, note: string) => void) | undefined, pause: FFEpochPause): FFEpochRecord | null;
  runEpoch(train: ImageSet, test: ImageSet, evalLimit: number, progress?: (phase: string, done: number, total: number, note: string) => void, pause?: FFEpochPause): FFEpochRecord | null {
    const onTrain = (d: number, t: number, note: string) => progress?.('train', d, t, note);
    const rec = pause ? this.trainEpoch(train, onTrain, pause) : this.trainEpoch(train, onTrain);
    if (!rec) return null;
    const t0 = performance.now();
    const ev = this.evaluate(test, evalLimit, (d, t) => progress?.('eval', d, t, ''));
    rec.goodness = ev.goodness;
    rec.goodnessAllLayers = ev.goodnessAllLayers;
    rec.goodnessByLayer = ev.goodnessByLayer;
    rec.goodnessStandardised = ev.goodnessStandardised;
    rec.linear = ev.linear;
    rec.evaluated = ev.count;
    rec.evalSeconds = (performance.now() - t0) / 1000;
    this.history.push(rec);
    return rec;
  }
}
