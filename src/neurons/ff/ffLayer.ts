import type { Floats, ProductKernels } from '../../math/productKernels.js';
import { SpecError } from '../../core/errors.js';
import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../NeuronModel.js';
import { normAffineRelu, type FFLayerOrder } from './ffLayerNorm.js';

/**
 * A Forward-Forward layer: a population whose units compute y = ReLU(W·x̂ + b) from the
 * layer's input channel `x` (the previous layer's normalised activity, or the labelled
 * image) normalised to x̂ = x / sqrt(mean(x²)) in place, and pass on only the direction of
 * y: h = y / sqrt(mean(y²)) per sample.
 * Its goodness is Σ y², compared with the threshold θ (default: the number of units).
 * Weights and bias are the model's parameters; the `forwardForward` rule trains them.
 */
export interface FFLayer extends NeuronModel {
  readonly kind: 'ffDense' | 'ffConv';
  /** Units N (= population size): outputs per sample. */
  readonly units: number;
  /** Units per spatial position (channels of a conv layer; all units of a dense one). */
  readonly positionSize: number;
  /** Inputs per sample. */
  readonly inputSize: number;
  /** Goodness threshold θ. */
  readonly theta: number;
  /**
   * 'relu-norm' (default): y = ReLU(W·x̂ + b). 'norm-relu' (the paper's order): z = W·x̂ + b is
   * RMS-normalised over the sample, then y = ReLU(gain·ẑ + shift) with a learned gain and shift
   * per channel (parameters `gain`, `shift`; see ffLayerNorm.ts).
   */
  readonly order: FFLayerOrder;
  /** The learned arrays the rule updates in place. */
  readonly parameters: {
    /** Weights, in the layer's layout (dense: [inputs][units]; conv: HWIO). */
    readonly weights: Float32Array;
    /** Bias per unit (dense) or per channel (conv). */
    readonly bias: Float32Array;
    /** 'norm-relu' only: learned gain per channel. */
    readonly gain?: Float32Array;
    /** 'norm-relu' only: learned shift per channel. */
    readonly shift?: Float32Array;
  };
  /** 'norm-relu' only: the normalised pre-activation ẑ and 1/rms per sample of the latest step (for the gradient). */
  normState: {
    /** The normalised pre-activation ẑ. */
    u: Float32Array;
    /** 1 / rms per sample. */
    invRms: Float32Array;
  } | null;
  /**
   * z = W·x + b for `batch` samples (any precision: gradient checks use float64), with the
   * product on `kernels` (in a simulator: its backend's, `StepContext.kernels`).
   */
  linear(x: Floats, batch: number, w: Floats, b: Floats, z: Floats, kernels: ProductKernels): void;
  /**
   * dW = Σ_b (∂z/∂W)ᵀ dz_b and db = Σ_b dz_b over the first `batch` samples (overwrites), with
   * the product on `kernels` (the forwardForward rule passes its view's, the simulator's backend).
   */
  weightGrad(x: Floats, dz: Floats, batch: number, dW: Floats, db: Floats, kernels: ProductKernels): void;
}

/** y = ReLU(z) in place, then h = y / sqrt(mean y² + ε) per sample: the length stays in y only. */
export function rectifyAndNormalise(y: Float32Array, h: Float32Array, units: number, batch: number): void {
  for (let b = 0; b < batch; b++) {
    const o = b * units;
    let s = 0;
    for (let i = 0; i < units; i++) {
      const v = y[o + i]! > 0 ? y[o + i]! : 0;
      y[o + i] = v;
      s += v * v;
    }
    const inv = 1 / Math.sqrt(s / units + 1e-8);
    for (let i = 0; i < units; i++) h[o + i] = y[o + i]! * inv;
  }
}

/** x / sqrt(mean x² + ε) per sample, in place: a layer sees only the direction of its input. */
export function normaliseRows(x: Float32Array, n: number, batch: number): void {
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += x[o + i]! * x[o + i]!;
    const inv = 1 / Math.sqrt(s / n + 1e-8);
    for (let i = 0; i < n; i++) x[o + i] = x[o + i]! * inv;
  }
}

/** Add the bias (one per channel, channels fastest) to `rows` rows of `channels` values. */
export function addBias(z: Floats, bias: Floats, rows: number, channels: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * channels;
    for (let c = 0; c < channels; c++) z[o + c] = z[o + c]! + bias[c]!;
  }
}

/** db[c] = Σ over rows of dz[r][c]. */
export function sumRows(dz: Floats, rows: number, channels: number, db: Floats): void {
  db.fill(0);
  for (let r = 0; r < rows; r++) {
    const o = r * channels;
    for (let c = 0; c < channels; c++) db[c] = db[c]! + dz[o + c]!;
  }
}

/** What a layer kind supplies; `ffLayerModel` adds the population-facing parts all kinds share. */
export type FFLayerCore = Omit<FFLayer, 'variables' | 'inputs' | 'output' | 'spiking' | 'init' | 'step' | 'normState'>;

/**
 * The NeuronModel side of a layer: state `y` (output) and `h` (normalised, for the next
 * layer), input channel `x`, and the step normalise input → linear → ReLU → normalise output.
 */
export function ffLayerModel<L extends FFLayerCore>(core: L): L & FFLayer {
  const layer = core as L & FFLayer;
  Object.assign(layer, {
    variables: ['y', 'h'],
    inputs: ['x'],
    output: 'y',
    spiking: false,
    normState: null,
    init(state: StateArrays) {
      state.y!.fill(0);
      state.h!.fill(0);
    },
    step(state: StateArrays, inputs: InputArrays, ctx: StepContext) {
      if (!ctx.kernels) throw new SpecError(`${layer.kind}.step`, 'needs the product kernels of a backend (StepContext.kernels): step the layer in a Simulator');
      return ffForward(layer, state, inputs, ctx.batch, ctx.kernels);
    },
  });
  return layer;
}

/** A layer's step on given kernels: normalise the input, linear, (norm + gain, 'norm-relu' only), ReLU, normalise the output. */
export function ffForward(layer: FFLayer, state: StateArrays, inputs: InputArrays, batch: number, kernels: ProductKernels): number {
  normaliseRows(inputs.x!, layer.inputSize, batch);
  layer.linear(inputs.x!, batch, layer.parameters.weights, layer.parameters.bias, state.y!, kernels);
  if (layer.order === 'norm-relu') {
    const { gain, shift } = layer.parameters;
    let ns = layer.normState;
    // grown only when the batch grows (the hot loop reuses it)
    if (!ns || ns.invRms.length < batch) ns = layer.normState = { u: new Float32Array(batch * layer.units), invRms: new Float32Array(batch) };
    normAffineRelu(state.y!, ns.u, ns.invRms, gain!, shift!, state.y!, layer.units, layer.positionSize, batch);
  }
  rectifyAndNormalise(state.y!, state.h!, layer.units, batch);
  return 0;
}
