import { Adam } from './adam.js';
import { sigmoid, softplus } from './softplus.js';
import type { Floats } from '../math/productKernels.js';
import type { FFLayer } from '../neurons/ff/ffLayer.js';
import { normAffineReluBackward } from '../neurons/ff/ffLayerNorm.js';
import { SpecError, requirePositive } from '../core/errors.js';
import type { PopulationRule, PopulationView } from './PlasticityRule.js';

/** Options of `forwardForward`. */
export interface ForwardForwardOptions {
  /** Adam step size (default 1e-3); change it between batches through `rule.lr`. */
  lr?: number;
  /**
   * Multiplies the logit g − θ before the sigmoid (default 1). A conv layer's θ is large
   * (C·H·W), so g − θ moves in steps of hundreds and the sigmoid is a hard step; a scale
   * below 1 softens it.
   */
  logitScale?: number;
  /**
   * 'layer' (default, the paper): one goodness Σy² per sample against θ. 'position': a conv
   * layer's goodness split by position (Σ over channels, against θ / positions), each with
   * its own sigmoid and the losses averaged: many local decisions per image instead of one.
   */
  locality?: 'layer' | 'position';
  /**
   * Keep the layer's parameters as they are: the rule still measures its loss and separation
   * (stats) but takes no step. The FF-CNN paper leaves layer 1 out of the network loss; with
   * gradients kept inside each layer that is a layer frozen at its initial weights.
   */
  frozen?: boolean;
  /**
   * 'threshold' (default, the paper): softplus(∓s·(g − θ)) per positive/negative sample.
   * 'paired': the i-th positive and the i-th negative in the batch are the same image with its
   * true and a wrong label; the loss softplus(−s·(g_pos − g_neg)) per pair (Lee & Song's
   * symmetric FF loss) asks only that the true label win, with no θ to calibrate. With
   * locality 'position' each position's goodness is compared with the same position's.
   */
  loss?: FFLossKind;
}

/** The local loss of a Forward-Forward layer: against a threshold θ, or positive against its paired negative. */
export type FFLossKind = 'threshold' | 'paired';

/** What one batch taught the layer: the loss and how well goodness separated the two kinds. */
export interface ForwardForwardStats {
  /** Mean over positives of softplus(−s) plus mean over negatives of softplus(s). */
  loss: number;
  /** Share of signed samples on the right side of θ (positives above, negatives below). */
  accuracy: number;
  /** Mean goodness of the positive samples. */
  meanPositive: number;
  /** Mean goodness of the negative samples. */
  meanNegative: number;
  /**
   * Share of pairs (i-th positive, i-th negative: the same image with its true and a wrong
   * label) in which the positive has the larger goodness — whether the layer's goodness
   * carries the label, whatever θ is (NaN unless the batch has as many positives as negatives).
   */
  pairAccuracy: number;
}

/**
 * The layer-local loss of one sample with goodness g and sign ±1: softplus(−sign·scale·(g − θ)).
 * For a positive this is softplus(−(g − θ)), for a negative softplus(g − θ).
 */
export function ffSampleLoss(g: number, theta: number, sign: number, scale = 1): number {
  return softplus(-sign * scale * (g - theta));
}

/**
 * The loss of a layer on one batch and its gradient with respect to the layer's output
 * y (for the rectified units; zero where y = 0): ∂L/∂y = ∂L/∂g · 2y. Samples are weighted
 * so that positives and negatives each contribute their mean. Returns the loss.
 */
export function ffLossGradient(
  y: Floats,
  units: number,
  signs: ArrayLike<number>,
  batch: number,
  theta: number,
  scale: number,
  dy: Floats | null,
  stats?: ForwardForwardStats,
  groupSize = units,
  kind: FFLossKind = 'threshold',
): number {
  if (kind === 'paired') return pairedLossGradient(y, units, signs, batch, scale, dy, stats, groupSize);
  const groups = units / groupSize;
  const thetaGroup = theta / groups;
  let nPos = 0;
  let nNeg = 0;
  for (let b = 0; b < batch; b++) {
    if (signs[b]! > 0) nPos++;
    else if (signs[b]! < 0) nNeg++;
  }
  let loss = 0;
  let right = 0;
  let gPos = 0;
  let gNeg = 0;
  for (let b = 0; b < batch; b++) {
    const sign = signs[b]!;
    const o = b * units;
    if (sign === 0) {
      if (dy) for (let i = 0; i < units; i++) dy[o + i] = 0;
      continue;
    }
    const weight = 1 / (sign > 0 ? nPos : nNeg);
    let g = 0;
    for (let q = 0; q < groups; q++) {
      // one goodness per group (the whole layer, or one position's channels), each its own sigmoid
      const oq = o + q * groupSize;
      let gq = 0;
      for (let i = 0; i < groupSize; i++) gq += y[oq + i]! * y[oq + i]!;
      g += gq;
      const s = sign * scale * (gq - thetaGroup);
      loss += (weight / groups) * softplus(-s);
      if (dy) {
        const dLdg = (-weight / groups) * sign * scale * sigmoid(-s);
        for (let i = 0; i < groupSize; i++) dy[oq + i] = 2 * dLdg * y[oq + i]!;
      }
    }
    if (sign * (g - theta) > 0) right++;
    if (sign > 0) gPos += g;
    else gNeg += g;
  }
  if (stats) {
    stats.loss = loss;
    stats.accuracy = nPos + nNeg > 0 ? right / (nPos + nNeg) : Number.NaN;
    stats.meanPositive = nPos > 0 ? gPos / nPos : Number.NaN;
    stats.meanNegative = nNeg > 0 ? gNeg / nNeg : Number.NaN;
    stats.pairAccuracy = pairAccuracy(y, units, signs, batch);
  }
  return loss;
}

