import { Adam } from './adam.js';
import { SpecError, requireNonNegative, requirePositive } from '../core/errors.js';
import type { DenseRule, ProjectionView, RuleState } from './PlasticityRule.js';
import type { DenseSynapses } from '../synapses/Connectivity.js';

/** Options of `softmaxDelta`. */
export interface SoftmaxDeltaOptions {
  /** Adam step size (default 1e-3); change it between batches through `rule.lr`. */
  lr?: number;
  /** Decoupled weight decay of the Adam step (AdamW; default 0); change it through `rule.weightDecay`. */
  weightDecay?: number;
}

/** What the last update saw. */
export interface SoftmaxDeltaStats {
  /** Mean cross-entropy over the samples that had a target (NaN before the first update). */
  loss: number;
  /** Samples with a target in the last update. */
  samples: number;
}

/** The rule `softmaxDelta` returns: a dense-projection rule with its step size, last loss and optimiser. */
export type SoftmaxDeltaRule = DenseRule & {
  /** Adam step size, read at every update. */
  lr: number;
  /** Decoupled weight decay (AdamW), read at every update. */
  weightDecay: number;
  /** The last update's loss and sample count. */
  readonly stats: SoftmaxDeltaStats;
  /** The optimiser of this projection's weights (null until the simulator binds the rule). */
  readonly optimiser: Adam | null;
};

/**
 * The delta rule of a softmax read-out, trained by cross-entropy with Adam: the post units
 * hold the logits z (a linear population summing its dense inputs), and for every sample
 * with a target class y the weight from pre unit i to class j moves by the gradient
 * ∂L/∂w_ij = x_i · (softmax(z)_j − [j = y]) / n, averaged over the n samples with a target.
 * The target per sample is the routed modulator (the class index, or −1: leave the sample
 * alone). Everything it uses is local: pre activity, post activity, its weights, the target.
 * A bias is a dense projection from a unit that is always 1, with the same rule.
 */
export function softmaxDelta(options: SoftmaxDeltaOptions = {}): SoftmaxDeltaRule {
  const lr0 = requirePositive('softmaxDelta.lr', options.lr ?? 1e-3);
  const wd0 = requireNonNegative('softmaxDelta.weightDecay', options.weightDecay ?? 0);
  let adam: Adam | null = null;
  let dW = new Float32Array(0);
  let dz = new Float32Array(0);
  let rows: { x: Float32Array; lo: number; hi: number; xs: Float32Array; dzs: Float32Array } = { x: dz, lo: -1, hi: -1, xs: dz, dzs: dz };
  const stats: SoftmaxDeltaStats = { loss: Number.NaN, samples: 0 };
  const rule: SoftmaxDeltaRule = {
    attach: 'projection',
    name: 'softmaxDelta',
    kinds: ['dense'],
    lr: lr0,
    weightDecay: wd0,
    stats,
    get optimiser() {
      return adam;
    },
    init(view: ProjectionView<DenseSynapses>) {
      const w = view.synapses.weights;
      if (adam?.params !== w) adam = new Adam(w, { lr: rule.lr });
      dW = new Float32Array(w.length);
      dz = new Float32Array(view.post.size * view.post.batch);
      rows = { x: dz, lo: -1, hi: -1, xs: dz, dzs: dz };
    },
    onStep(view: ProjectionView<DenseSynapses>) {
      const targets = view.modulator;
      const batch = view.post.batch;
      if (!targets || targets.length < batch) {
        throw new SpecError('softmaxDelta.modulator', `route a target class per sample (−1: none): need ${batch} values`);
      }
      const C = view.post.size;
      const D = view.pre.size;
      let n = 0;
      for (let b = 0; b < batch; b++) if (targets[b]! >= 0) n++;
      stats.samples = n;
      if (n === 0) return;
      const z = view.post.output;
      const x = view.pre.output;
      let loss = 0;
      for (let b = 0; b < batch; b++) {
        const y = targets[b]!;
        if (y < 0) continue;
        if (!Number.isInteger(y) || y >= C) throw new SpecError('softmaxDelta.modulator', `sample ${b}: target ${y} is not a class of the ${C} post units`);
        const o = b * C;
        let mx = -Infinity;
        for (let c = 0; c < C; c++) mx = Math.max(mx, z[o + c]!);
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(z[o + c]! - mx);
        loss += -(z[o + y]! - mx - Math.log(s));
        for (let c = 0; c < C; c++) dz[o + c] = (Math.exp(z[o + c]! - mx) / s - (c === y ? 1 : 0)) / n;
      }
      stats.loss = loss / n;
      // dW = xᵀ · dz over the rows from the first to the last sample with a target (rows in
      // between without one have dz = 0), on the simulator's backend
      let lo = 0;
      while (targets[lo]! < 0) lo++;
      let hi = batch;
      while (targets[hi - 1]! < 0) hi--;
      for (let b = lo; b < hi; b++) if (targets[b]! < 0) dz.fill(0, b * C, (b + 1) * C);
      if (rows.x !== x || rows.lo !== lo || rows.hi !== hi) rows = { x, lo, hi, xs: x.subarray(lo * D, hi * D), dzs: dz.subarray(lo * C, hi * C) }; // views made once, not per step
      view.kernels.matmul(true, false, D, C, hi - lo, rows.xs, rows.dzs, dW);
      adam!.lr = rule.lr;
      adam!.weightDecay = rule.weightDecay;
      adam!.step(dW);
    },
    describe() {
      return rule.weightDecay > 0 ? { rule: 'softmaxDelta', lr: rule.lr, weightDecay: rule.weightDecay } : { rule: 'softmaxDelta', lr: rule.lr };
    },
    state(): RuleState {
      return adam ? { t: adam.t, m: adam.m, v: adam.v } : {};
    },
    restore(state: RuleState) {
      if (!adam || typeof state.t !== 'number') return;
      adam.t = state.t;
      adam.m.set(asFloats(state.m, adam.m.length));
      adam.v.set(asFloats(state.v, adam.v.length));
    },
  };
  return rule;
}

function asFloats(v: unknown, n: number): Float32Array {
  if (!(v instanceof Float32Array) || v.length !== n) throw new SpecError('softmaxDelta.state', `expected ${n} optimiser values`);
  return v;
}
