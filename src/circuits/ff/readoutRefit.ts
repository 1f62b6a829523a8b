import type { ImageSet } from '../../data/mnist.js';
import { SpecError, requireNonNegative, requirePositive, requirePositiveInt } from '../../core/errors.js';
import { SeededRandom } from '../../core/random.js';
import { linearRight, type FFClassifierParts } from './ffEvaluation.js';
import { cooldownRate } from './ffTrainer.js';

/** Options of `refitReadout`. */
export interface ReadoutRefitOptions {
  /** Passes over the training images. */
  epochs: number;
  /** Adam step size (the read-out's own), constant over the first half, then a linear cool-down. */
  lr: number;
  /**
   * How the cool-down steps (default 'epoch'): 'epoch' lowers the step size once an epoch (the
   * trainer's schedule, whose last epoch still runs at 2/epochs of `lr`); 'step' lowers it after
   * every step, linearly to 0 at the fit's end.
   */
  schedule?: 'epoch' | 'step';
  /** Decoupled weight decay (AdamW) of the read-out's weights, not its bias (default 0). */
  weightDecay?: number;
  /** Seed of the per-epoch image orders (the simulator's seed is not touched). */
  seed: number;
  /** Fit on the first `trainLimit` training images only (default all). */
  trainLimit?: number;
  /**
   * Hold out the last `validation` of those training images (default 0: fit on all, keep the
   * last epoch): the fit learns from the rest, scores the held-out images after every epoch and
   * keeps the weights of the epoch that scored best there (early stopping that never sees the
   * test set).
   */
  validation?: number;
  /** Test images scored after the fit (default all). */
  testLimit?: number;
  /** Called every few steps with the phase ('fit' or 'test'), steps done and steps in all. */
  progress?: (phase: 'fit' | 'test', done: number, total: number, note: string) => void;
}

/** What `refitReadout` measured. */
export interface ReadoutRefit {
  /** Test accuracy of the refitted read-out on the first `evaluated` test images. */
  linear: number;
  /** Test images scored. */
  evaluated: number;
  /** Mean cross-entropy of each fitting epoch. */
  loss: number[];
  /** Step size of each fitting epoch (with schedule 'step': at the epoch's start). */
  lr: number[];
  /** Training images per epoch (whole steps of `slots` images). */
  images: number;
  /** With `validation`: accuracy on the held-out training images after each epoch. */
  validation?: number[];
  /** With `validation`: held-out images scored after each epoch. */
  validationImages?: number;
  /** The epoch (1-based) whose weights were scored on the test set: the best on validation, else the last. */
  keptEpoch: number;
  /** Wall seconds of the fit. */
  fitSeconds: number;
  /** Wall seconds of scoring the test set. */
  testSeconds: number;
}

/**
 * The weight decay of a refit at step size `lr`, checked: ≥ 0, and small enough that a step
 * shrinks the weights by less than all of themselves (lr × weightDecay < 1). Exported so that a
 * command can check its flags before training rather than after.
 */
export function requireRefitDecay(field: string, lr: number, weightDecay: number): number {
  const wd = requireNonNegative(field, weightDecay);
  if (lr * wd >= 1) throw new SpecError(field, `${wd} with step size ${lr} would shrink the weights by ${(100 * lr * wd).toFixed(0)} % of themselves every step (lr × weightDecay must be < 1)`);
  return wd;
}

/**
 * The paper's linear classifier: the read-out fitted afresh (weights and Adam moments from zero)
 * on the network's frozen features — the normalised activity of the read layers for each
 * training image with the neutral label — for `epochs` passes, then scored on the test set.
 * The online read-out of `FFTrainer` learns beside layers that are still changing; this one sees
 * the final features only. The layers' rules are switched off while it runs, so no layer moves.
 * With `validation`, the last training images are held out and the epoch that scores best on
 * them is the one tested. Everything is put back afterwards (read-out weights, their Adam
 * state, the rules' switches and step sizes): the classifier is measured, not kept, and the
 * trainer resumes as before.
 */
