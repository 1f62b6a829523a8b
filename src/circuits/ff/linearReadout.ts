import { linearRate } from '../../neurons/linearRate.js';
import { softmaxDelta, type SoftmaxDeltaRule } from '../../plasticity/softmaxDelta.js';
import { SpecError, requirePositiveInt } from '../../core/errors.js';
import type { Population } from '../../sim/Population.js';
import type { Projection } from '../../sim/Projection.js';
import { dense } from '../../synapses/dense.js';
import type { FFNetwork } from './ffNetwork.js';

/** Options of `attachLinearReadout`. */
export interface LinearReadoutOptions {
  /** Classes (output units). */
  classes: number;
  /** Adam step size of the read-out's rule. */
  lr: number;
  /** Samples per step (the simulator's batch): the length of the routed target array. */
  maxBatch: number;
  /** Layers read, counted from 0 (default: all but the first; the only one of a one-layer net). */
  layers?: readonly number[];
}

/** A softmax read-out attached to an FF network: its population, projections, rules and target route. */
export interface LinearReadout {
  /** Population `readout`: the logits z, one unit per class (a linear unit summing its inputs). */
  readonly population: Population;
  /** Dense projections from each read layer's normalised activity `h`, then from the bias unit. */
  readonly projections: readonly Projection[];
  /** One `softmaxDelta` rule per projection, all reading `targets`. */
  readonly rules: readonly SoftmaxDeltaRule[];
  /** The routed modulator: the class to learn per sample, −1 for samples to leave alone. */
  readonly targets: Float32Array;
  /** The layers read (counted from 0). */
  readonly layers: readonly number[];
  /** Units of the read layers in total (rows of the stacked weight matrix). */
  readonly features: number;
  /** Classes (units of `population`). */
  readonly classes: number;
}

/**
 * Attach a linear read-out to an FF network: a population `readout` of one linear unit per
 * class, dense projections into it from the normalised activity `h` of the read layers and
 * from a unit `readout-bias` that is always 1 (the bias), all starting at 0, and on each a
 * `softmaxDelta` rule reading the routed target per sample. It learns beside the network: the
 * layers never see its gradient. Call before the network is compiled (before the Simulator).
 */
export function attachLinearReadout(ff: FFNetwork, options: LinearReadoutOptions): LinearReadout {
  const classes = requirePositiveInt('linearReadout.classes', options.classes);
  const L = ff.layers.length;
  const layers = options.layers ?? (L > 1 ? Array.from({ length: L - 1 }, (_, k) => k + 1) : [0]);
  if (layers.length === 0) throw new SpecError('linearReadout.layers', 'read at least one layer');
  for (const k of layers) if (!Number.isInteger(k) || k < 0 || k >= L) throw new SpecError('linearReadout.layers', `layer ${k} is not one of the ${L} layers (0 … ${L - 1})`);
  const targets = new Float32Array(requirePositiveInt('linearReadout.maxBatch', options.maxBatch)).fill(-1);
  const net = ff.network;
  const population = net.population('readout', classes, linearRate());
  const bias = net.population('readout-bias', 1, linearRate({ bias: 1 }));
  const projections: Projection[] = [];
  const rules: SoftmaxDeltaRule[] = [];
  const connect = (from: Population, source?: string) => {
    const p = net.connect(from, population, dense({ weights: 0 }), source ? { source } : {});
    const rule = softmaxDelta({ lr: options.lr });
    net.learn(p, rule, { modulator: targets });
    projections.push(p);
    rules.push(rule);
  };
  for (const k of layers) connect(ff.populations[k]!, 'h');
  connect(bias);
  const features = layers.reduce((s, k) => s + ff.layers[k]!.units, 0);
  return { population, projections, rules, targets, layers, features, classes };
}

/** The read-out's weights as one [features × classes] matrix (read layers stacked in order) and its bias. */
export function readoutParameters(r: LinearReadout): {
  /** Weights, [features][classes]. */
  weights: Float32Array;
  /** Bias per class. */
  bias: Float32Array;
} {
  const weights = new Float32Array(r.features * r.classes);
  let off = 0;
  for (const p of r.projections.slice(0, -1)) {
    weights.set(p.synapses.weights, off);
    off += p.synapses.weights.length;
  }
  return { weights, bias: Float32Array.from(r.projections.at(-1)!.synapses.weights) };
}