/** Goodness Σy² of sample b. */
/** Goodness Σ y² of sample `b` of a layer of `units` units (y batch-major): the one definition the rule, inference and hard negatives share. */
export function goodnessOf(y: Floats, units: number, b: number): number {
  let g = 0;
  for (let i = b * units; i < (b + 1) * units; i++) g += y[i]! * y[i]!;
  return g;
}

/** The signed samples in batch order, positives and negatives apart; null unless there are as many of each. */
function pairsOf(signs: ArrayLike<number>, batch: number): { pos: number[]; neg: number[] } | null {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let b = 0; b < batch; b++) {
    if (signs[b]! > 0) pos.push(b);
    else if (signs[b]! < 0) neg.push(b);
  }
  return pos.length > 0 && pos.length === neg.length ? { pos, neg } : null;
}

function pairAccuracy(y: Floats, units: number, signs: ArrayLike<number>, batch: number): number {
  const p = pairsOf(signs, batch);
  if (!p) return Number.NaN;
  let right = 0;
  for (let i = 0; i < p.pos.length; i++) if (goodnessOf(y, units, p.pos[i]!) > goodnessOf(y, units, p.neg[i]!)) right++;
  return right / p.pos.length;
}

/**
 * The 'paired' loss: mean over pairs of softplus(−s·(g_pos − g_neg)), and ∂L/∂y = ∂L/∂g · 2y.
 * With groups smaller than the layer (locality 'position') each group of the positive is
 * compared with the same group of its negative, and the mean is also over groups.
 */
function pairedLossGradient(y: Floats, units: number, signs: ArrayLike<number>, batch: number, scale: number, dy: Floats | null, stats: ForwardForwardStats | undefined, groupSize: number): number {
  const p = pairsOf(signs, batch);
  if (!p) throw new SpecError('forwardForward.loss', "'paired' needs as many positives as negatives in the batch (the i-th of each is one image)");
  if (dy) for (let i = 0; i < batch * units; i++) dy[i] = 0;
  const P = p.pos.length;
  const groups = units / groupSize;
  let loss = 0;
  let right = 0;
  let gPos = 0;
  let gNeg = 0;
  for (let i = 0; i < P; i++) {
    const a = p.pos[i]!;
    const b = p.neg[i]!;
    const ga = goodnessOf(y, units, a);
    const gb = goodnessOf(y, units, b);
    gPos += ga;
    gNeg += gb;
    if (ga > gb) right++;
    for (let q = 0; q < groups; q++) {
      const oa = a * units + q * groupSize;
      const ob = b * units + q * groupSize;
      let gqa = 0;
      let gqb = 0;
      for (let k = 0; k < groupSize; k++) {
        gqa += y[oa + k]! * y[oa + k]!;
        gqb += y[ob + k]! * y[ob + k]!;
      }
      const s = scale * (gqa - gqb);
      loss += softplus(-s) / (P * groups);
      if (dy) {
        const dLdg = (-scale * sigmoid(-s)) / (P * groups);
        for (let k = 0; k < groupSize; k++) {
          dy[oa + k] = 2 * dLdg * y[oa + k]!;
          dy[ob + k] = -2 * dLdg * y[ob + k]!;
        }
      }
    }
  }
  if (stats) {
    stats.loss = loss;
    stats.accuracy = right / P;
    stats.meanPositive = gPos / P;
    stats.meanNegative = gNeg / P;
    stats.pairAccuracy = right / P;
  }
  return loss;
}

/** The Forward-Forward rule of one layer, with the state a trainer reads and sets. */
export type ForwardForwardRule = PopulationRule & {
  /** Adam step size, read at every update (the trainer's schedule writes it). */
  lr: number;
  /** Multiplies the logit g − θ before the sigmoid. */
  readonly logitScale: number;
  /** True when the rule only measures (no step): see `ForwardForwardOptions.frozen`. */
  readonly frozen: boolean;
  /** This batch's loss and separation (after the last update). */
  readonly stats: ForwardForwardStats;
  /** The optimiser state, for checkpoints (gain and shift: 'norm-relu' layers only). */
  readonly optimisers: {
    /** Adam state of the weights. */
    readonly weights: Adam;
    /** Adam state of the bias. */
    readonly bias: Adam;
    /** Adam state of the gain. */
    readonly gain?: Adam;
    /** Adam state of the shift. */
    readonly shift?: Adam;
  };
};