export function refitReadout(c: FFClassifierParts, train: ImageSet, test: ImageSet, options: ReadoutRefitOptions): ReadoutRefit {
  const epochs = requirePositiveInt('readoutRefit.epochs', options.epochs);
  const lr0 = requirePositive('readoutRefit.lr', options.lr);
  const schedule = options.schedule ?? 'epoch';
  if (schedule !== 'epoch' && schedule !== 'step') throw new SpecError('readoutRefit.schedule', `expected 'epoch' or 'step', got '${String(schedule)}'`);
  const weightDecay = requireRefitDecay('readoutRefit.weightDecay', lr0, options.weightDecay ?? 0);
  const S = c.slots;
  const limit = Math.min(train.count, options.trainLimit ?? train.count);
  const held = options.validation ?? 0;
  if (!Number.isInteger(held) || held < 0) throw new SpecError('readoutRefit.validation', `expected a whole number of held-out images ≥ 0, got ${held}`);
  if (held >= limit) throw new SpecError('readoutRefit.validation', `holds out ${held} of only ${limit} training images: none left to fit on`);
  const n = limit - held;
  const steps = Math.floor(n / S);
  if (steps < 1) throw new SpecError(held > 0 ? 'readoutRefit.validation' : 'readoutRefit.trainLimit', `a step takes ${S} images; only ${n} training images${held > 0 ? ` left after holding out ${held}` : ''}`);
  const px0 = train.rows * train.cols;
  const heldOut: ImageSet | null = held > 0 ? { ...train, images: train.images.subarray(n * px0, limit * px0), labels: train.labels.subarray(n, limit), count: held } : null;
  const testCount = Math.min(test.count, options.testLimit ?? test.count);
  const enc = c.encoding;
  const px = enc.rows * enc.cols;
  const readout = c.readout;
  const ffRules = new Set<unknown>(c.ff.rules);
  const ffAttachments = c.ff.network.attachments.filter((a) => ffRules.has(a.rule));
  const wasEnabled = ffAttachments.map((a) => a.enabled);
  const saved = readout.projections.map((p) => Float32Array.from(p.synapses.weights));
  const savedLr = readout.rules.map((r) => r.lr);
  const savedDecay = readout.rules.map((r) => r.weightDecay);
  const savedAdam = readout.rules.map((r) => {
    const a = r.optimiser;
    if (!a) throw new SpecError('readoutRefit', 'the read-out is not bound to a simulator yet (run or evaluate the network once first)');
    return { t: a.t, m: Float32Array.from(a.m), v: Float32Array.from(a.v) };
  });
  const targets = readout.targets;
  const loss: number[] = [];
  const lrs: number[] = [];
  const validation: number[] = [];
  const best = readout.projections.map((p) => new Float32Array(p.synapses.weights.length));
  let keptEpoch = epochs;
  let fitSeconds = 0;
  let testSeconds = 0;
  let right = 0;
  try {
    for (const a of ffAttachments) a.enabled = false;
    // the last rule is the bias's: decay shrinks weights only
    readout.rules.forEach((r, k) => (r.weightDecay = k < readout.rules.length - 1 ? weightDecay : 0));
    for (const p of readout.projections) p.synapses.weights.fill(0);
    for (const r of readout.rules) {
      const a = r.optimiser!;
      r.restore!({ t: 0, m: new Float32Array(a.m.length), v: new Float32Array(a.v.length) });
    }
    const t0 = performance.now();
    // per step: lr0 over the first half of all steps, then linearly down to 0 at the last
    const stepRate = (g: number) => lr0 * Math.min(1, (2 * (epochs * steps - g)) / (epochs * steps));
    for (let e = 0; e < epochs; e++) {
      const lr = schedule === 'step' ? stepRate(e * steps) : cooldownRate(lr0, e, epochs);
      for (const r of readout.rules) r.lr = lr;
      const order = new SeededRandom(options.seed, `ff-readout-refit:${e}`).permutation(n);
      const frame = (t: number, _dt: number, out: Float32Array) => {
        for (let j = 0; j < S; j++) {
          const i = order[t * S + j]!;
          targets[j] = train.labels[i]!;
          enc.apply(train.images, i * px, -1, out, j * px);
        }
      };
      let sum = 0;
      let done = 0;
      const stats = readout.rules[0]!.stats;
      const sub = c.sim.tick$.subscribe(() => {
        sum += stats.loss;
        done++;
        if (schedule === 'step') {
          const next = stepRate(e * steps + done);
          for (const r of readout.rules) r.lr = next;
        }
        if (options.progress && (done % 10 === 0 || done === steps)) options.progress('fit', e * steps + done, epochs * steps, `epoch ${e + 1}/${epochs} loss ${(sum / done).toFixed(4)}`);
      });
      c.sim.reset();
      try {
        c.sim.runSteps({ image: frame }, steps, { record: 'none', learn: true });
      } finally {
        sub.unsubscribe();
      }
      loss.push(sum / steps);
      lrs.push(lr);
      if (heldOut) {
        const acc = linearRight(c, heldOut, held) / held;
        if (validation.length === 0 || acc > Math.max(...validation)) {
          keptEpoch = e + 1;
          readout.projections.forEach((p, k) => best[k]!.set(p.synapses.weights));
        }
        validation.push(acc);
        options.progress?.('fit', (e + 1) * steps, epochs * steps, `epoch ${e + 1}/${epochs} loss ${(sum / steps).toFixed(4)} held-out ${(100 * acc).toFixed(2)}%`);
      }
    }
    if (heldOut) readout.projections.forEach((p, k) => p.synapses.weights.set(best[k]!));
    targets.fill(-1);
    fitSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    let done = 0;
    const testSteps = Math.ceil(testCount / S);
    right = linearRight(c, test, testCount, () => {
      done++;
      if (options.progress && (done % 10 === 0 || done === testSteps)) options.progress('test', done, testSteps, '');
    });
    testSeconds = (performance.now() - t1) / 1000;
  } finally {
    targets.fill(-1);
    readout.projections.forEach((p, k) => p.synapses.weights.set(saved[k]!));
    readout.rules.forEach((r, k) => {
      r.lr = savedLr[k]!;
      r.weightDecay = savedDecay[k]!;
      r.restore!(savedAdam[k]!);
    });
    ffAttachments.forEach((a, k) => (a.enabled = wasEnabled[k]!));
    c.sim.reset();
  }
  return { linear: right / testCount, evaluated: testCount, loss, lr: lrs, images: steps * S, ...(heldOut ? { validation, validationImages: held } : {}), keptEpoch, fitSeconds, testSeconds };
}
