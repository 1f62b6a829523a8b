import { ffConv } from '../../neurons/ff/ffConv.js';
import { ffDense } from '../../neurons/ff/ffDense.js';
import type { FFLayer } from '../../neurons/ff/ffLayer.js';
import type { FFLayerOrder } from '../../neurons/ff/ffLayerNorm.js';
import { source } from '../../neurons/source.js';
import { forwardForward, type FFLossKind, type ForwardForwardRule } from '../../plasticity/forwardForward.js';
import { SpecError, requirePositiveInt } from '../../core/errors.js';
import { Network } from '../../sim/Network.js';
import type { Population } from '../../sim/Population.js';
import { oneToOne } from '../../synapses/oneToOne.js';

/** One conv layer of an FF network. */
export interface ConvLayerSpec {
  /** Output channels (filters). */
  channels: number;
  /** Square kernel size. */
  kernel: number;
  /** Stride (default 1). */
  stride?: number;
  /** Zero padding on each side (default: "same" for odd kernels). */
  pad?: number;
}

/** The shape of a Forward-Forward classifier: dense layers of given sizes, or conv layers. */
export type FFArchitecture =
  | {
      /** Dense layers. */
      readonly arch: 'dense';
      /** Units per layer. */
      readonly units: readonly number[];
    }
  | {
      /** Conv layers. */
      readonly arch: 'conv';
      /** The layers, input side first. */
      readonly layers: readonly ConvLayerSpec[];
    };

/** Options of `buildFFNetwork`. */
export interface FFNetworkOptions {
  /** Input image: rows, cols, channels. */
  inputShape: readonly [number, number, number];
  /** Dense or conv layers. */
  architecture: FFArchitecture;
  /** Adam step size of every layer. */
  lr: number;
  /** Scale of the logit g − θ (see `forwardForward`). */
  logitScale: number;
  /** One goodness per layer (the paper) or per position (see `forwardForward`). */
  locality?: 'layer' | 'position';
  /** θ per layer = thetaFactor × units (default 1: the paper's θ = N). */
  thetaFactor?: number;
  /** Seed of the initial weights. */
  seed: number;
  /** Layer order: 'relu-norm' (default) or the paper's 'norm-relu' with a learned gain and shift. */
  order?: FFLayerOrder;
  /** The first `frozenLayers` layers keep their initial weights (their rules only measure); default 0. */
  frozenLayers?: number;
  /** The layers' local loss: 'threshold' (default, the paper) or 'paired' (see `forwardForward`). */
  loss?: FFLossKind;
}

/** A built Forward-Forward network: populations in order, their layers and rules. */
export interface FFNetwork {
  /** The network holding every population below. */
  readonly network: Network;
  /** The labelled images (a source population). */
  readonly input: Population;
  /** One population per layer, in order. */
  readonly populations: readonly Population[];
  /** Each population's layer model. */
  readonly layers: readonly FFLayer[];
  /** Each layer's Forward-Forward rule. */
  readonly rules: readonly ForwardForwardRule[];
  /** The routed modulator every rule reads: +1 positive, −1 negative, 0 neither, per sample. */
  readonly signs: Float32Array;
}

/**
 * Build the network of a Forward-Forward classifier: a source population `image` (written
 * with the labelled image), layers `L1 … Ln` each fed one-to-one with the previous layer's
 * normalised activity `h` (the first with the image), and a `forwardForward` rule on each
 * layer's population, all reading the same routed sign array (length `maxBatch`).
 */
export function buildFFNetwork(o: FFNetworkOptions, maxBatch: number): FFNetwork {
  const [rows, cols, chans] = o.inputShape;
  const net = new Network();
  const input = net.population('image', rows * cols * chans, source());
  const signs = new Float32Array(requirePositiveInt('ffNetwork.batch', maxBatch));
  const layers: FFLayer[] = [];
  const pops: Population[] = [];
  const rules: ForwardForwardRule[] = [];
  const thetaFactor = o.thetaFactor ?? 1;
  const frozen = o.frozenLayers ?? 0;
  if (!Number.isInteger(frozen) || frozen < 0) throw new SpecError('ffNetwork.frozenLayers', `expected a whole number ≥ 0, got ${frozen}`);
  let shape: [number, number, number] = [rows, cols, chans];
  let prev: Population = input;
  const specs = o.architecture.arch === 'dense' ? o.architecture.units : o.architecture.layers;
  if (specs.length === 0) throw new SpecError('ffNetwork.architecture', 'needs at least one layer');
  specs.forEach((spec, k) => {
    const seed = o.seed * 7919 + k;
    let layer: FFLayer;
    if (o.architecture.arch === 'dense') {
      const units = spec as number;
      const nIn = shape[0] * shape[1] * shape[2];
      layer = ffDense({ inputs: nIn, units, seed, theta: thetaFactor * units, order: o.order });
      shape = [1, 1, units];
    } else {
      const c = spec as ConvLayerSpec;
      const probe = ffConv({ inputShape: shape, channels: c.channels, kernel: c.kernel, stride: c.stride, pad: c.pad, seed: 0 });
      layer = ffConv({ inputShape: shape, channels: c.channels, kernel: c.kernel, stride: c.stride, pad: c.pad, seed, theta: thetaFactor * probe.units, order: o.order });
      shape = [probe.geometry.outH, probe.geometry.outW, c.channels];
    }
    const pop = net.population(`L${k + 1}`, layer.units, layer);
    net.connect(prev, pop, oneToOne(), { source: k === 0 ? undefined : 'h' });
    const rule = forwardForward(layer, { lr: o.lr, logitScale: o.logitScale, locality: o.locality, frozen: k < frozen, loss: o.loss });
    net.learn(pop, rule, { modulator: signs });
    layers.push(layer);
    pops.push(pop);
    rules.push(rule);
    prev = pop;
  });
  return { network: net, input, populations: pops, layers, rules, signs };
}