/**
 * Forward-Forward training of one layer (Hinton 2022): raise the goodness Σy² of positive
 * samples above θ and push that of negatives below, by the local loss
 * softplus(−(g_pos − θ)) + softplus(g_neg − θ), with Adam. The rule is attached to the
 * layer's population and sees only its input `x`, its output `y`, its own weights and the
 * routed modulator: +1 for a positive sample, −1 for a negative one, 0 for a sample to leave
 * alone (e.g. a neutral-label pass for a read-out). The gradient never leaves the layer.
 * Signed samples must come first in the batch: the update stops at the last signed one.
 */
export function forwardForward(layer: FFLayer, options: ForwardForwardOptions = {}): ForwardForwardRule {
  const scale = requirePositive('forwardForward.logitScale', options.logitScale ?? 1);
  const locality = options.locality ?? 'layer';
  if (locality !== 'layer' && locality !== 'position') throw new SpecError('forwardForward.locality', `expected 'layer' or 'position', got '${String(locality)}'`);
  const groupSize = locality === 'position' ? layer.positionSize : layer.units;
  const { weights, bias, gain, shift } = layer.parameters;
  const lr0 = options.lr ?? 1e-3;
  const frozen = options.frozen ?? false;
  const lossKind = options.loss ?? 'threshold';
  if (lossKind !== 'threshold' && lossKind !== 'paired') throw new SpecError('forwardForward.loss', `expected 'threshold' or 'paired', got '${String(lossKind)}'`);
  const affine = layer.order === 'norm-relu';
  if (affine && (!gain || !shift)) throw new SpecError('forwardForward', `a 'norm-relu' layer needs parameters gain and shift`);
  const optimisers = {
    weights: new Adam(weights, { lr: lr0 }),
    bias: new Adam(bias, { lr: lr0 }),
    ...(affine ? { gain: new Adam(gain!, { lr: lr0 }), shift: new Adam(shift!, { lr: lr0 }) } : {}),
  };
  const dW = new Float32Array(weights.length);
  const db = new Float32Array(bias.length);
  const dGain = new Float32Array(affine ? gain!.length : 0);
  const dShift = new Float32Array(affine ? shift!.length : 0);
  let dy = new Float32Array(0);
  const stats: ForwardForwardStats = { loss: Number.NaN, accuracy: Number.NaN, meanPositive: Number.NaN, meanNegative: Number.NaN, pairAccuracy: Number.NaN };
  const rule: ForwardForwardRule = {
    attach: 'population',
    name: 'forwardForward',
    lr: optimisers.weights.lr,
    logitScale: scale,
    frozen,
    stats,
    optimisers,
    init(view: PopulationView) {
      if (view.parameters.weights !== weights) {
        throw new SpecError('forwardForward', 'attach the rule to the population of the layer it was made for');
      }
      dy = new Float32Array(view.self.size * view.self.batch);
    },
    onStep(view: PopulationView) {
      const signs = view.modulator;
      if (!signs || signs.length < view.self.batch) {
        throw new SpecError('forwardForward.modulator', `route a sign per sample (+1 positive, −1 negative, 0 none): need ${view.self.batch} values`);
      }
      let active = 0;
      for (let b = 0; b < view.self.batch; b++) if (signs[b] !== 0) active = b + 1;
      if (active === 0) return;
      ffLossGradient(view.self.output, layer.units, signs, active, layer.theta, scale, frozen ? null : dy, stats, groupSize, lossKind);
      if (frozen) return;
      // ReLU: dz = dy where y > 0, and dy is already 0 where y = 0; on the simulator's backend, like the forward
      if (affine) {
        // the paper's order: back through ReLU, gain/shift and the norm, still inside the layer
        const ns = layer.normState!;
        normAffineReluBackward(dy, ns.u, ns.invRms, gain!, dGain, dShift, layer.units, layer.positionSize, active);
      }
      layer.weightGrad(view.self.input.x!, dy, active, dW, db, view.kernels);
      optimisers.weights.lr = rule.lr;
      optimisers.bias.lr = rule.lr;
      optimisers.weights.step(dW);
      optimisers.bias.step(db);
      if (optimisers.gain && optimisers.shift) {
        optimisers.gain.lr = rule.lr;
        optimisers.shift.lr = rule.lr;
        optimisers.gain.step(dGain);
        optimisers.shift.step(dShift);
      }
    },
    describe() {
      return { rule: 'forwardForward', lr: rule.lr, logitScale: scale, locality, theta: layer.theta, order: layer.order, loss: lossKind, ...(frozen ? { frozen } : {}) };
    },
  };
  return rule;
}
